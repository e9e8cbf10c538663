"""The meetings pages' forms: the meeting with its participants, a case brought to it, a matter raised, the
decisions on its matters. They only clean input; the services in :mod:`.services` decide and write."""
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.constants import OPEN_STATES, Workflow
from cases.handling import handling_for
from community.constants import DecisionAction, MeetingKind, ParticipantRole
from forms_app.models import FormPage
from organisation.models import Department

from . import selectors
from .services import MeetingError, decision


class MeetingForm(forms.Form):
    region = forms.ModelChoiceField(label=gettext_lazy("Community or grid"), queryset=None)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=gettext_lazy("Place"), max_length=100)
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=200, required=False)
    minutes = forms.CharField(label=gettext_lazy("Minutes"), max_length=20000, required=False,
                              widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.regions_for_meetings(user)


class ParticipantForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ParticipantRole.choices)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=50, required=False)
    unit = forms.CharField(label=gettext_lazy("Unit or building"), max_length=100, required=False)


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=3, max_num=60, validate_max=True)


class AttachForm(forms.Form):
    """A case brought to the meeting, by its reference number: the page suggests the newest open cases of the
    meeting's region, and any case in the organiser's reach there may be typed (a list of every case of a
    community would not fit a page)."""

    case = forms.CharField(label=gettext_lazy("Reference number of the case"), max_length=32)

    SUGGESTED = 100

    def __init__(self, *args, user, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = selectors.cases_for_meeting(user, meeting)

    def suggestions(self):
        return self.candidates.filter(state__in=OPEN_STATES)[: self.SUGGESTED]

    def clean_case(self):
        case = self.candidates.filter(reference=self.cleaned_data["case"].strip().upper()).first()
        if case is None:
            raise forms.ValidationError(_("No case with this reference number in your reach in the meeting's region "
                                          "(or the meeting has it already)."))
        return case


def handling_forms():
    """The live forms whose submissions enter the full case loop: a matter raised at a meeting is one of those."""
    return [page for page in FormPage.objects.live().order_by("title")
            if handling_for(page).workflow == Workflow.HANDLING]


class RaiseForm(forms.Form):
    form = forms.TypedChoiceField(label=gettext_lazy("Form the matter is filed under"), coerce=int)
    text = forms.CharField(label=gettext_lazy("The matter raised"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = {page.pk: page for page in handling_forms()}
        self.fields["form"].choices = [(pk, page.title) for pk, page in self.pages.items()]

    @property
    def page(self):
        return self.pages[self.cleaned_data["form"]]


def decision_rows(matters, lines):
    """What the decisions table shows for each matter: the case, its one line and the names of its inputs."""
    return [{"matter": m, "case": m.case, "line": lines.get(m.case.pk, ""), "action": f"action-{m.case.pk}",
             "text": f"text-{m.case.pk}",
             "department": f"department-{m.case.pk}", "state": f"state-{m.case.pk}"} for m in matters]


def decisions_from(data, matters):
    """The decisions posted for ``matters`` (rows left without a decision are skipped); MeetingError on bad input."""
    found = []
    departments = None
    for matter in matters:
        case = matter.case
        action = (data.get(f"action-{case.pk}") or "").strip()
        if not action:
            continue
        if action not in DecisionAction.values:
            raise MeetingError(_("%(reference)s: choose what the meeting decided.") % {"reference": case.reference})
        department = None
        if action == DecisionAction.DISPATCH:
            departments = departments if departments is not None else Department.objects.in_bulk()
            raw = data.get(f"department-{case.pk}") or ""
            department = departments.get(int(raw)) if raw.isdigit() else None
            if department is None:
                raise MeetingError(_("%(reference)s: choose the department to dispatch to.")
                                   % {"reference": case.reference}, code="missing_input")
        found.append(decision(case=case, action=action, text=data.get(f"text-{case.pk}"), department=department,
                              expected_state=data.get(f"state-{case.pk}") or None))
    return found
