"""The staff forms of the banquets part: the follow-up visit and a region's limits."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import BanquetKind

YES_NO = [("yes", _("Yes, as declared")), ("no", _("No, it differed"))]


class VisitForm(forms.Form):
    as_declared = forms.TypedChoiceField(label=_("Was it held as declared?"), choices=YES_NO,
                                         widget=forms.RadioSelect, coerce=lambda v: v == "yes")
    actual_tables = forms.IntegerField(label=_("Tables actually held"), min_value=0, max_value=5000, required=False)
    remarks = forms.CharField(label=_("Remarks"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                              required=False)


class LimitForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=None,
                                    help_text=_("The county's limits are every village's default; a town's or "
                                                "village's own limits replace them there."))
    max_tables = forms.IntegerField(label=_("Most tables"), min_value=1, max_value=500)
    max_guests = forms.IntegerField(label=_("Most guests"), min_value=1, max_value=5000)
    notice_days = forms.IntegerField(label=_("Declare at least (days before)"), min_value=0, max_value=90)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].label_from_instance = lambda region: region.full_name


class UndeclaredForm(forms.Form):
    """A banquet found held without a declaration (未报备), as the grid worker saw it."""

    region = forms.ModelChoiceField(label=_("Grid"), queryset=None)
    kind = forms.ChoiceField(label=_("Event"), choices=BanquetKind.choices)
    event_date = forms.DateField(label=_("Date of the event"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    tables = forms.IntegerField(label=_("Tables"), min_value=0, max_value=500)
    guests = forms.IntegerField(label=_("Guests"), min_value=0, max_value=5000)
    party_member = forms.BooleanField(label=_("Party member or cadre"), required=False)
    remarks = forms.CharField(label=_("Remarks"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].label_from_instance = lambda region: region.full_name
