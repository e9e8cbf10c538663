"""Staff download of residents' private uploads."""
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.contrib.forms.utils import get_forms_for_user

from .models import Upload
from .uploads import private_file_response


def download_upload(request, pk):
    """Only staff who may see the form's submissions get the file.

    Everyone else — anonymous visitors and staff without access to that form —
    gets the same 404 as for a file that does not exist, so nobody learns it exists.
    """
    if not request.user.is_authenticated:
        raise Http404
    upload = get_object_or_404(Upload, pk=pk, submission__isnull=False)
    if not get_forms_for_user(request.user).filter(pk=upload.page_id).exists():
        raise Http404
    return private_file_response(upload.file, content_type=upload.content_type, filename=upload.original_name)


def form_done(request, token):
    """The confirmation page after submitting: reference number and private tracking link.

    A plain view rather than a page route: the unguessable token is the key, and
    the resident reaches it by the 303 that follows every submission.
    """
    from cases.models import Case

    from .flow import ResidentFlow

    case = Case.objects.select_related("form").filter(tracking_token=token, form__live=True).first()
    if case is None:
        raise Http404
    return ResidentFlow(case.form, request).render_confirmation(case)
