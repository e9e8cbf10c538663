"""The forms of 星级文明户: the public's short objection form and the staff's review form (a score per criterion)."""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from community.orders.forms import MobileField

KEY_RE = re.compile(r"[0-9a-f]{32}")


class SummaryMixin:
    def error_summary(self):
        return [{"anchor": f"id_{name}" if name in self.fields else "",
                 "label": self.fields[name].label if name in self.fields else "", "message": message}
                for name, messages in self.errors.items() for message in messages]


class ObjectionForm(SummaryMixin, forms.Form):
    """异议: why, and a mobile number the community may call back (it also keeps one objection per person)."""

    reason = forms.CharField(label=_("Your objection"), min_length=5, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("What you know that speaks against this household's stars."))
    name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    phone = MobileField(label=_("Mobile phone number"), help_text=_("Only the community sees it, to call you back."))
    key = forms.CharField(widget=forms.HiddenInput)

    def clean_key(self):
        key = self.cleaned_data["key"]
        if not KEY_RE.fullmatch(key):
            raise forms.ValidationError(_("The page has expired. Reload it and try again."))
        return key


class ReviewForm(forms.Form):
    """评议: one score per criterion of the round (0 to its maximum) and a note."""

    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.label}（0–{criterion.max_score}）", min_value=0, max_value=criterion.max_score)

    def scores(self):
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if name.startswith("c")}


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Decision"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
