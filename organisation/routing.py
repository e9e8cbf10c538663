"""Which department a matter goes to: editable rules first, then the category's default."""
from .models import RoutingRule


def suggest_department(case):
    """First matching routing rule wins (rules are ordered in the admin); else the category default.

    ``case`` is anything :meth:`RoutingRule.matches` reads (category, triage, region path).
    """
    for rule in RoutingRule.objects.select_related("region", "department").order_by("sort_order", "pk"):
        if rule.matches(case):
            return rule.department
    if case.category_id and case.category.default_department_id:
        return case.category.default_department
    return None
