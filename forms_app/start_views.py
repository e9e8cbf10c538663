"""The first step of adding a form: start from a template (a copy of a form offered as a starting point) or blank.

Wagtail's ``before_create_page`` hook shows this page instead of an empty editor when the forms index has
starting points and the editor has not asked for a blank form (``?blank=1``); the copy itself is
:func:`forms_app.starting_points.copy_starting_point`.
"""
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .pages import FormPage
from .starting_points import StartingPointError, copy_starting_point, starting_points

BLANK = "blank"


class StartForm(forms.Form):
    template = forms.ModelChoiceField(queryset=FormPage.objects.none(), label=gettext_lazy("Start from"),
                                      widget=forms.RadioSelect, empty_label=None)
    title = forms.CharField(label=gettext_lazy("Title of the new form"), max_length=255)
    slug = forms.SlugField(label=gettext_lazy("Address (slug)"), max_length=255, required=False, allow_unicode=True,
                           help_text=gettext_lazy("Empty: made from the title."))

    prefix = "start"  # its fields' ids stay clear of the page editor's (#id_title)

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["template"].label_from_instance = lambda page: page.title


def blank_url(parent):
    return reverse("wagtailadmin_pages:add", args=("forms_app", "formpage", parent.pk)) + f"?{BLANK}=1"


def offer_starting_points(request, parent_page, page_class):
    """``before_create_page``: the list of starting points, unless there are none or a blank form was asked for."""
    if page_class is not FormPage or request.method != "GET" or request.GET.get(BLANK):
        return None
    templates = starting_points(request.user, parent_page)
    if not templates.exists():
        return None
    return render_start(request, parent_page, StartForm(templates=templates))


def render_start(request, parent, form, status=200):
    return TemplateResponse(request, "forms_app/admin/start_from_template.html", {
        "parent": parent, "form": form, "blank_url": blank_url(parent),
        "action": reverse("forms_start_from_template", args=[parent.pk]),
    }, status=status)


@require_POST
def start_from_template(request, parent_id):
    """Copy the chosen starting point under the forms index and open the copy in the editor."""
    parent = get_object_or_404(Page, pk=parent_id).specific
    templates = starting_points(request.user, parent)
    form = StartForm(request.POST, templates=templates)
    if not form.is_valid():
        return render_start(request, parent, form, status=400)
    try:
        copy = copy_starting_point(form.cleaned_data["template"], parent=parent, title=form.cleaned_data["title"],
                                   slug=form.cleaned_data["slug"], user=request.user)
    except StartingPointError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return render_start(request, parent, form, status=400)
    messages.success(request, _("“%(title)s” was started from “%(template)s”: edit it, then publish it.")
                     % {"title": copy.title, "template": form.cleaned_data["template"].title})
    return redirect("wagtailadmin_pages:edit", copy.pk)
