"""Resident pages outside the page tree (posting answers, the confirmation) and staff downloads of uploads."""
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from wagtail import hooks
from wagtail.contrib.forms.utils import get_forms_for_user
from wagtail.views import serve_chain

from .models import FormPage, Upload
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


# What the confirmation page shows (and the protected state, which django-fsm reads on load):
# loading only these keeps the page to one small query.
CONFIRMATION_FIELDS = ("reference", "tracking_token", "state", "form__title", "form__confirmation_text", "form__live")


def form_done(request, token):
    """The confirmation page after submitting: reference number and private tracking link.

    A plain view rather than a page route: the unguessable token is the key, and
    the resident reaches it by the 303 that follows every submission.
    """
    from cases.models import Case

    from .flow import ResidentFlow

    try:
        case = (
            Case.objects.select_related("form")
            .only(*CONFIRMATION_FIELDS)
            .get(tracking_token=token, form__live=True)
        )
    except Case.DoesNotExist:
        raise Http404 from None
    return ResidentFlow(case.form, request).render_confirmation(case)


def form_post(request, page_id):
    """Residents' answers are posted here, to the form's id, not to its path.

    An editor may rename or move a form while residents are filling it in; a POST to
    the old path would find no page and the answers would be lost. The id never
    changes. It also spares every submission Wagtail's routing (the site lookup and a
    query per path segment). The same serve hooks run as for a routed request, so view
    restrictions and anything else hooked onto serving a page still apply. (The page's
    own address keeps accepting POSTs too, for forms opened before this existed.)
    """
    try:
        page = FormPage.objects.live().get(pk=page_id)
    except FormPage.DoesNotExist:
        raise Http404 from None
    if request.method != "POST":
        if not page.url:
            raise Http404
        return redirect(page.url)
    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, (), {})
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, (), {})
