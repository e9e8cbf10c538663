"""Reads of forms' records, scoped to what a user may see.

Reading a form's answers is its own right, given per form: the groups an editor lists under *Who
may read the answers* (``FormPage.submission_readers``). Editing a form does not give it. Wagtail's
own forms listing and submissions views ask :func:`forms_readable_by` through its
``filter_form_submissions_for_user`` hook (forms_app.wagtail_hooks).
"""
from django.apps import apps

from . import seams


def _model(name):
    # By name: the submissions listing (admin_views) reads these, and the form page model imports it.
    return apps.get_model("forms_app", name)


def forms_readable_by(user):
    """The form pages whose submissions ``user`` may list and export (all of them for superusers)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return _model("FormPage").objects.none()
    if user.is_superuser:
        return _model("FormPage").objects.all()
    return _model("FormPage").objects.filter(submission_readers__in=user.groups.all()).distinct()


def uploads_visible_to(user):
    """The residents' files ``user`` may download: by the rule a higher room set (cases: files follow the
    case), else those of the forms they may read. Nothing for visitors."""
    if not getattr(user, "is_authenticated", False):
        return _model("Upload").objects.none()
    uploads = _model("Upload").objects.filter(submission__isnull=False)
    scope = seams.upload_scope()
    if scope is not None:
        return scope(user, uploads)
    return uploads.filter(page__in=forms_readable_by(user).values("pk"))
