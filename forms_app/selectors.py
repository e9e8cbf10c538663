"""Reads of forms' records, scoped to what a user may see.

Access to a form's submissions (and their files) follows Wagtail's own rule for form pages:
whoever may see the form's submissions (``get_forms_for_user``).
"""
from wagtail.contrib.forms.utils import get_forms_for_user

from .models import Upload


def uploads_visible_to(user):
    """The submitted residents' files of the forms whose submissions ``user`` may see (none for visitors)."""
    if not getattr(user, "is_authenticated", False):
        return Upload.objects.none()
    return Upload.objects.filter(submission__isnull=False, page__in=get_forms_for_user(user).values("pk"))
