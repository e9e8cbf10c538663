"""The red and black lists' forms: an entry staff enter, the note of an action, a resident's appeal."""
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.images.widgets import AdminImageChooser

from community.orders.forms import KEY_RE, MobileField, SummaryMixin

from ..constants import HonourCategory, HonourList


class EntryForm(forms.Form):
    list = forms.ChoiceField(label=_("List"), choices=HonourList.choices)
    category = forms.ChoiceField(label=_("Category"), choices=HonourCategory.choices)
    region = forms.ModelChoiceField(label=_("Community or village"), queryset=None)
    name = forms.CharField(label=_("Name (person, household or unit)"), max_length=50)
    deed = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                           help_text=_("Shown on the public page. The black list shows the name masked."))
    starts_on = forms.DateField(label=_("Shown from"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Shown until"), widget=forms.DateInput(attrs={"type": "date"}))
    photo = forms.ModelChoiceField(label=_("Photo"), queryset=None, required=False, widget=AdminImageChooser,
                                   help_text=_("Red list only: the black list never shows a photo."))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["photo"].queryset = get_image_model().objects.all()


class EditForm(forms.Form):
    """What staff may still change before approval: the category, the name, the text and the period."""

    category = forms.ChoiceField(label=_("Category"), choices=HonourCategory.choices)
    name = forms.CharField(label=_("Name (person, household or unit)"), max_length=50)
    deed = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    starts_on = forms.DateField(label=_("Shown from"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Shown until"), widget=forms.DateInput(attrs={"type": "date"}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AppealForm(SummaryMixin, forms.Form):
    """申诉: who appeals, how to reach them, and why the entry is wrong (the appeal becomes a case)."""

    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = MobileField(label=_("Mobile phone number"))
    reason = forms.CharField(label=_("Why the entry is wrong"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 5}))
    key = forms.CharField(widget=forms.HiddenInput)

    def clean_key(self):
        key = self.cleaned_data["key"]
        if not KEY_RE.fullmatch(key):
            raise forms.ValidationError(_("The form has expired. Please fill it in again."))
        return key
