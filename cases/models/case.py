"""The case: a resident's matter as staff move it through the loop, and its append-only history.

The state field is the source of truth and is protected: only the transition methods below change
it. Each method is one transition of :mod:`cases.machine`, which declares its sources, target,
permission and conditions (``@fsm("dispatch")``); the services in :mod:`cases.workflow` lock the
row, run them and append the event (:func:`cases.events.record`).
"""
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin

from forms_app.uploads import private_storage
from organisation.constants import REGION_LEVEL_ORDER, RegionLevel, Triage
from organisation.models import Category, Department, Region

from .. import machine
from ..clock import now
from ..constants import OPEN_STATES, CaseState, Channel, Light
from ..machine import fsm

S = CaseState


#: what the statistics count, group and scope by (the covering index of a period's cases)
STATISTICS_COLUMNS = [
    "id", "region_path", "department_id", "category_id", "form_id", "handler_id", "triage", "channel", "rejected",
    "resolved_at", "due_at", "reopen_count", "rating", "urge_count", "accepted_at", "first_dispatched_at",
    "first_claimed_at",
]


def new_tracking_token():
    return secrets.token_urlsafe(24)


class Case(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A resident's matter as staff handle it; created with its submission."""

    # Cases point at their form page, but are not content: keep them out of
    # Wagtail's reference index (it would cost five queries per submission).
    wagtail_reference_index_ignore = True

    reference = models.CharField(_("reference number"), max_length=32, unique=True)
    tracking_token = models.CharField(max_length=64, unique=True, default=new_tracking_token, editable=False)
    submission = models.OneToOneField(
        "forms_app.Submission", verbose_name=_("submission"), on_delete=models.PROTECT, related_name="case"
    )
    form = models.ForeignKey(
        "forms_app.FormPage", verbose_name=_("form"), on_delete=models.PROTECT, related_name="cases"
    )
    state = FSMField(_("state"), default=S.SUBMITTED, choices=S.choices, protected=True, db_index=True)
    # where the matter is, and (denormalised) its tree path for fast subtree filters
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    region_path = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    # who is responsible now
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices, default=RegionLevel.GRID)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    triage = models.CharField(_("triage"), max_length=16, choices=Triage.choices, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    # the resident agreed to notices by SMS (the form's consent question, cases.sms_notices): none without it
    sms_consent = models.BooleanField(_("agreed to SMS notices"), default=False, db_default=False)
    # the member of staff who entered the matter on the resident's behalf (cases.intake); none when online
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    # clock
    created_at = models.DateTimeField(_("created at"), default=now, db_index=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    yellow_at = models.DateTimeField(null=True, blank=True, editable=False)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    claim_due_at = models.DateTimeField(null=True, blank=True)
    offered_to_b_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Copies of moments of the history (the first line of each kind, set once with it by
    # cases.events.stamp): the statistics read them at county scale without joining the history.
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_dispatched_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    rejected = models.BooleanField(default=False, editable=False)  # a ``reject`` line
    is_record = models.BooleanField(default=False, editable=False)  # a ``file_record`` line: not a matter
    # supervision and the resident's verdict
    urge_count = models.PositiveSmallIntegerField(_("times urged"), default=0)
    flagged = models.BooleanField(_("needs a supervisor"), default=False)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    result = models.TextField(_("result"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    evaluation_comment = models.TextField(_("evaluation comment"), blank=True)
    # 成绩晒单: what the public results board may say of the resolved matter (cases.summaries)
    # db_default: rows written past the ORM (the benchmarks' generator) need no value for it
    public_summary = models.TextField(_("public summary"), blank=True, default="", db_default="")
    public_summary_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("public summary approved by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    public_summary_approved_at = models.DateTimeField(_("public summary approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "due_at"], name="case_state_due"),
            models.Index(fields=["region_path", "state", "due_at"], name="case_region_state_due"),
            models.Index(fields=["department", "state", "due_at"], name="case_dept_state_due"),
            models.Index(fields=["state", "yellow_at"], name="case_state_yellow"),
            # Open cases are a small share of all: partial indexes keep the warning-light
            # filters and dashboard counts fast with millions of closed cases beside them.
            models.Index(
                fields=["due_at"], name="case_open_due", condition=models.Q(state__in=OPEN_STATES),
                include=["yellow_at", "region_path", "state"],
            ),
            models.Index(
                fields=["region_path", "due_at"], name="case_open_region_due", condition=models.Q(state__in=OPEN_STATES),
                opclasses=["varchar_pattern_ops", "timestamptz_ops"], include=["yellow_at", "state"],
            ),
            # The statistics (statistics_app.selectors): a period's cases by the day they came in, carrying
            # every column the figures count and group by, so PostgreSQL answers from the index alone.
            models.Index(fields=["created_at"], name="case_stats_cohort", condition=models.Q(is_record=False),
                         include=STATISTICS_COLUMNS),
            models.Index(fields=["resolved_at"], name="case_stats_resolved",
                         condition=models.Q(is_record=False, resolved_at__isnull=False),
                         include=["id", "region_path", "department_id", "handler_id", "form_id"]),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        self.region_path = self.region.path if self.region_id else ""
        super().save(*args, **kwargs)

    # -- reads -------------------------------------------------------------------

    def light(self, at=None):
        """亮灯: only open cases with a deadline have one."""
        if self.state not in OPEN_STATES or self.due_at is None:
            return None
        at = at or now()
        if at >= self.due_at:
            return Light.RED
        if self.yellow_at and at >= self.yellow_at:
            return Light.YELLOW
        return Light.GREEN

    # -- transitions (verbs; see cases.machine for who may take them, from where to where) --------

    @fsm("accept")
    def accept(self, *, triage=""):
        self.triage = triage or self.triage

    @fsm("reject")
    def reject(self, *, reason):
        self.closed_at = now()

    @fsm("dispatch")
    def dispatch(self, *, to, due_at, yellow_at, claim_due_at, start=None):
        self.department, self.handler = to, None
        self.dispatched_at = start or now()  # the moment the deadline counts from
        self.due_at, self.yellow_at, self.claim_due_at = due_at, yellow_at, claim_due_at
        self.offered_to_b_at = self.overdue_notified_at = None

    @fsm("claim")
    def claim(self, *, handler):
        self.handler = handler

    @fsm("add_part")
    def add_part(self, *, to):
        pass  # 协办: the co-unit's part is a row of its own (cases.models.CasePart), made by the service

    @fsm("return_case")
    def return_case(self, *, reason):
        self.department = self.handler = None

    @fsm("escalate")
    def escalate(self, *, reason):
        self.level = REGION_LEVEL_ORDER[REGION_LEVEL_ORDER.index(self.level) - 1]
        self.department = self.handler = None

    @fsm("consult")
    def consult(self, *, participants, topic):
        pass

    @fsm("end_consultation")
    def end_consultation(self, *, minutes):
        pass

    @fsm("resolve")
    def resolve(self, *, result):
        self.result, self.resolved_at = result, now()

    @fsm("close_with_advice")
    def close_with_advice(self, *, advice):
        self.result, self.resolved_at = advice, now()

    @fsm("evaluate")
    def evaluate(self, *, rating, comment):
        self.rating, self.evaluation_comment = rating, comment

    @fsm("record_callback")
    def record_callback(self, *, rating, note):
        self.rating, self.evaluation_comment = rating, note

    @fsm("auto_evaluate")
    def auto_evaluate(self):
        pass

    @fsm("reopen")
    def reopen(self, *, reason, due_at, yellow_at, claim_due_at, start=None):
        self.reopen_count += 1
        self.handler, self.result, self.resolved_at = None, "", None
        self.rating, self.evaluation_comment, self.flagged = None, "", False
        # the board shows the matter again only once it is resolved again and its summary approved again
        self.public_summary_approved_by, self.public_summary_approved_at = None, None
        self.dispatched_at = start or now()
        self.due_at, self.yellow_at, self.claim_due_at = due_at, yellow_at, claim_due_at
        self.offered_to_b_at = self.overdue_notified_at = None

    @fsm("urge")
    def urge(self, *, note):
        self.urge_count += 1
        self.flagged = True

    @fsm("archive")
    def archive(self):
        self.closed_at = now()

    @fsm("file_record")
    def file_record(self):
        self.closed_at = now()


class CaseFile(models.Model):
    """A file staff attach to a case (e.g. a photo of the repaired pipe), kept privately."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(storage=private_storage, upload_to="case-files/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=now)

    def __str__(self):
        return self.original_name


class CaseEvent(models.Model):
    """One line of a case's history. Append-only: rows are never updated or deleted."""

    wagtail_reference_index_ignore = True

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    transition = models.CharField(max_length=32)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    files = models.ManyToManyField(CaseFile, blank=True, related_name="events")
    public = models.BooleanField(default=True, help_text=_("Shown to the resident on the tracking page"))

    class Meta:
        ordering = ["at", "pk"]

    def get_label(self):
        return machine.label(self.transition)

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Case events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Case events are append-only")
