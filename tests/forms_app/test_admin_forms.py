"""Editors build forms in the real Wagtail admin: validation on save, drafts, preview, publish, permissions."""
import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from forms_app.constants import DEFAULT_UPLOAD_TYPES, FieldType
from forms_app.models import FormField, FormPage
from tests.factories import forms_index, make_staff, make_submission
from tests.factories.forms import grant_reading

FIELD_DEFAULTS = {
    "id": "",
    "label": "",
    "field_type": FieldType.SINGLELINE,
    "help_text": "",
    "choices": "",
    "default_value": "",
    "placeholder": "",
    "pattern": "",
    "pattern_message": "",
    "weight": "1",
    "max_upload_mb": "10",
    "upload_types": DEFAULT_UPLOAD_TYPES,
    "show_when_field": "",
    "show_when_operator": "equals",
    "show_when_value": "",
}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def question(label, field_type=FieldType.SINGLELINE, **extra):
    return {**FIELD_DEFAULTS, "label": label, "field_type": field_type, **extra}


HANDLING_DEFAULTS = {"id": "", "workflow": "handling", "reference_prefix": "", "deadline_hours": "",
                     "deadline_starts": "dispatch", "pass_mark": "", "category_question": "", "default_category": ""}


def handling_rows(slug, handling):
    """The *Handling* panel (the form's case settings): the page's own row when it exists already."""
    from cases.models import FormCaseSettings

    row = FormCaseSettings.objects.filter(page__slug=slug).first()
    values = {**HANDLING_DEFAULTS, **(handling or {})}
    if row is None:
        return inline_formset([values])
    return inline_formset([{**values, "id": row.pk}], initial=1)


def page_data(fields, *, title="居民诉求", slug="ju-min-su-qiu", initial=0, publish=True, rules=None, handling=None,
              **settings):
    data = {
        "title": title,
        "slug": slug,
        "intro": rich_text(""),
        "confirmation_text": rich_text(""),
        "privacy_notice": rich_text(""),
        "kind": "request",
        "allow_anonymous": "on",
        "daily_limit": "10",
        "opens_at": "",
        "closes_at": "",
        "form_fields": inline_formset(fields, initial=initial),
        "case_settings": handling_rows(slug, handling),
        "document_rules": inline_formset(rules or []),
    }
    data.update(settings)
    data = {key: value for key, value in data.items() if value is not None}
    if publish:
        data["action-publish"] = "action-publish"
    return nested_form_data(data)


def add_url():
    return reverse("wagtailadmin_pages:add", args=("forms_app", "formpage", forms_index().pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def field_errors(response):
    """Errors per question, and the page's own, from a re-rendered editor."""
    form = response.context["form"]
    return form.errors, [dict(f.errors) for f in form.formsets["form_fields"].forms]


def create(client, fields, **kwargs):
    response = client.post(add_url(), page_data(fields, **kwargs))
    assert response.status_code == 302, field_errors(response)
    return FormPage.objects.get(slug=kwargs.get("slug", "ju-min-su-qiu"))


def existing(page):
    """The editor's view of a page's current questions, as inline formset rows."""
    rows = []
    for f in FormPage.objects.get(pk=page.pk).get_latest_revision_as_object().form_fields.all():
        rows.append({**FIELD_DEFAULTS, **{k: getattr(f, k) if getattr(f, k) is not None else ""
                                          for k in FIELD_DEFAULTS}, "id": f.pk or ""})
    return rows


@pytest.fixture
def superuser_client(client, admin_user):
    client.force_login(admin_user)
    return client


# Rules -----------------------------------------------------------------------


def test_a_rule_naming_an_earlier_question_by_label_is_stored_as_its_field_id(superuser_client, db):
    page = create(superuser_client, [
        question("是否需要上门", FieldType.RADIO, choices="是\n否"),
        question("上门地址", show_when_field="是否需要上门", show_when_value="是"),
    ])
    address = page.form_fields.get(label="上门地址")
    assert address.show_when_field == "shi_fou_xu_yao_shang_men"


def test_a_rule_naming_an_earlier_question_by_id_is_kept(superuser_client, db):
    page = create(superuser_client, [
        question("是否需要上门", FieldType.RADIO, choices="是\n否"),
        question("上门地址", show_when_field="shi_fou_xu_yao_shang_men", show_when_operator="answered"),
    ])
    assert page.form_fields.get(label="上门地址").show_when_field == "shi_fou_xu_yao_shang_men"


@pytest.mark.parametrize("controller", ["上门地址", "不存在的问题"])
def test_a_rule_must_name_an_earlier_question(superuser_client, db, controller):
    response = superuser_client.post(add_url(), page_data([
        question("是否需要上门", FieldType.RADIO, choices="是\n否", show_when_field=controller,
                 show_when_operator="answered"),
        question("上门地址"),
    ]))
    assert response.status_code == 200
    _page, fields = field_errors(response)
    assert "is not the label or id of an earlier question" in str(fields[0]["show_when_field"])
    assert not FormPage.objects.exists()


def test_a_rule_comparing_values_needs_a_value(superuser_client, db):
    response = superuser_client.post(add_url(), page_data([
        question("是否需要上门", FieldType.RADIO, choices="是\n否"),
        question("上门地址", show_when_field="是否需要上门"),
    ]))
    assert "show_when_value" in field_errors(response)[1][1]


# Question settings -------------------------------------------------------------


@pytest.mark.parametrize(
    "extra, field, message",
    [
        ({"pattern": "([a-z"}, "pattern", "not a valid regular expression"),
        ({"field_type": FieldType.NUMBER, "min_value": "10", "max_value": "2"}, "max_value", "must not be below"),
        ({"min_length": "10", "max_length": "2"}, "max_length", "must not be below"),
        ({"field_type": FieldType.DROPDOWN, "choices": "  "}, "choices", "List the choices"),
        ({"field_type": FieldType.RADIO}, "choices", "List the choices"),
        ({"field_type": FieldType.FILE, "upload_types": "jpg,exe"}, "upload_types", "Accepted types must be among"),
        ({"field_type": FieldType.FILE, "upload_types": ""}, "upload_types", ""),
    ],
)
def test_invalid_question_settings_are_refused_with_a_message_on_that_setting(superuser_client, db, extra, field,
                                                                                message):
    response = superuser_client.post(add_url(), page_data([question("问题", **extra)]))
    assert response.status_code == 200
    _page, fields = field_errors(response)
    assert field in fields[0]
    assert message in str(fields[0][field])
    assert not FormPage.objects.exists()


def test_valid_question_settings_are_saved(superuser_client, db):
    page = create(superuser_client, [
        question("人数", FieldType.NUMBER, min_value="1", max_value="99"),
        question("门牌号", pattern=r"\d+-\d+", pattern_message="如 3-201"),
        question("照片", FieldType.FILE, upload_types="jpg, png"),
    ])
    assert [f.clean_name for f in page.get_form_fields()] == ["ren_shu", "men_pai_hao", "zhao_pian"]


# Form settings -----------------------------------------------------------------


def test_a_form_without_anonymous_submissions_needs_a_mobile_question(superuser_client, db):
    response = superuser_client.post(add_url(), page_data([question("姓名")], allow_anonymous=None))
    page_errors, _fields = field_errors(response)
    assert "needs a mobile phone question" in str(page_errors["allow_anonymous"])

    page = create(superuser_client, [question("姓名"), question("手机号", FieldType.MOBILE)], allow_anonymous=None)
    assert page.allow_anonymous is False


def test_the_closing_time_must_be_after_the_opening_time(superuser_client, db):
    response = superuser_client.post(add_url(), page_data(
        [question("姓名")], opens_at="2026-05-01 09:00", closes_at="2026-04-01 09:00"))
    page_errors, _fields = field_errors(response)
    assert "closing time must be after the opening time" in str(page_errors["closes_at"])

    page = create(superuser_client, [question("姓名")], opens_at="2026-04-01 09:00", closes_at="2026-05-01 09:00")
    assert page.closes_at > page.opens_at


# Editors and permissions ------------------------------------------------------


def test_an_editor_can_create_a_draft_preview_it_and_publish_it(client, db):
    editor = make_staff()  # like the demo's 表单编辑 group: add, change, publish on the forms index
    client.force_login(editor)
    response = client.post(add_url(), page_data([question("姓名"), question("手机号", FieldType.MOBILE)],
                                                publish=False))
    assert response.status_code == 302, field_errors(response)
    page = FormPage.objects.get(slug="ju-min-su-qiu")
    assert not page.live
    assert page.get_latest_revision().user == editor

    data = page_data(existing(page), initial=2, publish=False)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert client.post(preview_url, data).json()["is_valid"] is True
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "姓名" in preview.content.decode()

    response = client.post(edit_url(page), page_data(existing(page), initial=2))
    assert response.status_code == 302, field_errors(response)
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_an_editor_sees_a_forms_answers_only_once_a_group_of_theirs_may_read_them(client, db):
    editor = make_staff()
    client.force_login(editor)
    page = create(client, [question("姓名")])
    make_submission(page, {"xing_ming": "张三"})
    url = reverse("wagtailforms:list_submissions", args=[page.pk])
    assert client.get(url).status_code in (302, 403)
    grant_reading(page, editor.groups.get())
    response = client.get(url)
    assert response.status_code == 200
    assert "张三" in response.content.decode()


def test_staff_without_page_permission_can_neither_edit_a_form_nor_see_its_submissions(superuser_client, client,
                                                                                        db):
    page = create(superuser_client, [question("姓名")])
    make_submission(page, {"xing_ming": "张三"})
    outsider = make_staff(page_permissions=())
    client.force_login(outsider)

    response = client.get(edit_url(page))
    assert response.status_code in (302, 403)
    response = client.post(edit_url(page), page_data(existing(page), initial=1, title="改掉"))
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == "居民诉求"

    response = client.get(reverse("wagtailforms:list_submissions", args=[page.pk]))
    assert response.status_code in (302, 403)
    assert "张三" not in response.content.decode()
    forms_list = client.get(reverse("wagtailforms:index"))
    assert "居民诉求" not in forms_list.content.decode()


def test_an_editor_of_another_section_cannot_see_this_forms_submissions(superuser_client, client, db):
    page = create(superuser_client, [question("姓名")])
    other = create(superuser_client, [question("姓名")], title="别的表单", slug="bie-de")
    make_submission(page, {"xing_ming": "张三"})
    client.force_login(make_staff(page=other, reads=[other]))
    assert client.get(reverse("wagtailforms:list_submissions", args=[other.pk])).status_code == 200
    assert client.get(reverse("wagtailforms:list_submissions", args=[page.pk])).status_code in (302, 403)


# Stable ids --------------------------------------------------------------------


def test_renaming_a_question_keeps_its_id_and_old_answers_stay_in_its_column(superuser_client, db):
    page = create(superuser_client, [question("姓名"), question("诉求内容", FieldType.MULTILINE)])
    make_submission(page, {"xing_ming": "张三", "su_qiu_nei_rong": "楼道灯坏了"})

    # add a question as a draft, then publish, then rename everything
    rows = existing(page) + [question("新问题")]
    assert superuser_client.post(edit_url(page), page_data(rows, initial=2, publish=False)).status_code == 302
    assert superuser_client.post(edit_url(page), page_data(existing(page), initial=3)).status_code == 302
    rows = existing(page)
    rows[0]["label"], rows[1]["label"], rows[2]["label"] = "居民姓名", "反映的问题", "改名后的问题"
    response = superuser_client.post(edit_url(page), page_data(rows, initial=3))
    assert response.status_code == 302, field_errors(response)

    fields = list(FormField.objects.filter(page=page).order_by("sort_order"))
    assert [(f.label, f.clean_name) for f in fields] == [
        ("居民姓名", "xing_ming"), ("反映的问题", "su_qiu_nei_rong"), ("改名后的问题", "xin_wen_ti")]

    listing = superuser_client.get(reverse("wagtailforms:list_submissions", args=[page.pk]))
    headings = [str(h["label"]) for h in listing.context["data_headings"]]
    assert headings[4:] == ["居民姓名", "反映的问题", "改名后的问题"]
    row = listing.context["data_rows"][0]["fields"]
    assert row[4:6] == ["张三", "楼道灯坏了"]


def test_a_rule_keeps_working_after_its_controlling_question_is_renamed(superuser_client, db):
    page = create(superuser_client, [
        question("是否需要上门", FieldType.RADIO, choices="是\n否"),
        question("上门地址", show_when_field="是否需要上门", show_when_value="是"),
    ])
    rows = existing(page)
    rows[0]["label"] = "需要上门服务吗"
    response = superuser_client.post(edit_url(page), page_data(rows, initial=2))
    assert response.status_code == 302, field_errors(response)
    assert page.form_fields.get(label="上门地址").show_when_field == "shi_fou_xu_yao_shang_men"
    assert page.form_fields.get(label="需要上门服务吗").clean_name == "shi_fou_xu_yao_shang_men"


# Phone verification ------------------------------------------------------------------


def test_an_editor_turns_on_phone_verification_on_the_form_settings(superuser_client, db):
    page = create(superuser_client, [question("联系电话", FieldType.MOBILE)], verify_phone="on")
    assert page.verify_phone
    assert 'name="verify_phone"' in superuser_client.get(edit_url(page)).content.decode()
