"""Resident pages outside the page tree (posting answers) and staff downloads of uploads."""
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from wagtail import hooks
from wagtail.views import serve_chain

from organisation import audit

from .models import FormPage
from .selectors import uploads_visible_to
from .uploads import private_file_response


def download_upload(request, pk):
    """Only staff who may have the file get it (files follow the case: forms_app.selectors), on the record.

    Everyone else — anonymous visitors and staff out of reach — gets the same 404 as for a file that
    does not exist, so nobody learns it exists.
    """
    upload = get_object_or_404(uploads_visible_to(request.user).select_related("submission__region"), pk=pk)
    region = upload.submission.region
    audit.record(upload, "govforms.download", user=request.user, region_path=region.path if region else "",
                 title=f"upload {upload.pk}", form=upload.page_id, what="upload")
    return private_file_response(upload.file, content_type=upload.content_type, filename=upload.original_name)


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
