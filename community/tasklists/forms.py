"""The task lists' admin forms. They read what was typed; the services decide (and say why they refuse).

Unit, community and responsible person are optional here on purpose: a task without them reaches the
service, which refuses it with its own message, so the page and the service say the same thing.
"""
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.admin.forms import CaseFilesField
from organisation.constants import RegionLevel
from organisation.models import Department, Region


class TaskListForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    period = forms.CharField(label=_("Period"), max_length=100, help_text=_("e.g. 2026年12月 or 第四季度"))
    description = forms.CharField(label=_("Description"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    region = forms.ModelChoiceField(label=_("Issued for region"), queryset=Region.objects.none())

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class StaffChoiceField(forms.ModelChoiceField):
    """Staff by name (surname first, organisation.names), the username beside it to tell namesakes apart."""

    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    department = forms.ModelChoiceField(label=_("Unit"), queryset=Department.objects.none(), required=False)
    community = forms.ModelChoiceField(label=_("or community"), queryset=Region.objects.none(), required=False)
    responsible = StaffChoiceField(label=_("Responsible person (包保责任人)"),
                                         queryset=get_user_model().objects.none(), required=False)
    due_on = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, task_list, **kwargs):
        super().__init__(*args, **kwargs)
        path = task_list.region_path
        self.fields["department"].queryset = Department.objects.filter(region__path__startswith=path)
        self.fields["community"].queryset = Region.objects.filter(
            path__startswith=path, level__in=[RegionLevel.COMMUNITY, RegionLevel.GRID])
        self.fields["responsible"].queryset = get_user_model().objects.filter(
            Q(memberships__department__region__path__startswith=path) | Q(memberships__region__path__startswith=path),
            is_active=True,
        ).distinct().order_by("last_name", "first_name", "username")

    def clean(self):
        data = super().clean()
        if data.get("department") and data.get("community"):
            raise forms.ValidationError(_("Choose a unit or a community, not both."))
        return data

    @property
    def unit(self):
        return self.cleaned_data.get("department") or self.cleaned_data.get("community")


class ReportForm(forms.Form):
    """A progress report, a final report (done), or the supervisor's note or reason."""

    note = forms.CharField(label=_("Report"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    files = CaseFilesField(label=_("Files"), required=False, help_text=_("Photos or PDF, up to 20 MB each."))
