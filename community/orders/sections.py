"""The order's line on the workbench's case page (cases.admin.views.register_case_section): which service the
resident ordered and whose it is, so the street dispatches (派单) to the provider's unit at a glance."""
from django.template.loader import render_to_string

from ..models import ServiceOrder


def order_section(request, case):
    """The service ordered and its provider, for a case opened by an order; "" for any other case."""
    if case.form.kind != "order":
        return ""
    order = (ServiceOrder.objects.filter(case_id=case.pk)
             .select_related("service__department", "service__volunteer__user", "service__volunteer__department")
             .first())
    if order is None:
        return ""
    return render_to_string("community/orders/case_section.html",
                            {"order": order, "service": order.service, "unit": order.service.provider_department},
                            request=request)
