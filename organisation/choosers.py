"""Choosing a form's category in the page editor, and adding one there (with its deadline and department).

An editor who builds a 红白喜事报备 form should not have to file it under 环境卫生 because that is the only
category there is: the chooser's *Add a category* tab lets them add the right one. It is offered only to
staff whose groups an administrator gave ``organisation.add_category`` (Wagtail's model permission policy);
without it the tab is not shown and a POST to the creation address is refused with 403.
"""
import re

from anyascii import anyascii
from django import forms
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.log_actions import log

from .models import Category
from .urls import IdConverter
from .widgets import CategoryChooser


class CategoryCreationForm(forms.ModelForm):
    """A new category: its name, deadline, calendar and department; the code is made from the name if empty."""

    class Meta:
        model = Category
        fields = ("name", "code", "deadline_hours", "working_days_only", "default_department")
        help_texts = {
            "code": _("Letters or digits that identify the category in exports. Empty: made from the name."),
            "deadline_hours": _("Time allowed for its cases when their form sets no deadline of its own."),
        }

    prefix = "new_category"  # the modal opens over the page editor: its ids must not meet the editor's

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Category.objects.filter(name=name).exists():
            raise forms.ValidationError(
                gettext("A category named “%(name)s” exists already: choose it in the list.") % {"name": name})
        return name

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip()
        if code and Category.objects.filter(code=code).exists():
            raise forms.ValidationError(gettext("Another category has this code."))
        return code

    def save(self, commit=True):
        if not self.instance.code:
            self.instance.code = code_for(self.instance.name)
        return super().save(commit=commit)


def code_for(name):
    """A free code from the name's pinyin (红白喜事 → hong-bai-xi-shi, then hong-bai-xi-shi-2 …)."""
    base = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", anyascii(name))
    base = re.sub(r"[^0-9a-zA-Z]+", "-", base).strip("-").lower()[:28].rstrip("-") or "category"
    code, number = base, 1
    while Category.objects.filter(code=code).exists():
        number += 1
        code = f"{base}-{number}"
    return code


class CategoryColumnsMixin:
    """The list shows each category's deadline and department beside its name, so the editor picks knowingly."""

    @property
    def columns(self):
        return [
            *super().columns,
            Column("deadline", label=_("Deadline (hours)"), accessor="deadline_hours"),
            Column("department", label=_("Default department"), accessor="default_department"),
        ]

    def get_object_list(self):
        return Category.objects.select_related("default_department").order_by("name")


class ChooseView(CategoryColumnsMixin, chooser_views.ChooseView):
    pass


class ChooseResultsView(CategoryColumnsMixin, chooser_views.ChooseResultsView):
    pass


class ChosenView(chooser_views.ChosenView):
    def get(self, request, pk):
        if not re.fullmatch(IdConverter.regex, str(pk)):  # Wagtail looks "abc" up as an integer: a 500
            raise Http404
        return super().get(request, pk)


class CreateView(chooser_views.CreateView):
    def dispatch(self, request, *args, **kwargs):
        # Wagtail turns PermissionDenied into a redirect to the dashboard; a forged POST gets a plain 403.
        if not self.can_create():
            return TemplateResponse(request, "error.html", {
                "title": _("Not allowed"),
                "message": _("An administrator has not allowed you to add categories. Choose one from the list, "
                             "or leave the form without a category."),
            }, status=403)
        return super().dispatch(request, *args, **kwargs)

    def save_form(self, form):
        category = form.save()
        log(category, "wagtail.create", user=self.request.user)
        return category


class CategoryChooserViewSet(ChooserViewSet):
    model = Category
    icon = "tag"
    choose_one_text = _("Choose a category")
    choose_another_text = _("Choose another category")
    creation_form_class = CategoryCreationForm
    create_action_label = _("Add a category")
    creation_tab_label = _("Add a category")
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    create_view_class = CreateView
    base_widget_class = CategoryChooser
    # The form page's panel names its widget itself; other forms keep their plain select.
    register_widget = False


category_chooser_viewset = CategoryChooserViewSet(CategoryChooser.url_namespace,
                                                  url_prefix="organisation/categories/choose")
