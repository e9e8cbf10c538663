"""Staff download of residents' private uploads."""
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from wagtail.contrib.forms.utils import get_forms_for_user

from .models import Upload


def download_upload(request, pk):
    """Only staff who may see the form's submissions get the file; nobody else learns it exists."""
    upload = get_object_or_404(Upload.objects.select_related("submission"), pk=pk, submission__isnull=False)
    if not request.user.is_authenticated or not get_forms_for_user(request.user).filter(pk=upload.page_id).exists():
        raise PermissionDenied
    response = FileResponse(upload.file.open("rb"), content_type=upload.content_type, as_attachment=True,
                            filename=upload.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
