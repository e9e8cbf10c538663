"""Project-level views: health check and friendly error pages."""
from django.db import connection
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


def csrf_failure(request, reason=""):
    return TemplateResponse(
        request,
        "error.html",
        {
            "title": _("The page has expired"),
            "message": _("For your security this form can only be sent from its own page. Please go back, reload the page and submit again."),
        },
        status=403,
    )


def bad_request(request, exception=None):
    return TemplateResponse(
        request,
        "error.html",
        {"title": _("Bad request"), "message": _("The request could not be understood. It may be too large.")},
        status=400,
    )


def not_found(request, exception=None):
    return TemplateResponse(
        request,
        "error.html",
        {"title": _("Page not found"), "message": _("The page you asked for does not exist or is not published.")},
        status=404,
    )


def server_error(request):
    return TemplateResponse(
        request,
        "error.html",
        {"title": _("Something went wrong"), "message": _("Please try again in a moment.")},
        status=500,
    ).render()
