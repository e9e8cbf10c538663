from django.utils.translation import gettext

from forms_app.constants import FieldType
from forms_app.models import Submission
from tests.factories import UserFactory, in_page, make_form, make_submission


def test_deleting_submissions_in_the_admin_is_refused_and_keeps_them(client, db):
    page = make_form([("姓名", FieldType.SINGLELINE)])
    submission = make_submission(page, {"xing_ming": "张三"})
    admin = UserFactory(is_superuser=True, is_staff=True)
    admin.save()
    client.force_login(admin)
    url = f"/admin/forms/submissions/{page.pk}/delete/?selected-submissions={submission.pk}"
    response = client.post(url)
    assert response.status_code == 302
    assert Submission.objects.filter(pk=submission.pk).exists()
    listing = client.get(response["Location"])
    refusal = gettext("Submissions cannot be deleted: each is part of a case's record. Archive the case instead.")
    assert refusal != "Submissions cannot be deleted: each is part of a case's record. Archive the case instead."
    assert in_page(listing, refusal)  # in the site's language, Chinese
