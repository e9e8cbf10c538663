"""The case keeps copies of moments of its history (for the statistics at county scale), always equal to the lines."""
import importlib
from datetime import timedelta

from django.apps import apps
from django.db import connection

from cases import clock
from cases import workflow as wf
from cases.models import Case
from tests.factories import make_case_world, walk_case

MOMENTS = ("accepted_at", "first_dispatched_at", "first_claimed_at", "rejected", "is_record")


def first_line(case, transition):
    return case.events.filter(transition=transition).order_by("at", "pk").values_list("at", flat=True).first()


def moments(case):
    case = Case.objects.get(pk=case.pk)
    return {name: getattr(case, name) for name in MOMENTS}


def expected(case):
    return {"accepted_at": first_line(case, "accept"), "first_dispatched_at": first_line(case, "dispatch"),
            "first_claimed_at": first_line(case, "claim"), "rejected": case.events.filter(transition="reject").exists(),
            "is_record": case.events.filter(transition="file_record").exists()}


def test_the_case_keeps_the_time_of_its_first_accept_dispatch_and_claim_not_the_later_ones(db):
    world = make_case_world()
    case = walk_case(world, world.new_case(), ["accept", "dispatch"])
    clock.travel(timedelta(hours=2))
    case = walk_case(world, case, ["claim"])
    case = wf.case_return(case=case, by=world.post_a, reason="不属于本队")
    clock.travel(timedelta(hours=3))
    case = walk_case(world, case, ["dispatch", "claim"])
    assert case.events.filter(transition="dispatch").count() == 2
    assert moments(case) == expected(case)
    took = moments(case)["first_claimed_at"] - moments(case)["first_dispatched_at"]
    assert round(took.total_seconds()) == 2 * 3600  # the first claim, two hours after the first dispatch


def test_a_case_not_accepted_and_a_record_filed_at_once_are_marked_so(db):
    world = make_case_world()
    rejected = walk_case(world, world.new_case(), ["reject"])
    record = wf.case_file_record(case=world.new_case())
    assert (moments(rejected)["rejected"], moments(rejected)["is_record"]) == (True, False)
    assert (moments(record)["rejected"], moments(record)["is_record"]) == (False, True)
    assert moments(walk_case(world, world.new_case(), ["accept"]))["rejected"] is False


class Editor:
    """What a migration's function is given, for running it outside ``migrate``."""

    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_migration_fills_the_moments_of_cases_already_there_from_their_history(db):
    world = make_case_world()
    cases = [walk_case(world, world.new_case(), steps) for steps in
             (["accept", "dispatch", "claim", "resolve"], ["reject"], ["accept"], [])]
    cases.append(wf.case_file_record(case=world.new_case()))
    stamped = [moments(case) for case in cases]
    Case.objects.update(accepted_at=None, first_dispatched_at=None, first_claimed_at=None, rejected=False,
                        is_record=False)
    assert moments(cases[0])["accepted_at"] is None
    migration = importlib.import_module("cases.migrations.0012_case_history_moments_for_statistics")
    migration.backfill(apps, Editor())
    assert [moments(case) for case in cases] == stamped == [expected(case) for case in cases]
