"""Forms of the resident's side of a case (the tracking page). Staff forms live in cases/admin/forms.py."""
from django import forms
from django.utils.translation import gettext_lazy as _

# Shown from best to worst, the way residents read a satisfaction scale.
RATING_CHOICES = [
    (5, _("Very satisfied")),
    (4, _("Satisfied")),
    (3, _("Acceptable")),
    (2, _("Unsatisfied")),
    (1, _("Very unsatisfied")),
]
COMMENT_MAX_LENGTH = 500


class EvaluationForm(forms.Form):
    """群众评单: a rating from 1 to 5 and an optional comment. The workflow decides what the rating does."""

    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the result?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 5."),
            "invalid_choice": _("Choose a rating from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("Your comment is too long: keep it to %(limit_value)d characters (it has %(show_value)d)."),
        },
    )

    def error_summary(self):
        """(anchor, label, message) for the error summary at the top of the page."""
        anchors = {"rating": "rating-5", "comment": "id_comment"}
        return [
            {"anchor": anchors.get(name, ""), "label": self.fields[name].label if name in self.fields else "",
             "message": message}
            for name, messages in self.errors.items() for message in messages
        ]
