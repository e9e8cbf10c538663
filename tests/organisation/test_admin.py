"""The organisation in the Wagtail admin (*Case settings*): categories, routing rules, departments, staff."""
import pytest
from django.urls import reverse

from organisation.routing import suggest_department

pytestmark = pytest.mark.django_db


def test_case_settings_are_editable_by_an_administrator(client, case_world, django_user_model):
    world = case_world
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")
    client.force_login(admin)
    for model in ("category", "routingrule", "department", "staffmembership"):
        assert client.get(reverse(f"organisation_{model}_modeladmin_index")).status_code == 200, model
        assert client.get(reverse(f"organisation_{model}_modeladmin_create")).status_code == 200, model
    response = client.post(reverse("organisation_routingrule_modeladmin_create"),
                           {"sort_order": 1, "category": world.category.pk, "department": world.team_b.pk,
                            "region": "", "triage": ""})
    assert response.status_code == 302
    case = world.new_case()
    assert suggest_department(case) == world.team_b
