"""Who handles what, where: the region tree, departments with their A/B posts, categories, routing."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from .access_log import AccessLogEntry  # noqa: F401 (a model of this app: the record of access)
from .constants import Post, RegionLevel, StaffRole, Triage


class Region(MP_Node):
    """A node of the 网格化 tree: county → street/town → community/village → grid."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=32, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    retired = models.BooleanField(
        _("retired"), default=False,
        help_text=_("A retired region keeps its cases but is no longer offered to new forms or dispatch."),
    )

    # No sorted insertion: treebeard would renumber the paths of later siblings to make room, and cases, the
    # record of access and the statistics remember a region by its path. A new region goes last among its
    # siblings, and a path never changes once matters are filed under it (organisation.regions).
    node_order_by = []

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        permissions = [("import_organisation", _("Can import regions, teams and staff from a sheet"))]

    def __str__(self):
        return self.name

    @property
    def full_name(self):
        """Names from the county down, e.g. 镇赉县 / 镇赉镇 / 幸福社区 / 第一网格."""
        return " / ".join(a.name for a in [*self.get_ancestors(), self])


class Department(models.Model):
    """A functional department or a grid team that handles cases.

    Each team has an A post and a B post (互为顶岗、互为备岗), each held by any number of its staff
    (:class:`DepartmentPost`): the A post is offered a dispatched case first; if it is not claimed
    within the claim window, the B post may claim it too.
    """

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=32, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="departments"
    )
    claim_window_hours = models.PositiveSmallIntegerField(
        _("claim window (hours)"), default=4, help_text=_("After this, the B post is offered an unclaimed case.")
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def post_holders(self):
        """{user id: post} of the team's A and B posts (read from ``posts`` when prefetched)."""
        return {p.user_id: p.post for p in self.posts.all()}


class DepartmentPost(models.Model):
    """One holder of a team's A or B post: a post may be held by several staff, a person holds one post a team."""

    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.CASCADE,
                                   related_name="posts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="department_posts")
    post = models.CharField(_("post"), max_length=1, choices=Post.choices)

    class Meta:
        verbose_name = _("post holder")
        verbose_name_plural = _("post holders")
        ordering = ["department", "post", "user__username"]
        constraints = [models.UniqueConstraint(fields=["department", "user"], name="one_post_per_team")]

    def __str__(self):
        return f"{self.department} · {self.get_post_display()} · {self.user}"


class StaffProfile(models.Model):
    """What the organisation knows of a staff user beyond Django's account: the mobile number (imported from the
    organisation sheet; for notices by SMS)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    mobile = models.CharField(_("mobile number"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return str(self.user)


class StaffMembership(models.Model):
    """A staff user's role in a region subtree and/or a department."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=StaffRole.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, null=True, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, null=True, blank=True
    )

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region", "department"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class Category(models.Model):
    """What a case is about (噪音扰民, 管道维修 …), with its default department and deadline."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=32, unique=True)
    default_department = models.ForeignKey(
        Department, verbose_name=_("default department"), null=True, blank=True, on_delete=models.SET_NULL
    )
    deadline_hours = models.PositiveIntegerField(_("deadline (hours)"), default=72)
    working_days_only = models.BooleanField(_("count working days only"), default=False)
    default_triage = models.CharField(_("default triage"), max_length=16, choices=Triage.choices, blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["code"]

    def __str__(self):
        return self.name


class RoutingRule(models.Model):
    """Category + region → department. Rules are tried in order; the first match wins."""

    sort_order = models.PositiveIntegerField(_("order"), default=0)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.CASCADE,
        help_text=_("Empty: any category."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.CASCADE,
        help_text=_("Matches cases in this region and everything below it. Empty: anywhere."),
    )
    triage = models.CharField(_("triage"), max_length=16, choices=Triage.choices, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.category or '*'} @ {self.region or '*'} → {self.department}"

    def matches(self, case):
        """Side-effect-free: does this rule apply to ``case``?

        A case is anything with ``category_id``, ``triage`` and ``region_path`` (the path of its region in
        this tree): routing reads where a matter is and what it is about, not how it is handled.
        """
        if self.category_id and self.category_id != case.category_id:
            return False
        if self.triage and self.triage != case.triage:
            return False
        if self.region_id:
            return bool(case.region_path) and case.region_path.startswith(self.region.path)
        return True


class WorkingDayOverride(models.Model):
    """One day whose status the official calendar package does not know (or states wrongly).

    The State Council announces next year's holidays and make-up working days (调休) each November;
    until a release of ``chinese-calendar`` carries them, staff enter them here. A row wins over the
    package (organisation.workdays).
    """

    date = models.DateField(_("date"), unique=True, error_messages={"unique": _("This date already has a row.")})
    is_working_day = models.BooleanField(
        _("working day"), default=False,
        help_text=_("Ticked: people work that day (e.g. a make-up working Saturday, 调休). Unticked: a day off."),
    )
    note = models.CharField(_("note"), max_length=100, blank=True, help_text=_("E.g. 春节 2030 or 国庆调休."))

    class Meta:
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date.isoformat()} {self.note}".strip()
