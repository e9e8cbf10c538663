"""Where the rooms above forms act on forms, without forms importing them.

Forms is the room residents meet; what becomes of their answers (a case, its documents) belongs to
the rooms above. They plug in here from their ``AppConfig.ready``, so that this package imports none
of them (``docs/architecture.md`` lists every seam of the house):

- :func:`register_receiver`: what happens to a stored submission, inside its transaction (cases opens
  its case), and where the resident goes next (cases: the receipt with the reference number);
- :func:`add_settings_panel` / :func:`add_tab`: panels of the form page editor that hold a higher
  room's settings, which are models with a ParentalKey to the page (cases: *Handling*; documents:
  *Documents issued*), so that they are saved in the page's revisions and published with it;
- :func:`add_page_check`: checks run when an editor saves a form page (cases: the category question
  and the inspection workflow; documents: the placeholders of attached templates);
- :func:`set_submissions_view`: the view that lists and exports a form's submissions (cases adds the
  reference number and the case's state);
- :func:`set_upload_scope`: who may download a resident's file (cases: whoever may open the case the
  submission opened; files follow the case);
- :func:`register_staff_entry`: whether a request fills the form in on a resident's behalf (cases: staff
  who may enter matters, by phone, visit, patrol …), which the flow then shows and submits as such;
- :func:`add_form_container`: a page type of a higher room that the forms index holds and that holds form
  pages itself (programmes: the service guide 办事指南, whose services' application forms live beneath it).
- :func:`add_answer_check`: rules of a higher room on the answers themselves (programmes: a banquet
  declaration after its date is refused, one over the village's limits is warned about on the review page).
- :func:`add_form_gate`: who may open and submit a form, and which regions its picker offers them
  (programmes: check-up forms are for inspectors, over the communities in their reach; an objection or appeal
  form is filled in from the programme's own page only).
"""
from __future__ import annotations

from dataclasses import dataclass, field


class SubmissionReceiver:
    """What becomes of residents' submissions. This default keeps them and does nothing more.

    The cases room registers its own (:class:`cases.receiver.CaseReceiver`).
    """

    def reserve(self, page):
        """Called first in the submission's transaction, before today's submissions are counted.

        A receiver that takes a row lock here (cases draws the reference number) serialises the form's
        submissions, so that the daily limit cannot be raced. Whatever it returns reaches :meth:`stored`.
        """
        return None

    def stored(self, *, page, submission, fields, reserved, entry=None, submitted_by=None):
        """The submission and its uploads are stored; still inside their transaction. ``entry``: the
        :class:`StaffEntry` it was made under, or None for the resident's own; ``submitted_by``: the signed-in
        person a form gate admitted (:attr:`FormAccess.submitted_by`), or None."""

    def receipt_url(self, submission):
        """Where the resident is sent (303) after submitting."""
        return submission.page.url

    def receipt_url_for_key(self, page, key):
        """The receipt of the submission already made with ``key`` (a re-sent POST), or None.

        None is always safe: the flow then submits again, the unique key refuses the duplicate and
        :func:`forms_app.services.submit` returns the submission made first.
        """
        return None


_receiver = SubmissionReceiver()


def register_receiver(receiver: SubmissionReceiver) -> None:
    global _receiver
    _receiver = receiver


def receiver() -> SubmissionReceiver:
    return _receiver


# -- the form page editor ----------------------------------------------------------------------------


@dataclass
class EditorExtensions:
    settings_panels: list = field(default_factory=list)  # appended to the *Form settings* tab
    tabs: list = field(default_factory=list)  # tabs of their own, before *Promote*
    checks: list = field(default_factory=list)  # check(page_form, outline), run on save


editor = EditorExtensions()


def add_settings_panel(panel) -> None:
    """Show ``panel`` (usually an InlinePanel of a higher room's settings model) on the *Form settings* tab."""
    editor.settings_panels.append(panel)


def add_tab(tab) -> None:
    """Add ``tab`` (an ObjectList with a heading) to the form page editor."""
    editor.tabs.append(tab)


@dataclass(frozen=True)
class Outline:
    """The questions of a form page as the editor is saving it, for the checks of other rooms."""

    ids: dict  # label or field id → field id, for every question
    types: dict  # field id → field type
    kind: str  # the form's kind (request, survey, check-up)

    def field_id(self, label_or_id):
        """The field id a label or id names, or None when the form has no such question."""
        return self.ids.get((label_or_id or "").strip())


def add_page_check(check) -> None:
    """Run ``check(page_form, outline)`` when an editor saves a form page; it adds errors to the form."""
    editor.checks.append(check)


# -- the submissions listing -------------------------------------------------------------------------

_submissions_view = None


def set_submissions_view(view_class) -> None:
    """List and export submissions with ``view_class`` (a subclass of forms_app.admin_views.SubmissionsListView)."""
    global _submissions_view
    _submissions_view = view_class


def submissions_view():
    return _submissions_view


# -- residents' files ----------------------------------------------------------------------------------

_upload_scope = None


def set_upload_scope(scope) -> None:
    """Decide downloads with ``scope(user, uploads) → uploads`` instead of the forms room's rule (readers of the form)."""
    global _upload_scope
    _upload_scope = scope


def upload_scope():
    return _upload_scope


# -- staff entering a matter on a resident's behalf ----------------------------------------------------


@dataclass(frozen=True)
class StaffEntry:
    """A member of staff fills the form in for a resident (a phone call, a visit, a patrol report …).

    The flow then shows a banner with ``channel_label`` and ``stop_url``, starts a region picker at
    ``region_id`` (the worker's own grid), opens the camera for photos when ``field_report``, and does not
    count the resident's limits (the staff member, recorded on the case, answers for the entry)."""

    user: object
    channel: str
    channel_label: str
    region_id: int | None = None
    field_report: bool = False
    stop_url: str = ""


class StaffEntryPolicy:
    """Decides, per request, whether a form is filled in on a resident's behalf. This default: never."""

    def entry_for(self, request, page):
        """The :class:`StaffEntry` under which ``request`` fills ``page`` in, or None for a resident."""

    def finished(self, request, page):
        """The entry's submission is stored: end it (the next one is started afresh)."""


_staff_entry = StaffEntryPolicy()


def register_staff_entry(policy: StaffEntryPolicy) -> None:
    global _staff_entry
    _staff_entry = policy


def staff_entry() -> StaffEntryPolicy:
    return _staff_entry


# -- pages that hold form pages ---------------------------------------------------------------------

#: The page types a forms index may hold, and those a form page may live under: the forms index's own, plus the
#: containers the rooms above add. Wagtail reads these lists (by reference) when it first checks page types,
#: after every AppConfig.ready.
INDEX_CHILD_TYPES = ["forms_app.FormPage"]
FORM_PARENT_TYPES = ["forms_app.FormsIndexPage"]


def add_form_container(label: str) -> None:
    """Let the page type ``label`` ("app.Model") live under a forms index and hold form pages (a service guide
    whose services each link to their application form)."""
    for types in (INDEX_CHILD_TYPES, FORM_PARENT_TYPES):
        if label not in types:
            types.append(label)


# -- a higher room's rules on the answers ----------------------------------------------------------------


@dataclass(frozen=True)
class AnswerNote:
    """What a check says of some answers: ``refuse`` stops the step with ``message`` on the question
    ``field_id``; otherwise it is a warning the review page shows before the resident submits."""

    message: str
    field_id: str = ""
    refuse: bool = False


_answer_checks: list = []


def add_answer_check(check) -> None:
    """Run ``check(page, answers) → [AnswerNote]`` on each step's cleaned answers and on the review page's
    answers (raw strings there). It must return nothing for forms it does not know, and bear partial answers."""
    _answer_checks.append(check)


def answer_notes(page, answers) -> list:
    return [note for check in _answer_checks for note in check(page, answers)]


# -- who may open a form ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormAccess:
    """What a higher room says of one request to one form: refused (``refusal``, a message, with ``login_url``
    when signing in may help), or open with the region picker kept to ``region_paths`` (region subtrees; None:
    every region) and ``region_error`` as the message for a region outside them."""

    refusal: str = ""
    login_url: str = ""
    region_paths: tuple | None = None
    region_error: str = ""
    #: the signed-in person the gate admitted, who answers for what they submit (an inspector's check-up): the
    #: receiver names them on what it makes of the submission
    submitted_by: object = None


class FormGate:
    """Decides, per request, who may open and submit a form. This default: every form is open to everyone."""

    def access_for(self, request, page):
        """A :class:`FormAccess`, or None when ``page`` is open to ``request`` as to anyone."""


_form_gates: list = []


def add_form_gate(gate: FormGate) -> None:
    """Let ``gate`` decide who may open a form; the first gate with an answer for a form decides it."""
    _form_gates.append(gate)


def form_access(request, page):
    """What the gates say of ``request`` opening ``page``: a :class:`FormAccess`, or None (open to everyone)."""
    for gate in _form_gates:
        access = gate.access_for(request, page)
        if access is not None:
            return access
    return None
