"""The staff forms of the banquets part: the follow-up visit and a region's limits."""
from django import forms
from django.utils.translation import gettext_lazy as _

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
