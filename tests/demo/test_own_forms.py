"""The forms a programme fills in from its own page (a 星级文明户 objection, a 红黑榜 appeal) are refused at their own
address, with where to go instead, and are not offered by the forms index; nothing is stored."""

from cases.models import Case
from forms_app.models import FormPage, Submission

OWN_FORMS = {"xingji-yiyi": "公示", "honours-appeal": "红黑榜"}


def test_an_objection_or_appeal_form_opened_on_its_own_is_refused_with_where_to_go(client, demo):
    for slug, where in OWN_FORMS.items():
        page = FormPage.objects.get(slug=slug)
        response = client.get(page.url)
        assert response.status_code == 403
        assert where in response.content.decode()


def test_posting_to_an_objection_form_directly_stores_nothing(client, demo):
    page = FormPage.objects.get(slug="xingji-yiyi")
    submissions, cases = Submission.objects.count(), Case.objects.count()
    response = client.post(page.url, {"step": "1", "action": "next"})
    assert response.status_code == 403
    assert (Submission.objects.count(), Case.objects.count()) == (submissions, cases)


def test_the_forms_index_offers_neither_those_forms_nor_the_check_ups_to_a_resident(client, demo):
    index = FormPage.objects.get(slug="xingji-yiyi").get_parent()
    html = client.get(index.url).content.decode()
    for slug in (*OWN_FORMS, "tijian"):
        assert f'/{slug}/"' not in html
    assert '/suqiu/"' in html
