"""The forms of 居民点单 and 党员报到: short, phone-first, each error said in words next to its field."""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from forms_app.validators import normalize_mobile, validate_mobile

KEY_RE = re.compile(r"[0-9a-f]{32}")


class MobileField(forms.CharField):
    """A mainland mobile number as residents type it (spaces, +86, full-width digits)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=20, validators=[validate_mobile], **kwargs)

    def to_python(self, value):
        return normalize_mobile(super().to_python(value))


class SummaryMixin:
    def error_summary(self):
        """(anchor, label, message) for the error summary at the top of the page."""
        return [{"anchor": f"id_{name}" if name in self.fields else "",
                 "label": self.fields[name].label if name in self.fields else "", "message": message}
                for name, messages in self.errors.items() for message in messages]


class OrderForm(SummaryMixin, forms.Form):
    """点单: who to contact about the service ordered, where, and what exactly is needed."""

    contact_name = forms.CharField(label=_("Your name"), max_length=50)
    phone = MobileField(label=_("Mobile phone number"))
    grid = forms.TypedChoiceField(label=_("Your grid"), coerce=int, required=False, empty_value=None)
    need = forms.CharField(label=_("What you need"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, grids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.grids = {g.pk: g for g in grids}
        self.fields["grid"].choices = [("", _("Choose your grid"))] + [(g.pk, g.name) for g in grids]

    def clean_key(self):
        key = self.cleaned_data["key"]
        if not KEY_RE.fullmatch(key):
            raise forms.ValidationError(_("The page has expired. Reload it and try again."))
        return key


class WishForm(SummaryMixin, forms.Form):
    """微心愿: who, what, by when, and a phone the member who claims it may call."""

    who = forms.CharField(label=_("Who the wish is for"), max_length=50)
    what = forms.CharField(label=_("The wish"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))
    by_when = forms.DateField(label=_("By when (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    phone = MobileField(label=_("Mobile phone number"))


class RegisterForm(SummaryMixin, forms.Form):
    """报到: the community to serve, and what one can offer."""

    community = forms.TypedChoiceField(label=_("Community"), coerce=int)
    offer = forms.CharField(label=_("What you can offer"), required=False, max_length=500,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.communities = {c.pk: c for c in communities}
        self.fields["community"].choices = [(c.pk, c.name) for c in communities]


class ServiceForm(SummaryMixin, forms.Form):
    """A service a member adds to the community's list."""

    title = forms.CharField(label=_("Service"), max_length=100)
    description = forms.CharField(label=_("Description"), required=False, max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class ResultForm(SummaryMixin, forms.Form):
    """What was done: the result of an order, or the note of a fulfilled wish."""

    result = forms.CharField(label=_("What was done"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
