"""The region tree in the Wagtail admin (*Case settings → Regions*): the tree with each region's teams, A/B post
holders and grid workers; add, edit (rename, move), retire, restore and delete.

Thin: the views check the user's permission and call :mod:`organisation.regions`, which refuses what the tree
must not do (with a message, shown here as a 400 page or beside the form).
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import regions
from .constants import RegionLevel
from .models import Region
from .selectors import region_tree

EDIT_PERMISSIONS = ("organisation.add_region", "organisation.change_region", "organisation.delete_region")


def may_see_tree(user):
    return any(user.has_perm(p) for p in (*EDIT_PERMISSIONS, "organisation.import_organisation"))


class ParentField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "　" * (obj.depth - 1) + f"{obj.name}（{obj.code}）"


class RegionForm(forms.Form):
    parent = ParentField(label=gettext_lazy("Under"), queryset=Region.objects.order_by("path"), required=False,
                         empty_label=gettext_lazy("— the top of the tree (a county) —"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    code = forms.RegexField(label=gettext_lazy("Code"), max_length=32, regex=r"^[0-9A-Za-z_-]+$",
                            help_text=gettext_lazy("Letters, digits, - and _; e.g. the 行政区划代码 220821100001."),
                            error_messages={"invalid": gettext_lazy("Use only letters, digits, - and _.")})
    level = forms.ChoiceField(label=gettext_lazy("Level"), choices=RegionLevel.choices)

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        if region is not None:
            # A region cannot move under itself or its own subtree.
            self.fields["parent"].queryset = Region.objects.exclude(path__startswith=region.path).order_by("path")


def _region(pk):
    return get_object_or_404(Region, pk=pk)


def _require(request, permission):
    if not request.user.has_perm(f"organisation.{permission}_region"):
        raise PermissionDenied


def _refused(request, error):
    return TemplateResponse(request, "error.html", {"title": _("Not possible"), "message": str(error)}, status=400)


def tree(request):
    if not may_see_tree(request.user):
        raise PermissionDenied
    user = request.user
    return TemplateResponse(request, "organisation/admin/region_tree.html", {
        "rows": region_tree(), "may_add": user.has_perm("organisation.add_region"),
        "may_change": user.has_perm("organisation.change_region"),
        "may_delete": user.has_perm("organisation.delete_region"),
        "may_import": user.has_perm("organisation.import_organisation"),
    })


def add(request):
    _require(request, "add")
    parent = Region.objects.filter(pk=request.GET["parent"]).first() if request.GET.get("parent", "").isdigit() \
        else None
    form = RegionForm(request.POST or None, initial={"parent": parent})
    if request.method == "POST" and form.is_valid():
        try:
            region = regions.region_add(by=request.user, **form.cleaned_data)
        except regions.RegionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s is added.") % {"name": region.name})
            return redirect("organisation_regions")
    return _form_page(request, form, None)


def edit(request, pk):
    _require(request, "change")
    region = _region(pk)
    initial = {"parent": region.get_parent(), "name": region.name, "code": region.code, "level": region.level}
    form = RegionForm(request.POST or None, initial=initial, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            region = regions.region_change(region=region, by=request.user, **form.cleaned_data)
        except regions.RegionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": region.name})
            return redirect("organisation_regions")
    return _form_page(request, form, region)


def _form_page(request, form, region):
    status = 400 if form.is_bound and form.errors else 200
    return TemplateResponse(request, "organisation/admin/region_form.html", {
        "form": form, "region": region, "has_cases": region is not None and regions.has_cases(region),
    }, status=status)


@require_POST
def retire(request, pk):
    _require(request, "change")
    action = request.POST.get("action")
    if action not in ("retire", "restore"):
        raise Http404
    try:
        region = regions.region_retire(region=_region(pk), by=request.user, retired=action == "retire")
    except regions.RegionError as error:
        return _refused(request, error)
    text = _("%(name)s is retired: it keeps its cases and is no longer offered.") if region.retired \
        else _("%(name)s is offered again.")
    messages.success(request, text % {"name": region.name})
    return redirect("organisation_regions")


@require_POST
def delete(request, pk):
    _require(request, "delete")
    region = _region(pk)
    try:
        regions.region_delete(region=region, by=request.user)
    except regions.RegionError as error:
        return _refused(request, error)
    messages.success(request, _("%(name)s is deleted.") % {"name": region.name})
    return redirect("organisation_regions")
