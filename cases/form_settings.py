"""A form page's case settings (:class:`cases.models.FormCaseSettings`) as code sets them: new pages get
the defaults, and the demo, tests and benchmarks set them the way the editor's *Handling* panel does."""
from .models import FormCaseSettings

#: The settings a FormPage built in code may be given (``set_case_settings(page, workflow=…)``).
FIELDS = ("workflow", "reference_prefix", "deadline_hours", "deadline_starts", "category_question", "summary_question",
          "default_category", "pass_mark", "retention_days", "publish_on_board",
          "sms_phone_question", "sms_consent_question")


def give_new_form_case_settings(sender, instance, **kwargs):
    """post_init of FormPage: a page not yet saved gets one FormCaseSettings child with the defaults.

    The editor's *Handling* panel then shows the settings (the full loop) instead of an empty
    "add" button; the row is saved with the page. Pages loaded from the database are left alone.
    """
    if instance.pk is None and not instance.case_settings.all():
        instance.case_settings.add(FormCaseSettings())


def set_case_settings(page, **values):
    """Set ``values`` (names in :data:`FIELDS`) on the page's case settings, in memory: they are saved with
    the page, or with its next revision when it is published."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"not case settings: {', '.join(sorted(unknown))}")
    rows = list(page.case_settings.all())
    if not rows:
        rows = [FormCaseSettings()]
    row = rows[0]
    for name, value in values.items():
        setattr(row, name, value)
    # Assigning the rows keeps them in the page's cluster: a page read from a revision hands out fresh
    # copies on every .all(), so a change to one would otherwise be lost.
    page.case_settings = rows
    return row


def split_case_settings(kwargs):
    """(page keyword arguments, case settings) from keyword arguments that mix both."""
    settings = {name: kwargs.pop(name) for name in FIELDS if name in kwargs}
    return kwargs, settings
