"""The demo's 便民服务: 13 services in the guide, each certificate's form with its time limit, certificate and refusal
(templates that name only their form's questions), and two applications: one waiting, one approved."""
import pytest

from cases.constants import Trigger
from cases.models import Case
from documents.models import Document
from documents.placeholders import check

pytestmark = pytest.mark.django_db


def test_the_demo_ships_the_guide_with_13_services_and_their_certificates(settings, client):
    from config.demo import seed
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from programmes.models import ServiceGuidePage, ServicePage

    settings.DEBUG = True
    seed(history=False)
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
