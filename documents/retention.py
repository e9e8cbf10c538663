"""Issued documents when their case's personal data is removed (cases.retention).

The PDF named the resident, so it goes; the document's row stays with its serial number, title, issuer,
dates and verification code, so /verify/ still answers that the document is genuine (it never showed
personal data). A batch document's own values (name, masked ID, address) go too.
"""
from forms_app.uploads import delete_after_commit

from .models import Document


def drop_personal_documents(sender, *, case, event, triggers, **kwargs):
    """cases.signals.case_event_recorded: on the case's ``anonymised`` event, inside its transaction."""
    if event.transition != "anonymised":
        return
    for document in Document.objects.filter(case=case).exclude(file=""):
        delete_after_commit(document.file)
    Document.objects.filter(case=case).update(file="", row_values={})
