"""Case listing and case settings in the Wagtail admin, built on wagtail-modeladmin.

Every queryset of cases here starts from ``selectors.cases_visible_to(request.user)``:
a staff member never lists, opens or acts on a case outside their reach.
"""
from datetime import timedelta

from django.contrib.admin import SimpleListFilter
from django.core.paginator import InvalidPage
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.helpers.search import BaseSearchHandler
from wagtail_modeladmin.views import IndexView

from forms_app import search
from organisation import audit
from organisation.admin import ProjectModelAdmin, RefusesBadFilters
from organisation.models import Region
from organisation.selectors import regions_for

from .. import selectors
from ..checkups import failed_labels, points
from ..clock import now
from ..constants import Capability, Light
from ..models import Case
from ..scopes import filter_cases
from ..synopsis import synopses
from .export import export_cases
from .forms import BulkForm, bulk_actions

LIGHT_TEXT = {Light.GREEN: _("On time"), Light.YELLOW: _("Due soon"), Light.RED: _("Overdue")}


def light_badge(light):
    """A coloured badge that also says in words what the colour means (not colour alone)."""
    if not light:
        return format_html('<span class="case-light case-light--none">{}</span>', _("No deadline"))
    return format_html(
        '<span class="case-light case-light--{0}" data-light="{0}">'
        '<span class="case-light__dot" aria-hidden="true"></span>{1}</span>',
        light, LIGHT_TEXT[light],
    )


def person(user):
    """A staff member as colleagues know them: full name, else the login name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# -- filters ------------------------------------------------------------------


class ScopeFilter(SimpleListFilter):
    """'My region' (everything the user may see), 'My queue' (what waits for their hands: the home panel's
    我的在办工单) or, for supervisors, 督办 (flagged and urged cases, or one of the two)."""

    title = _("scope")
    parameter_name = "scope"
    SUPERVISION = {"supervise": _("Supervision queue"), "flagged": _("Needs a supervisor"),
                   "urged": _("Urged, still open")}

    def lookups(self, request, model_admin):
        return [("mine", _("My queue")), *self.SUPERVISION.items()]

    def choices(self, changelist):
        yield {"selected": self.value() is None, "display": _("My region"),
               "query_string": changelist.get_query_string(remove=[self.parameter_name])}
        yield {"selected": self.value() == "mine", "display": _("My queue"),
               "query_string": changelist.get_query_string({self.parameter_name: "mine"})}

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return selectors.my_open_cases(request.user, queryset)
        if self.value() in self.SUPERVISION:
            return selectors.supervision_queue(request.user, queryset, why=self.value())
        return queryset


class LightFilter(SimpleListFilter):
    title = _("warning light")
    parameter_name = "light"

    def lookups(self, request, model_admin):
        return [(value, LIGHT_TEXT[value]) for value in Light.values]

    def queryset(self, request, queryset):
        if self.value() in Light.values:
            return queryset.filter(selectors.light_q(self.value()))
        return queryset


class RegionFilter(SimpleListFilter):
    """A region and everything below it, among the regions the user works in."""

    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(str(r.pk), "\u3000" * (r.depth - 1) + r.name) for r in regions_for(request.user)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        region = Region.objects.filter(pk=value).first() if value.isdigit() else None
        if region is None:
            return queryset.none()
        return queryset.filter(region_path__startswith=region.path)


class CreatedFilter(SimpleListFilter):
    title = _("created")
    parameter_name = "created"

    def lookups(self, request, model_admin):
        return [("today", _("Today")), ("7d", _("Past 7 days")), ("30d", _("Past 30 days"))]

    def queryset(self, request, queryset):
        at = timezone.localtime(now())
        midnight = at.replace(hour=0, minute=0, second=0, microsecond=0)
        start = {"today": midnight, "7d": midnight - timedelta(days=6), "30d": midnight - timedelta(days=29)}.get(
            self.value())
        return queryset if start is None else queryset.filter(created_at__gte=start)


# -- search ---------------------------------------------------------------------


class CaseSearchHandler(BaseSearchHandler):
    """Reference number, or the answers as the user reads them (personal data masked: forms_app.search).

    A full ID or mobile number is looked up exactly, by its keyed hash, for staff allowed to see
    personal data, and the lookup is recorded in the audit log; for everyone else it is plain text,
    which the masked answers never contain.
    """

    def search_queryset(self, queryset, search_term, user=None, on_lookup=None, **kwargs):
        term = (search_term or "").strip()[:200]
        if not term:
            return queryset
        digest = search.digest_of(term)
        if digest and user is not None and user.has_perm("forms_app.view_personal_data"):
            found = filter_cases(user, Capability.PERSONAL, queryset.filter(submission__keys__digest=digest))
            if on_lookup is not None:
                on_lookup(found)
            return found
        return queryset.filter(Q(reference__icontains=term) | Q(submission__search_text__icontains=term))

    @property
    def show_search_form(self):
        return True


# -- listing ----------------------------------------------------------------------


class ReadOnlyPermissionHelper(PermissionHelper):
    """Listings of records that change only through services: nobody creates, inspects, edits or deletes here."""

    def user_can_create(self, user):
        return False

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class CasePermissionHelper(ReadOnlyPermissionHelper):
    """Staff with a membership (or the model permission) use the workbench; cases change only by transitions."""

    def user_can_list(self, user):
        return selectors.has_workbench(user)


class CaseButtonHelper(ButtonHelper):
    def open_button(self, obj):
        return {"url": reverse("cases_workbench_case", args=[obj.pk]), "label": _("Open"),
                "classname": "button button-small button-secondary",
                "title": _("Open case %(reference)s") % {"reference": obj.reference}}

    def get_primary_button(self, obj):
        return self.open_button(obj)

    def get_buttons_for_obj(self, obj, **kwargs):
        return [self.open_button(obj)]


class CaseIndexView(RefusesBadFilters, IndexView):
    def get_search_results(self, request, queryset, search_term):
        return self.search_handler.search_queryset(queryset, search_term, user=request.user,
                                                   on_lookup=self.record_lookup)

    def record_lookup(self, found):
        """One audit entry per search by a full ID or phone number (the listing builds its queryset twice)."""
        if not getattr(self, "_lookup_recorded", False):
            self._lookup_recorded = True
            user = self.request.user
            audit.record(user, "govforms.search_id", user=user, hits=found.count())

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """``?export=csv`` / ``?export=xlsx``: the filtered listing as a spreadsheet (cases.admin.export)."""
        return export_cases(self.request, queryset, spreadsheet_format)

    def get_base_queryset(self, request=None):
        return selectors.cases_visible_to((request or self.request).user, Case.objects.all())

    def get_ordering(self, request, queryset):
        # due time first, cases without a deadline last, on every database
        nulls_last = {"due_at": F("due_at").asc(nulls_last=True), "-due_at": F("due_at").desc(nulls_last=True)}
        return [nulls_last.get(o, o) if isinstance(o, str) else o for o in super().get_ordering(request, queryset)]

    def get_context_data(self, **kwargs):
        """Count the filtered cases once; skip the count of everything visible.

        Wagtail-modeladmin counts the whole base queryset ("12 out of 1,000,000")
        and the filtered one twice; with a county's million cases that first count
        alone costs more than the rest of the page.
        """
        queryset = self.get_queryset()
        paginator = self.paginator_class(queryset, self.items_per_page)
        try:
            page_obj = paginator.page(self.page_num)
        except InvalidPage:
            page_obj = paginator.page(1)
        rows = self.rows(page_obj.object_list)
        context = {
            "view": self,
            "all_count": paginator.count or int(self.get_base_queryset().exists()),
            "all_count_known": False,
            "result_count": paginator.count,
            "paginator": paginator,
            "page_obj": page_obj,
            "elided_page_range": paginator.get_elided_page_range(self.page_num),
            "object_list": page_obj.object_list,
            "rows": rows,
            # check-ups carry a score (大体检): the column shows when the page lists one
            "show_score": any(row["score"] is not None for row in rows),
            "due_sort_url": self.get_query_string({self.ORDER_VAR: "-8" if self.params.get(self.ORDER_VAR) == "8" else "8"},
                                                  remove=[self.PAGE_VAR]),
            "user_can_create": False,
            "show_search": self.search_handler.show_search_form,
            "bulk_form": self.bulk_form,
            "bulk_actions": bulk_actions(),
            "bulk_url": reverse("cases_workbench_bulk"),
            "scope": self.scope_shown(),
            "scope_region_url": self.get_query_string(remove=["scope", self.PAGE_VAR]),
            "scope_mine_url": self.get_query_string({"scope": "mine"}, remove=[self.PAGE_VAR]),
            "scope_supervise_url": self.get_query_string({"scope": "supervise"}, remove=[self.PAGE_VAR])
            if selectors.supervises(self.request.user) else "",
            "export_csv_url": self.get_query_string({self.EXPORT_VAR: "csv"}, remove=[self.PAGE_VAR]),
            "export_xlsx_url": self.get_query_string({self.EXPORT_VAR: "xlsx"}, remove=[self.PAGE_VAR]),
        }
        context.update(kwargs)
        return super(IndexView, self).get_context_data(**context)

    def scope_shown(self):
        """Which of the scope buttons is pressed: my region, my queue, or the supervision queue (any of its kinds)."""
        value = self.request.GET.get("scope")
        return "supervise" if value in ScopeFilter.SUPERVISION else value if value == "mine" else "region"

    def rows(self, cases):
        """The page's rows as plain values: a hand-written table renders in a fraction of
        modeladmin's generic per-cell machinery, which dominated the listing's time. What a dispatcher
        triages by is all here: the matter in one line (masked, cases.synopsis), where, since when, how
        much time is left, and who holds it."""
        at = now()
        cases = list(cases)
        lines = synopses(cases)
        parts = selectors.parts_shown_to(self.request.user, cases)  # 协办: a co-unit sees its part's light
        return [
            {
                "case": case,
                "url": reverse("cases_workbench_case", args=[case.pk]),
                "light": light_badge(parts[case.pk].light(at) if case.pk in parts else case.light(at)),
                "part": parts.get(case.pk),
                "form": case.form.title,
                "summary": lines[case.pk],
                "category": case.category.name if case.category_id else "",
                "region": case.region.name if case.region_id else "",
                "department": case.department.name if case.department_id else "",
                "handler": person(case.handler),
                "needs_supervisor": selectors.needs_supervisor(case),
                "score": case.score,
                "score_text": points(case.score),
                "failed": failed_labels(case),
            }
            for case in cases
        ]

    @cached_property
    def bulk_form(self):
        return BulkForm()



class CaseAdmin(ProjectModelAdmin):
    model = Case
    menu_label = _("Cases")
    menu_icon = "tasks"
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = CaseIndexView
    index_template_name = "cases/admin/case_index.html"
    permission_helper_class = CasePermissionHelper
    button_helper_class = CaseButtonHelper
    search_handler_class = CaseSearchHandler
    search_fields = ("reference",)
    list_display = ("select_box", "reference", "light", "state", "category", "region", "department",
                    "handler_name", "due_at")
    list_display_add_buttons = "reference"
    list_filter = (ScopeFilter, "state", LightFilter, "category", RegionFilter, "department", "channel",
                   CreatedFilter)
    list_select_related = ("form", "submission", "region", "category", "department", "handler")
    list_per_page = 25
    ordering = ("due_at", "-created_at")

    def select_box(self, obj):
        return format_html(
            '<input type="checkbox" name="ids" value="{}" form="case-bulk-form" aria-label="{}">',
            obj.pk, _("Select %(reference)s") % {"reference": obj.reference},
        )

    select_box.short_description = _("Select")
    select_box.allow_tags = True

    def handler_name(self, obj):
        return person(obj.handler)

    handler_name.short_description = _("Handler")
    handler_name.admin_order_field = "handler"

    def light(self, obj):
        return light_badge(obj.light())

    light.short_description = _("Warning light")
    light.allow_tags = True

    def get_admin_urls_for_registration(self):
        # Only the listing: cases are never created, edited or deleted here, and the case page is our own view.
        index_name = self.url_helper.get_action_url_name("index")
        return tuple(url for url in super().get_admin_urls_for_registration() if url.name == index_name)
