"""The organisation in the Wagtail admin: categories, routing rules, departments, staff memberships, and the
working days that deadlines count (the overrides of the official calendar).

They sit under one menu, *Case settings*, where county staff look for them.
"""
from django import forms
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.helpers import AdminURLHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import IndexView

from . import workdays
from .constants import Post
from .models import Category, Department, RoutingRule, StaffMembership, WorkingDayOverride
from .posts import department_set_posts
from .region_views import may_see_tree
from .urls import IdConverter


class RefusesBadFilters:
    """A listing whose address carries a filter value it cannot use (``?department=abc``) answers 400 with a
    plain message, not a 500: wagtail-modeladmin raises IncorrectLookupParameters and leaves it uncaught."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            return TemplateResponse(request, "error.html", {
                "title": _("Bad request"),
                "message": _("The filters in this address are not valid. Open the list again and choose them anew."),
            }, status=400)


class FilteredIndexView(RefusesBadFilters, IndexView):
    pass


class IdURLHelper(AdminURLHelper):
    """An object's addresses (``edit/<pk>/``, ``delete/<pk>/``, ``history/<pk>/``) match only ids, like ``<id:…>``.

    wagtail-modeladmin matches ``[-\\w]+`` and hands ``edit/abc/`` to the ORM, which raises ValueError (a 500);
    every model of ours has an integer id, so any other value is simply an address that does not exist (404).
    """

    def _get_object_specific_action_url_pattern(self, action):
        return rf"^{self.base_url_path}/{action}/(?P<instance_pk>{IdConverter.regex})/$"


class ProjectModelAdmin(ModelAdmin):
    """The base of every modeladmin of the project: bad filters answer 400, addresses that are not ids 404."""

    index_view_class = FilteredIndexView
    url_helper_class = IdURLHelper


class CategoryAdmin(ProjectModelAdmin):
    model = Category
    menu_label = _("Categories")
    menu_icon = "tag"
    list_display = ("name", "code", "default_department", "deadline_hours", "working_days_only", "default_triage")
    list_select_related = ("default_department",)
    search_fields = ("name", "code")


class RoutingRuleAdmin(ProjectModelAdmin):
    model = RoutingRule
    menu_label = _("Routing rules")
    menu_icon = "redirect"
    index_template_name = "organisation/admin/routingrule_index.html"
    list_display = ("sort_order", "category", "region", "triage", "department")
    list_select_related = ("category", "region", "department")
    list_filter = ("category", "department")
    ordering = ("sort_order", "pk")


class DepartmentForm(WagtailAdminModelForm):
    """The department's own fields, and who holds its A and B posts (several people each), saved by
    organisation.posts (which makes each holder a handler of the team)."""

    a_holders = forms.ModelMultipleChoiceField(label=_("A post holders"), required=False,
                                               queryset=get_user_model().objects.filter(is_active=True))
    b_holders = forms.ModelMultipleChoiceField(label=_("B post holders"), required=False,
                                               queryset=get_user_model().objects.filter(is_active=True),
                                               help_text=_("Offered an unclaimed case after the claim window."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            holders = self.instance.post_holders()
            for post, name in ((Post.A, "a_holders"), (Post.B, "b_holders")):
                self.initial[name] = [pk for pk, held in holders.items() if held == post]

    def clean(self):
        data = super().clean()
        if set(data.get("a_holders") or ()) & set(data.get("b_holders") or ()):
            self.add_error("b_holders", _("A person holds one post of a team: choose them for the A or for the B "
                                          "post."))
        return data

    def save(self, commit=True):
        department = super().save(commit=commit)
        if commit:
            department_set_posts(department=department, a=self.cleaned_data["a_holders"],
                                 b=self.cleaned_data["b_holders"], by=self.for_user)
        return department


class DepartmentAdmin(ProjectModelAdmin):
    model = Department
    edit_handler = ObjectList([FieldPanel("name"), FieldPanel("code"), FieldPanel("region"),
                               FieldPanel("a_holders"), FieldPanel("b_holders"), FieldPanel("claim_window_hours")],
                              base_form_class=DepartmentForm)
    menu_label = _("Departments")
    menu_icon = "group"
    list_display = ("name", "code", "region", "a_post", "b_post", "claim_window_hours")
    list_select_related = ("region",)
    search_fields = ("name", "code")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("posts__user")

    def _holders(self, obj, post):
        return "、".join(p.user.get_full_name() or p.user.username for p in obj.posts.all() if p.post == post)

    def a_post(self, obj):
        return self._holders(obj, Post.A)

    a_post.short_description = _("A post")

    def b_post(self, obj):
        return self._holders(obj, Post.B)

    b_post.short_description = _("B post")


class StaffMembershipAdmin(ProjectModelAdmin):
    model = StaffMembership
    menu_label = _("Staff memberships")
    menu_icon = "user"
    list_display = ("user", "role", "region", "department")
    list_select_related = ("user", "region", "department")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name")


class WorkingDayIndexView(FilteredIndexView):
    def get_context_data(self, **kwargs):
        first, last = workdays.package_years()
        return {**super().get_context_data(**kwargs), "package_first_year": first, "package_last_year": last}


class WorkingDayOverrideAdmin(ProjectModelAdmin):
    """The days the official calendar package does not know yet (next year's, announced each November)."""

    model = WorkingDayOverride
    menu_label = _("Working days")
    menu_icon = "date"
    index_view_class = WorkingDayIndexView
    index_template_name = "organisation/admin/workingdayoverride_index.html"
    list_display = ("date", "weekday", "is_working_day", "note", "package_says")
    list_filter = ("is_working_day",)
    search_fields = ("note",)
    ordering = ("-date",)

    def weekday(self, obj):
        return date_format(obj.date, "l")

    weekday.short_description = _("weekday")

    def package_says(self, obj):
        said = workdays.package_says(obj.date)
        if said is None:
            return _("Not covered")
        return _("Working day") if said else _("Day off")

    package_says.short_description = _("official calendar package")


class CaseSettingsGroup(ModelAdminGroup):
    menu_label = _("Case settings")
    menu_icon = "cog"
    menu_order = 160
    items = (CategoryAdmin, RoutingRuleAdmin, DepartmentAdmin, StaffMembershipAdmin, WorkingDayOverrideAdmin)

    def get_submenu_items(self):
        """The region tree first: it is where the organisation starts (organisation.region_views)."""
        return [RegionsMenuItem(_("Regions"), reverse("organisation_regions"), name="regions", icon_name="site",
                                order=0), *super().get_submenu_items()]


class RegionsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_tree(request.user)
