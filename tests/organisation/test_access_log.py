"""The record of access: Wagtail's site history shows a supervisor the entries of their region, nobody
can change or delete an entry."""
import pytest
from django.urls import reverse

from cases.constants import RevealReason
from organisation.constants import StaffRole
from organisation.models import AccessLogEntry
from tests.cases.test_workbench import workbench_world
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return workbench_world()


def reveal(client, user, case):
    client.force_login(user)
    assert client.post(reverse("cases_workbench_reveal", args=[case.pk]),
                       {"reveal-reason": RevealReason.CONTACT}).status_code == 200


def history(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    return response.status_code, response.content.decode()


def test_a_supervisor_reads_the_record_of_their_region_and_not_of_another(client, world):
    grid1 = make_member(StaffRole.SUPERVISOR, region=world.regions["第一网格"], personal_data=True)
    grid2 = make_member(StaffRole.SUPERVISOR, region=world.regions["第二网格"], personal_data=True)
    here, there = world.new_case(), world.new_case(region=world.regions["第二网格"])
    reveal(client, world.supervisor, here)  # the county supervisor
    reveal(client, world.supervisor, there)
    status, html = history(client, grid1)
    assert status == 200 and here.reference in html and there.reference not in html
    status, html = history(client, grid2)
    assert status == 200 and there.reference in html and here.reference not in html
    status, html = history(client, world.supervisor)
    assert here.reference in html and there.reference in html
    assert AccessLogEntry.objects.viewable_by_user(world.handler1).count() == 0


def test_the_site_history_export_holds_the_entries_the_reader_may_see(client, world):
    case = world.new_case()
    reveal(client, world.supervisor, case)
    client.force_login(world.supervisor)
    response = client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert case.reference in content


def test_an_entry_can_be_neither_changed_nor_deleted(world, client):
    case = world.new_case()
    reveal(client, world.supervisor, case)
    entry = AccessLogEntry.objects.get()
    entry.data = {"reason": "rewritten"}
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AccessLogEntry.objects.get().data["reason"] == RevealReason.CONTACT


def test_an_entry_about_the_signed_in_user_is_kept_although_request_user_is_lazy(rf, world):
    """django-otp wraps request.user in a lazy object; Wagtail's registry used to drop entries about it."""
    from django.utils.functional import SimpleLazyObject
    from wagtail.models import ModelLogEntry

    from organisation import audit

    lazy = SimpleLazyObject(lambda: world.supervisor)
    audit.record(lazy, "govforms.search_id", user=lazy, hits=1)
    entry = ModelLogEntry.objects.get(action="govforms.search_id")
    assert (entry.user_id, entry.object_id) == (world.supervisor.pk, str(world.supervisor.pk))
