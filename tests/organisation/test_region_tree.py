"""The region tree in the admin: add, rename, move, retire and restore, delete — what may not be done is refused
with a message (a region with cases is retired, not deleted or moved), and every change is in the audit log."""
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cases.admin.forms import form_for
from forms_app.constants import FieldType
from organisation.constants import RegionLevel
from organisation.models import Region
from organisation.regions import RegionError, region_change, region_delete
from tests.factories import hold_post, make_form, make_member, make_staff, walk_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.invalid", "pw-test-123")
    client.force_login(user)
    return user


def actions(region):
    return list(ModelLogEntry.objects.filter(object_id=str(region.pk)).values_list("action", flat=True))


def test_an_administrator_adds_a_grid_and_a_building_below_it_from_the_tree(client, admin, case_world):
    w = case_world
    response = client.post(reverse("organisation_region_add"), {
        "parent": w.community.pk, "name": "第三网格", "code": "G3", "level": RegionLevel.GRID})
    assert response.status_code == 302
    grid = Region.objects.get(code="G3")
    assert grid.get_parent() == w.community and actions(grid) == ["govforms.region_add"]
    client.post(reverse("organisation_region_add"), {
        "parent": grid.pk, "name": "3号楼", "code": "G3-B3", "level": RegionLevel.BUILDING})
    assert Region.objects.get(code="G3-B3").get_parent() == grid


def test_a_level_that_does_not_fit_under_its_parent_is_refused_beside_the_form(client, admin, case_world):
    response = client.post(reverse("organisation_region_add"), {
        "parent": case_world.county.pk, "name": "错层网格", "code": "GX", "level": RegionLevel.GRID})
    assert response.status_code == 400
    assert "cannot sit under" in response.content.decode() or "不能" in response.content.decode()
    assert not Region.objects.filter(code="GX").exists()
    taken = client.post(reverse("organisation_region_add"), {
        "parent": case_world.community.pk, "name": "重复", "code": "G1", "level": RegionLevel.GRID})
    assert taken.status_code == 400 and Region.objects.filter(code="G1").count() == 1


def test_renaming_a_region_with_cases_keeps_its_cases_and_their_paths(client, admin, case_world):
    w = case_world
    case = w.new_case(region=w.grid1)
    response = client.post(reverse("organisation_region_edit", args=[w.grid1.pk]), {
        "parent": w.community.pk, "name": "幸福第一网格", "code": "G1", "level": RegionLevel.GRID})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.region.name == "幸福第一网格" and case.region_path == Region.objects.get(code="G1").path
    assert actions(w.grid1) == ["govforms.region_change"]


def test_a_subtree_with_cases_cannot_move_but_one_without_can(admin, case_world):
    w = case_world
    other = Region.objects.get(pk=w.street.pk).add_child(code="M2", name="丹凤社区", level=RegionLevel.COMMUNITY)
    w.new_case(region=w.grid1)
    with pytest.raises(RegionError, match="第一网格"):
        region_change(region=w.grid1, name="第一网格", code="G1", level=RegionLevel.GRID, parent=other, by=admin)
    moved = region_change(region=w.grid2, name="第二网格", code="G2", level=RegionLevel.GRID, parent=other, by=admin)
    assert moved.get_parent() == other and moved.path.startswith(other.path)
    assert Region.objects.get(code="G1").get_parent() == w.community  # untouched
    with pytest.raises(RegionError):
        region_change(region=w.community, name="幸福社区", code="M1", level=RegionLevel.COMMUNITY,
                      parent=Region.objects.get(code="G1"), by=admin)  # under its own grid


def test_a_retired_grid_keeps_its_cases_and_is_offered_neither_to_forms_nor_for_dispatch(client, admin, case_world):
    w = case_world
    case = walk_case(w, w.new_case(region=w.grid2), ["accept"])
    page = make_form([("所在网格", FieldType.REGION)], title="报事", slug="bao-shi")
    assert "第二网格" in client.get(page.url).content.decode()
    response = client.post(reverse("organisation_region_retire", args=[w.grid2.pk]), {"action": "retire"})
    assert response.status_code == 302
    assert Region.objects.get(pk=w.grid2.pk).retired and actions(w.grid2) == ["govforms.region_retire"]
    assert "第二网格" not in client.get(page.url).content.decode()
    assert "第一网格" in client.get(page.url).content.decode()
    from cases import machine

    field = machine.TRANSITIONS["dispatch"].input("to").field_name
    offered = form_for("dispatch")(case=case, user=admin).fields[field].queryset
    assert w.team_b not in offered and w.team_a in offered
    case.refresh_from_db()
    assert case.region_id == w.grid2.pk
    assert client.get(reverse("cases_workbench_case", args=[case.pk])).status_code == 200
    client.post(reverse("organisation_region_retire", args=[w.grid2.pk]), {"action": "restore"})
    assert not Region.objects.get(pk=w.grid2.pk).retired


def test_retiring_a_community_retires_its_grids_and_a_grid_is_restored_only_under_a_live_community(admin, case_world):
    from organisation.regions import region_retire

    w = case_world
    region_retire(region=w.community, by=admin)
    assert set(Region.objects.filter(retired=True).values_list("code", flat=True)) == {"M1", "G1", "G2"}
    with pytest.raises(RegionError):
        region_retire(region=w.grid1, by=admin, retired=False)


def test_a_region_with_cases_or_teams_cannot_be_deleted_but_an_empty_leaf_can(client, admin, case_world):
    w = case_world
    w.new_case(region=w.grid1)
    for region in (w.grid1, w.grid2, w.community):  # a case; a team; regions under it
        response = client.post(reverse("organisation_region_delete", args=[region.pk]))
        assert response.status_code == 400, region.name
        assert Region.objects.filter(pk=region.pk).exists()
    leaf = Region.objects.get(pk=w.grid1.pk).add_child(code="B1", name="1号楼", level=RegionLevel.BUILDING)
    assert client.post(reverse("organisation_region_delete", args=[leaf.pk])).status_code == 302
    assert not Region.objects.filter(code="B1").exists()
    assert ModelLogEntry.objects.filter(action="govforms.region_delete", object_id=str(leaf.pk)).exists()


def test_a_region_where_staff_work_is_not_deleted_with_their_memberships(admin, case_world):
    from organisation.constants import StaffRole

    w = case_world
    leaf = Region.objects.get(pk=w.grid1.pk).add_child(code="B1", name="1号楼", level=RegionLevel.BUILDING)
    make_member(StaffRole.DISPATCHER, region=leaf, username="building_dispatcher")
    with pytest.raises(RegionError):
        region_delete(region=leaf, by=admin)


def test_the_tree_shows_each_teams_post_holders_and_grid_workers(client, admin, case_world):
    from organisation.constants import StaffRole

    w = case_world
    second = make_member(StaffRole.HANDLER, department=w.team_a, username="post_a2")
    second.last_name, second.first_name = "钱", "丽"
    second.save()
    hold_post(w.team_a, second, "a")
    page = client.get(reverse("organisation_regions")).content.decode()
    assert "第一网格服务队" in page and "钱丽" in page and "post_b" in page


def test_staff_without_region_permissions_do_not_reach_the_tree(client, case_world):
    clerk = make_staff(page_permissions=(), username="clerk")
    client.force_login(clerk)
    for response in (client.get(reverse("organisation_regions")), client.get(reverse("organisation_region_add")),
                     client.post(reverse("organisation_region_retire", args=[case_world.grid1.pk]),
                                 {"action": "retire"})):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not Region.objects.get(pk=case_world.grid1.pk).retired
    clerk.groups.first().permissions.add(Permission.objects.get(codename="change_region"))
    clerk = type(clerk).objects.get(pk=clerk.pk)
    client.force_login(clerk)
    page = client.get(reverse("organisation_regions"))
    assert page.status_code == 200 and not page.context["may_add"] and not page.context["may_delete"]


def test_bad_addresses_and_actions_answer_404_not_500(client, admin, case_world):
    assert client.get(reverse("organisation_region_edit", args=[10**17])).status_code == 404
    assert client.post(reverse("organisation_region_retire", args=[case_world.grid1.pk]),
                       {"action": "explode"}).status_code == 404
    assert client.get(reverse("organisation_region_retire", args=[case_world.grid1.pk])).status_code == 405


def test_the_department_form_gives_a_post_several_holders_and_refuses_one_person_on_both(client, admin, case_world):
    w = case_world
    from organisation.constants import StaffRole

    second = make_member(StaffRole.HANDLER, department=w.team_a, username="post_a2")
    response = client.post(reverse("organisation_department_modeladmin_edit", args=[w.team_a.pk]), {
        "name": w.team_a.name, "code": w.team_a.code, "region": w.grid1.pk, "claim_window_hours": 4,
        "a_holders": [w.post_a.pk, second.pk], "b_holders": [w.post_b.pk]})
    assert response.status_code == 302, response.context["form"].errors
    assert w.team_a.post_holders() == {w.post_a.pk: "a", second.pk: "a", w.post_b.pk: "b"}
    assert ModelLogEntry.objects.filter(action="govforms.posts_change", object_id=str(w.team_a.pk)).exists()
    both = client.post(reverse("organisation_department_modeladmin_edit", args=[w.team_a.pk]), {
        "name": w.team_a.name, "code": w.team_a.code, "region": w.grid1.pk, "claim_window_hours": 4,
        "a_holders": [w.post_a.pk], "b_holders": [w.post_a.pk]})
    assert both.status_code == 200 and both.context["form"].errors
