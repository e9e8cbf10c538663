"""The public results board (成绩晒单), on cases counted by hand.

The county 镇赉县 → street 镇赉镇 → community 幸福社区 (grids 1 and 2), and a second community 和平社区 (one grid):

==============  =========================================================================  ==================
where           cases, all received this month                                             category
==============  =========================================================================  ==================
幸福社区 grid 1   5 resolved on time and rated 5; 1 just submitted                          pipes (6)
幸福社区 grid 1   2 just submitted                                                          roads (2)
和平社区 grid     3 just submitted                                                          pipes
镇赉镇 itself     6 just submitted                                                          pipes
==============  =========================================================================  ==================

幸福社区: received 8, resolved 5, 办结率 5/8 = 62.5 %, 按期 5/5, 满意 5/5 with 参评 5/5; roads (2) is "<5",
so pipes (6) is hidden with it ("*"): 8 − 6 would give the 2 back. 和平社区: 3 cases, "<5", no rate.
镇赉镇: received 17; its rows 幸福社区 8, 和平社区 3 ("<5") and the street itself 6, hidden with it ("*").
"""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import clock
from cases.form_settings import set_case_settings
from cases.summaries import case_publish_summary
from cases.workflow import CaseActionError
from organisation.constants import RegionLevel
from organisation.models import Region
from statistics_app.board.suppression import hide_parts, rate
from statistics_app.measures import Ratio
from tests.factories import make_case, make_case_world, make_category, make_form, walk_case

pytestmark = pytest.mark.django_db

RESOLVED_AND_RATED = ["accept", "dispatch", "claim", "resolve", "evaluate"]
NAME, PHONE = "王秀英", "13912345678"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    w = make_case_world()
    w.roads = make_category(code="roads", name="道路维修")
    w.peace = Region.objects.get(pk=w.street.pk).add_child(code="M2", name="和平社区", level=RegionLevel.COMMUNITY)
    w.peace_grid = Region.objects.get(pk=w.peace.pk).add_child(code="G3", name="和平第一网格", level=RegionLevel.GRID)
    for _ in range(5):
        walk_case(w, w.new_case(created_at=clock.now()), RESOLVED_AND_RATED)
    w.new_case(created_at=clock.now())
    for _ in range(2):
        w.new_case(created_at=clock.now(), category=w.roads)
    for _ in range(3):
        w.new_case(region=w.peace_grid, created_at=clock.now())
    for _ in range(6):
        w.new_case(region=w.street, created_at=clock.now())
    return w


def board(client, region=None, **headers):
    url = reverse("results_board_region", args=[region.pk]) if region else reverse("results_board")
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:500]
    return response


def shown(cells):
    return [str(cell) for cell in cells]


# -- suppression, by hand ---------------------------------------------------------------------------------


@pytest.mark.parametrize("values, prefer, hidden", [
    ([7, 0, 12], (), set()),                 # nothing small, zeros are nobody
    ([8, 2], (), {0, 1}),                    # 8 + 2 = total: hiding the 2 alone gives it back
    ([8, 3, 6], (2,), {1, 2}),               # the preferred complement (cases at the parent itself)
    ([4, 10, 20], (), {0, 1}),               # the smallest other cell
    ([2, 3, 9], (), {0, 1}),                 # two small cells already add up to 5
    ([1, 1, 1], (), {0, 1, 2}),              # everything small: the total (3) is small too
])
def test_hidden_cells_of_a_table_always_add_up_to_at_least_the_threshold(values, prefer, hidden):
    assert hide_parts(values, 5, prefer) == hidden


@pytest.mark.parametrize("part, whole, text", [
    (5, 8, "62.5%"), (0, 6, "0.0%"),    # a base of 5 or more, a part that is nobody or not small
    (4, 4, "—"),                        # too small a base
    (1, 5, "—"), (4, 40, "—"),          # 20 % of the 5 shown would give back the hidden 1
])
def test_a_rate_is_shown_only_over_enough_cases_and_when_it_gives_no_small_count_back(part, whole, text):
    assert str(rate(Ratio(part, whole), 5)) == text


def test_a_rate_whose_part_is_hidden_as_a_complement_is_not_shown():
    assert str(rate(Ratio(6, 8), 5, part_hidden=True)) == "—"


# -- the figures ------------------------------------------------------------------------------------------


def test_a_community_board_shows_its_figures_as_counted_by_hand(client, world):
    response = board(client, world.community)
    figures = response.context["board"]["figures"]
    assert (str(figures["received"]), str(figures["resolved"])) == ("8", "5")
    assert (str(figures["resolution_rate"]), str(figures["on_time_rate"])) == ("62.5%", "100.0%")
    assert (str(figures["satisfaction"]), str(figures["response_rate"])) == ("100.0%", "100.0%")
    assert figures["median_to_resolve"] is not None
    html = response.content.decode()
    assert "62.5%" in html and "数据截至" in html
    assert "幸福社区及所辖各地受理的事项" in html  # the period sentence names the region


def test_the_trend_counts_this_months_cases_and_draws_every_month(client, world):
    board_data = board(client, world.community).context["board"]
    assert len(board_data["trend"]) == 12
    assert (str(board_data["trend"][-1]["received"]), str(board_data["trend"][-1]["resolved"])) == ("8", "5")
    assert all(str(row["received"]) == "0" for row in board_data["trend"][:-1])


def test_a_community_with_five_cases_and_one_resolved_does_not_say_so_by_its_rate(client, world):
    world.dispatcher = world.street_dispatcher  # 和平社区 is outside the community dispatcher's reach
    walk_case(world, world.new_case(region=world.peace_grid, created_at=clock.now()), RESOLVED_AND_RATED)
    world.new_case(region=world.peace_grid, created_at=clock.now())
    figures = board(client, world.peace).context["board"]["figures"]
    # received 5, resolved 1: 办结率 1/5 = 20 % would say that one was resolved; 参评率 1/1 has too small a base
    assert (str(figures["received"]), str(figures["resolved"]), str(figures["resolution_rate"])) == ("5", "<5", "—")
    assert figures["response_rate"].hidden and figures["satisfaction"].hidden


def test_a_community_with_fewer_than_five_cases_shows_less_than_five_and_no_rates(client, world):
    response = board(client, world.peace)
    figures = response.context["board"]["figures"]
    assert str(figures["received"]) == "<5" and str(figures["resolved"]) == "0"
    assert all(figures[key].hidden for key in ("resolution_rate", "on_time_rate", "satisfaction", "response_rate"))
    assert figures["median_to_resolve"] is None
    html = response.content.decode()
    assert "&lt;5" in html and "太少" in html
    trend = response.context["board"]["trend"][-1]
    assert str(trend["received"]) == "<5"
    bars = [bar for bar in response.context["chart"]["bars"] if bar.hidden]
    assert len(bars) == 1 and bars[0].series == "received"


def test_the_category_mix_hides_a_small_category_and_the_one_that_would_give_it_back(client, world):
    response = board(client, world.community)
    rows = {row["label"]: str(row["received"]) for row in response.context["board"]["categories"]}
    assert rows == {"管道维修": "*", "道路维修": "<5"}
    assert all(row["share"] is None for row in response.context["board"]["categories"])
    table = response.content.decode().split('id="board-categories"')[1].split("</table>")[0]
    assert ">6<" not in table and ">2<" not in table and "75%" not in table and "25%" not in table


def test_a_street_hides_a_small_community_with_the_cases_at_the_street_itself(client, world):
    response = board(client, world.street)
    rows = {(row["region"].name if row["region"] else None): (str(row["received"]), str(row["resolved"]))
            for row in response.context["board"]["regions"]}
    assert rows == {"幸福社区": ("8", "5"), "和平社区": ("<5", "0"), None: ("*", "0")}
    assert str(response.context["board"]["figures"]["received"]) == "17"


def test_a_grid_right_below_a_street_is_counted_with_the_cases_at_the_street_itself(client, world):
    grid = Region.objects.get(pk=world.street.pk).add_child(code="Z9", name="镇直网格", level=RegionLevel.GRID)
    for _ in range(2):
        world.new_case(region=grid, created_at=clock.now())
    rows = {(row["region"].name if row["region"] else None): str(row["received"])
            for row in board(client, world.street).context["board"]["regions"]}
    assert rows == {"幸福社区": "8", "和平社区": "<5", None: "*"}  # 6 + 2 at the street and its grid


def test_a_community_lists_no_places_below_it(client, world):
    assert board(client, world.community).context["board"]["regions"] == []


def test_a_hidden_month_is_drawn_at_the_threshold_whatever_its_value(client, world):
    lone = Region.objects.get(pk=world.street.pk).add_child(code="M3", name="长安社区", level=RegionLevel.COMMUNITY)
    world.new_case(region=lone, created_at=clock.now())

    def bars(region):
        response = board(client, region)
        svg = response.content.decode().split("<svg")[1].split("</svg>")[0]
        return response.context["chart"], [line for line in svg.split("<") if line.startswith("rect class")]

    chart, three = bars(world.peace)
    _, one = bars(lone)
    # the scale is the threshold (nothing larger is shown): the hidden bar fills the plot, for 3 as for 1
    assert chart["top"] == 5 and [bar.height for bar in chart["bars"] if bar.hidden] == [chart["baseline"] - 12]
    assert three == one


# -- navigation and bad addresses -------------------------------------------------------------------------


def test_the_board_starts_at_the_county_and_leads_down_to_a_community_and_back_up(client, world):
    html = board(client).content.decode()
    assert reverse("results_board_region", args=[world.street.pk]) in html
    html = board(client, world.street).content.decode()
    assert reverse("results_board_region", args=[world.community.pk]) in html
    html = board(client, world.community).content.decode()
    assert reverse("results_board_region", args=[world.county.pk]) in html  # the breadcrumb
    assert reverse("results_board_region", args=[world.grid1.pk]) not in html  # grids have no page


def test_the_home_page_links_to_the_results_board(client, world):
    from tests.factories import forms_index

    html = client.get(forms_index().url).content.decode()
    assert 'href="/results/"' in html


@pytest.mark.parametrize("path", ["/results/abc/", "/results/0/", "/results/99999999/",
                                  "/results/1234567890123456789/", "/results/%00/"])
def test_an_unknown_region_is_not_found(client, world, path):
    assert client.get(path).status_code == 404


def test_a_grid_has_no_board_of_its_own(client, world):
    assert client.get(reverse("results_board_region", args=[world.grid1.pk])).status_code == 404


@pytest.mark.parametrize("value, status", [("abc", 400), ("", 400), ("-1", 400), ("１２", 400),
                                           ("99999999999999999999", 400), ("99999999", 404)])
def test_a_bad_choice_of_region_is_answered_with_a_client_error(client, world, value, status):
    assert client.get(reverse("results_board"), {"region": value}).status_code == status


def test_the_region_picker_goes_to_the_chosen_region(client, world):
    response = client.get(reverse("results_board"), {"region": str(world.peace.pk)})
    assert response.status_code == 302 and response["Location"] == f"/results/{world.peace.pk}/"


def test_the_board_is_only_read(client, world):
    assert client.post(reverse("results_board")).status_code == 405


# -- cached, per language ---------------------------------------------------------------------------------


def test_the_board_is_cached_and_says_as_of_when(client, world):
    first = board(client, world.community).context["board"]
    world.new_case(created_at=clock.now())
    again = board(client, world.community).context["board"]
    assert str(again["figures"]["received"]) == "8" and again["as_of"] == first["as_of"]
    cache.clear()
    assert str(board(client, world.community).context["board"]["figures"]["received"]) == "9"


def test_the_cache_does_not_serve_one_languages_page_to_another(client, world):
    chinese = board(client, world.community).content.decode()
    english = board(client, world.community, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies["django_language"] = "en"
    cookie_english = board(client, world.community).content.decode()
    assert "成绩晒单" in chinese and "Results board" not in chinese
    assert "Results board" in cookie_english and "Not categorised" not in cookie_english
    assert "Data as of" in cookie_english and "数据截至" not in cookie_english
    assert english  # the header alone is not how the site picks a language; the cookie is


def test_a_page_costs_the_same_queries_however_many_regions_and_categories(client, world):
    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            board(client, world.street)
        return len(captured)

    before = queries()
    for n in range(4):
        community = Region.objects.get(pk=world.street.pk).add_child(code=f"MX{n}", name=f"新社区{n}",
                                                                     level=RegionLevel.COMMUNITY)
        grid = Region.objects.get(pk=community.pk).add_child(code=f"GX{n}", name=f"新网格{n}", level=RegionLevel.GRID)
        category = make_category(code=f"cx{n}", name=f"新类别{n}")
        for _ in range(6):
            world.new_case(region=grid, category=category, created_at=clock.now())
    assert queries() == before


# -- recently resolved matters ----------------------------------------------------------------------------


@pytest.fixture
def published(world):
    """A form that publishes on the board, asking for the resident's name (personal) and phone."""
    form = make_form([("姓名", "singleline", {"personal": True}), ("联系电话", "mobile"), ("问题描述", "multiline")],
                     title="路灯报修", slug="lu-deng", publish_on_board=True)
    fields = {f.label: f.field_id for f in form.form_fields.all()}
    answers = {fields["姓名"]: NAME, fields["联系电话"]: PHONE, fields["问题描述"]: f"{NAME}家门口路灯不亮，电话{PHONE}"}
    case = make_case(form, world.grid1, answers, category=world.category, created_at=clock.now())
    world.published_form = form
    return walk_case(world, case, RESOLVED_AND_RATED)


def test_an_approved_summary_of_an_opted_in_form_is_listed_with_category_community_and_month(client, world,
                                                                                            published):
    case_publish_summary(case=published, summary="路灯不亮，已更换灯泡", by=world.dispatcher)
    recent = board(client, world.county).context["board"]["recent"]
    assert [(r["summary"], r["category"], r["place"]) for r in recent] == [("路灯不亮，已更换灯泡", "管道维修", "幸福社区")]
    html = board(client, world.community).content.decode()
    assert "路灯不亮，已更换灯泡" in html and "第一网格" not in html


def test_no_matter_is_listed_before_its_summary_is_approved_nor_from_a_form_that_does_not_opt_in(client, world,
                                                                                                 published):
    assert board(client, world.county).context["board"]["recent"] == []
    other = walk_case(world, world.new_case(created_at=clock.now()), RESOLVED_AND_RATED)
    with pytest.raises(CaseActionError):
        case_publish_summary(case=other, summary="水管已修好", by=world.dispatcher)
    assert board(client, world.county).context["board"]["recent"] == []


def test_the_residents_name_and_phone_never_appear_on_the_board(client, world, published):
    case_publish_summary(case=published, summary="路灯不亮，已更换灯泡", by=world.supervisor)
    for region in (None, world.county, world.street, world.community):
        cache.clear()
        html = board(client, region).content.decode()
        assert NAME not in html and PHONE not in html and PHONE[-4:] not in html


@pytest.mark.parametrize("summary", [f"{NAME}反映路灯不亮，已修复", "路灯已修复，联系139 1234 5678", "110105194912310021 已办"])
def test_a_summary_with_personal_data_is_refused(world, published, summary):
    with pytest.raises(CaseActionError):
        case_publish_summary(case=published, summary=summary, by=world.dispatcher)
    published.refresh_from_db()
    assert published.public_summary_approved_at is None and published.public_summary == ""


def test_only_a_dispatcher_or_supervisor_of_the_case_may_publish_its_summary(world, published):
    with pytest.raises(CaseActionError) as refused:
        case_publish_summary(case=published, summary="路灯已修复", by=world.handler)
    assert refused.value.code == "forbidden"


def test_approving_and_withdrawing_a_summary_are_lines_of_the_history(world, published):
    case = case_publish_summary(case=published, summary="路灯已修复", by=world.supervisor)
    assert (case.public_summary_approved_by, case.public_summary) == (world.supervisor, "路灯已修复")
    case = case_publish_summary(case=case, summary="", by=world.supervisor)
    assert case.public_summary_approved_at is None
    lines = list(case.events.filter(transition__in=["publish_summary", "withdraw_summary"]).values_list(
        "transition", "actor", "note", "public"))
    assert lines == [("publish_summary", world.supervisor.pk, "路灯已修复", False),
                     ("withdraw_summary", world.supervisor.pk, "", False)]


def test_a_reopened_matter_leaves_the_board_until_approved_again(client, world, published):
    from cases import workflow as wf

    case = case_publish_summary(case=published, summary="路灯已修复", by=world.supervisor)
    wf.case_reopen(case=case, by=world.supervisor, reason="复查未通过")
    assert board(client, world.county).context["board"]["recent"] == []


def test_the_workbench_case_page_has_the_summary_form_and_approves_from_it(client, world, published):
    url = reverse("cases_workbench_case", args=[published.pk])
    client.force_login(world.dispatcher)
    assert 'name="public-summary"' in client.get(url).content.decode()
    post = reverse("cases_workbench_public_summary", args=[published.pk])
    response = client.post(post, {"public-summary": f"联系{PHONE}"})
    assert response.status_code == 400
    response = client.post(post, {"public-summary": "路灯已修复"})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.public_summary == "路灯已修复" and published.public_summary_approved_by == world.dispatcher
    client.force_login(world.handler)
    assert 'name="public-summary"' not in client.get(url).content.decode()
    assert client.post(post, {"public-summary": "改掉"}).status_code in (403, 404)


def test_a_form_that_does_not_opt_in_shows_no_summary_form(client, world):
    case = walk_case(world, world.new_case(created_at=clock.now()), RESOLVED_AND_RATED)
    client.force_login(world.dispatcher)
    html = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert 'name="public-summary"' not in html
    set_case_settings  # the Handling panel's setting (cases.form_settings.FIELDS) is what the fixture above sets


def test_staff_find_the_public_board_in_the_statistics_menu(client, world):
    client.force_login(world.county_supervisor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "results-board" in html and "/results/" in html
