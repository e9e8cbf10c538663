"""The tasks' transition table, walked: every transition from every state, allowed exactly where the table says,
by exactly whom it says; the state field cannot be set by hand; the architecture document lists every transition."""
from pathlib import Path

import pytest
from django_fsm import can_proceed

from community.models import Task
from community.models.task_machine import TRANSITIONS, TaskState
from community.tasklists import services

from .tasklist_world import _clock, _task_files_private, assign, make_task_world  # noqa: F401

pytestmark = pytest.mark.django_db

EXPECTED = {  # transition: (from, to)
    "report_done": ({TaskState.OPEN}, TaskState.DONE),
    "accept": ({TaskState.DONE}, TaskState.ACCEPTED),
    "send_back": ({TaskState.DONE}, TaskState.OPEN),
}
WALK = {TaskState.OPEN: [], TaskState.DONE: ["report_done"], TaskState.ACCEPTED: ["report_done", "accept"]}


def walk(world, task, steps):
    run = {
        "report_done": lambda t: services.task_report_done(task=t, by=world.post_a, report="已完成"),
        "accept": lambda t: services.task_accept(task=t, by=world.supervisor),
    }
    for step in steps:
        task = run[step](task)
    return Task.objects.get(pk=task.pk)


def test_the_table_is_the_design():
    assert {name: (set(t.source), t.target) for name, t in TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize("state", list(TaskState))
@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_transition_is_possible_only_from_its_sources(state, name):
    world = make_task_world()
    task = walk(world, assign(world), WALK[state])
    assert task.state == state
    assert can_proceed(getattr(task, name)) == (state in EXPECTED[name][0])


@pytest.mark.parametrize("name, allowed, refused", [
    ("report_done", ["post_a", "post_b"], ["handler_b", "supervisor", "dispatcher"]),
    ("accept", ["supervisor", "county_supervisor"], ["post_a", "handler_b", "dispatcher"]),
    ("send_back", ["supervisor", "county_supervisor"], ["post_a", "post_b", "dispatcher"]),
])
def test_each_transition_is_taken_only_by_whom_the_table_says(name, allowed, refused):
    world = make_task_world()
    task = walk(world, assign(world), [] if name == "report_done" else ["report_done"])
    spec = TRANSITIONS[name]
    assert [who for who in allowed if spec.permission(task, getattr(world, who))] == allowed
    assert [who for who in refused if spec.permission(task, getattr(world, who))] == []


def test_the_state_cannot_be_set_by_hand():
    world = make_task_world()
    task = assign(world)
    with pytest.raises(AttributeError):
        task.state = TaskState.ACCEPTED


def test_the_architecture_document_lists_every_task_transition():
    text = (Path(__file__).resolve().parents[2] / "docs" / "architecture.md").read_text()
    table = text[text.index("| task transition |"):]
    for name in TRANSITIONS:
        assert f"| `{name}` |" in table, name
