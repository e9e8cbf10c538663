"""The demo's 便民服务: 13 services in the guide, each certificate's form with its time limit, certificate and refusal
(templates that name only their form's questions), and two applications: one waiting, one approved."""
import pytest

from cases.constants import Trigger
from cases.models import Case
from documents.models import Document
from documents.placeholders import check

pytestmark = pytest.mark.django_db


def test_the_demo_ships_the_guide_with_13_services_and_their_certificates(demo, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from programmes.models import ServiceGuidePage, ServicePage

    guide = ServiceGuidePage.objects.get()
    services = list(ServicePage.objects.child_of(guide).live().select_related("application_form"))
    online = [s for s in services if s.application_form_id]
    assert len(services) == 13 and len(online) == 11
    assert {s.title for s in services} >= {"居住证明", "家庭关系证明", "无犯罪记录申请指引", "困难群众证明", "养老认证"}
    for service in online:
        form = service.application_form
        assert service.time_limit.endswith("个工作日"), service.title
        rules = {rule.trigger: rule.template for rule in form.document_rules.all()}
        assert rules[Trigger.RESOLVE].kind == "certificate" and Trigger.REJECT in rules, service.title
        ids = {f.clean_name for f in form.form_fields.all()}
        for template in rules.values():
            assert check(*template.texts(), answer_ids=ids) == [], (service.title, template.name)
        assert client.get(service.url).status_code == 200 and client.get(form.url).status_code == 200
    waiting, approved = Case.objects.filter(form__slug="juzhu-shenqing").order_by("pk")
    assert waiting.state == "submitted" and approved.state == "resolved"
    assert Document.objects.filter(case=approved, template__kind="certificate").exists()
    client.force_login(get_user_model().objects.get(username="dispatcher"))
    queue = client.get(reverse("services_guide_queue", args=[online[0].pk])).content.decode()
    assert waiting.reference in queue and approved.reference not in queue
    a_chinese_speaking_editor_reads_no_english(guide, online[0])


def a_chinese_speaking_editor_reads_no_english(guide, service):
    """The queues and the guide's editors, as the admin pages of tests/test_admin_pages.py are read."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from wagtail.users.models import UserProfile

    from tests.test_admin_pages import elsewhere, english_left, read

    staff = get_user_model().objects.get(username="admin")
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "zh-hans"
    profile.save()
    admin = Client()
    admin.force_login(staff)
    urls = {"queues": reverse("services_guide_index"), "queue": reverse("services_guide_queue", args=[service.pk]),
            "service edit": reverse("wagtailadmin_pages:edit", args=[service.pk]),
            "guide edit": reverse("wagtailadmin_pages:edit", args=[guide.pk]),
            "new service": reverse("wagtailadmin_pages:add", args=["programmes", "servicepage", guide.pk])}
    pages = {name: read(admin.get(url).content.decode()) for name, url in urls.items()}
    assert {name: english_left(page.texts) for name, page in pages.items() if english_left(page.texts)} == {}
    assert {name: elsewhere(page.fetched) for name, page in pages.items() if elsewhere(page.fetched)} == {}
