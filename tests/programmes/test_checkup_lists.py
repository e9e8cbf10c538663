"""The demo's check-up lists are the seeds' two documents: 80 measures for the city's communities, 70 for the villages,
grouped by the six themes (六治), each weighted, 100 points a list, and the forms say which items were written for
the demo."""
from config.demo_checkup_lists import CHECKUP_FORMS, RURAL, URBAN, checkup_form_fields, items

SIX = ["一、基层政权治理", "二、公共安全管理", "三、队伍优化治理", "四、民生服务治理", "五、环境卫生治理", "六、道德文明治理"]


def test_the_city_has_80_measures_and_the_countryside_70_grouped_by_the_six_themes():
    assert len(items(URBAN)) == 80 and len(items(RURAL)) == 70
    assert [theme for theme, _ in URBAN] == SIX == [theme for theme, _ in RURAL]


def test_every_measure_is_weighted_and_each_list_counts_100_points():
    for checklist in (URBAN, RURAL):
        weights = [weight for _, _, weight in items(checklist)]
        assert all(weight > 0 for weight in weights) and sum(weights) == 100
        texts = [text for _, text, _ in items(checklist)]
        assert len(set(texts)) == len(texts), "no measure twice"


def test_the_forms_are_inspections_whose_intro_says_which_items_were_written_for_the_demo():
    assert [form["slug"] for form in CHECKUP_FORMS] == ["tijian", "tijian-xiangcun"]
    for form in CHECKUP_FORMS:
        assert form["workflow"] == "inspection" and "拟定的示例" in form["intro"]
        fields = form["fields"]()
        assert sum(1 for f in fields if f.field_type == "checkupitem") in (80, 70)
        assert sum(1 for f in fields if f.field_type == "section") == 6
    assert len(checkup_form_fields(URBAN, "社区网格")) == 2 + 6 + 80 + 3
