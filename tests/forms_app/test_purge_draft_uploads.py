from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from forms_app.constants import FieldType
from forms_app.models import Upload
from tests.factories import make_form, make_submission, make_upload


def test_abandoned_draft_uploads_are_purged_and_submitted_ones_kept(db):
    page = make_form([("附件", FieldType.FILE, {"required": False})])
    old_draft = Upload.objects.get(pk=make_upload(page, "fu_jian")["upload"])
    Upload.objects.filter(pk=old_draft.pk).update(created_at=timezone.now() - timedelta(hours=72))
    fresh_draft = Upload.objects.get(pk=make_upload(page, "fu_jian")["upload"])
    submission = make_submission(page, {})
    kept = Upload.objects.get(pk=make_upload(page, "fu_jian", submission=submission)["upload"])
    Upload.objects.filter(pk=kept.pk).update(created_at=timezone.now() - timedelta(hours=72))
    path = old_draft.file.path
    call_command("purge_draft_uploads")
    assert set(Upload.objects.values_list("pk", flat=True)) == {fresh_draft.pk, kept.pk}
    import os

    assert not os.path.exists(path)
