"""Form pages built in code, as an editor builds them: for the rooms above that need a form of their own.

An order (居民点单), a 星级文明户 declaration or objection, a 红黑榜 nomination or appeal and a banquet declaration are
each submitted to an ordinary form page, so each has the receipt, tracking link, masking and limits of any form.
Those pages are made once, beneath the forms index, the first time the demo or the programme needs them; after
that they are the editors' to reword in the page editor.
"""
from .models import FormField, FormPage, FormsIndexPage


def build_form_page(*, slug, title, questions, prepare=None, **page_fields):
    """A published form page beneath the first forms index, with ``questions`` in order.

    ``questions`` maps each question's id (its ``clean_name``, which the room reads the answers by) to
    ``(label, field type, extra field attributes)``; ``prepare(page)`` runs on the unsaved page (a higher room's
    settings, such as the case settings); ``page_fields`` are the page's own (intro, kind, limits …).
    """
    index = FormsIndexPage.objects.order_by("path").first()
    if index is None:
        raise LookupError(f"a forms index page is needed before the form {slug!r}")
    page = FormPage(title=title, slug=slug, **page_fields)
    if prepare is not None:
        prepare(page)
    for order, (clean_name, (label, field_type, extra)) in enumerate(questions.items()):
        page.form_fields.add(FormField(label=label, field_type=field_type, clean_name=clean_name,
                                       sort_order=order, **extra))
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
