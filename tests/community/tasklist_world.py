"""A small organisation for the task-list tests: the case world (county → street → community → grids, team A
in grid 1, team B in grid 2, a community supervisor and a county one), a task list of the community
supervisor's, and report files kept in each test's private folder."""
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import clock
from tests.factories import make_case_world, png_file


@pytest.fixture(autouse=True)
def _task_files_private(settings):
    """TaskFile resolved its storage when the model loaded: point it at this test's private folder."""
    from django.core.files.storage import storages

    from community.models import TaskFile

    field = TaskFile._meta.get_field("file")
    original, field.storage = field.storage, storages["private"]
    yield
    field.storage = original


@pytest.fixture(autouse=True)
def _clock():
    clock.reset()
    yield
    clock.reset()


def in_days(days):
    return (clock.now() + timedelta(days=days)).date()


def photo(name="现场照片.png"):
    return png_file(name)


def fake_photo(name="现场照片.png"):
    """An executable named like a photo."""
    return SimpleUploadedFile(name, b"MZ\x90\x00 not an image", content_type="image/png")


def make_task_world():
    """The case world plus a task list issued by the community supervisor."""
    from community.tasklists import services

    world = make_case_world()
    world.task_list = services.tasklist_issue(by=world.supervisor, region=world.community, title="创城攻坚",
                                              period="2026年12月", description="楼道清理与消防通道整治")
    return world


def assign(world, *, unit=None, responsible=None, days=7, title="清理楼道杂物", by=None):
    from community.tasklists import services

    return services.task_assign(task_list=world.task_list, by=by or world.supervisor, title=title,
                                unit=unit or world.team_a, responsible=responsible or world.post_a,
                                due_on=in_days(days))
