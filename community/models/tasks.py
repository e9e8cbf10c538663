"""四单 task lists (任务列单): a supervisor's list of tasks pushed down to units, their files and history.

A task's state is protected: only the transition methods below change it, each one a line of
:mod:`community.models.task_machine`; the services of :mod:`community.tasklists.services` lock the row,
run them and append the history line. Region paths are copied onto the rows (the list's region, the
unit's region) so that reach and need-to-know are plain prefix filters.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin

from cases.clock import now
from cases.constants import Light
from forms_app.uploads import private_storage
from organisation.models import Department, Region

from .task_machine import TaskEventKind, TaskState, fsm


class TaskList(models.Model):
    """任务列单: what a supervisor pushes down for a period (e.g. 2026年12月 创城攻坚)."""

    wagtail_reference_index_ignore = True

    title = models.CharField(_("title"), max_length=200)
    period = models.CharField(_("period"), max_length=100, help_text=_("e.g. 2026年12月 or 第四季度"))
    description = models.TextField(_("description"), blank=True)
    region = models.ForeignKey(Region, verbose_name=_("issued for region"), on_delete=models.PROTECT,
                               related_name="task_lists")
    region_path = models.CharField(max_length=255, db_index=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT,
                                  related_name="+")
    issued_at = models.DateTimeField(_("issued at"), default=now)

    class Meta:
        verbose_name = _("task list")
        verbose_name_plural = _("task lists")
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.period})"


class Task(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """One task of a list, pushed down to a department or a community, with its 包保责任人 and deadline."""

    wagtail_reference_index_ignore = True

    task_list = models.ForeignKey(TaskList, verbose_name=_("task list"), on_delete=models.PROTECT,
                                  related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    department = models.ForeignKey(Department, verbose_name=_("unit"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="community_tasks")
    region = models.ForeignKey(Region, verbose_name=_("community"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="community_tasks")
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible person"),
                                    on_delete=models.PROTECT, related_name="community_tasks")
    state = FSMField(_("state"), default=TaskState.OPEN, choices=TaskState.choices, protected=True, db_index=True)
    created_at = models.DateTimeField(default=now)
    due_at = models.DateTimeField(_("deadline"))
    yellow_at = models.DateTimeField()
    done_at = models.DateTimeField(_("reported done at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    overdue_marked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(department__isnull=False, region__isnull=True)
                           | Q(department__isnull=True, region__isnull=False)),
                name="community_task_one_unit",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def unit(self):
        return self.department if self.department_id else self.region

    def light(self, at=None):
        """Green / yellow / red: an open task by its thresholds; a task reported done by whether it was on time."""
        if self.done_at is not None:
            return Light.GREEN if self.done_at <= self.due_at else Light.RED
        at = at or now()
        if at >= self.due_at:
            return Light.RED
        return Light.YELLOW if at >= self.yellow_at else Light.GREEN

    def get_light_display(self):
        return Light(self.light()).label

    # -- transitions: sources, target and permission from community.models.task_machine ---------------

    @fsm("report_done")
    def report_done(self, at):
        self.done_at = at

    @fsm("accept")
    def accept(self, at):
        self.accepted_at = at

    @fsm("send_back")
    def send_back(self, at):
        self.done_at = None


class TaskFile(models.Model):
    """A file a unit attaches to a progress or final report (a photo of the cleared lane), kept privately."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(storage=private_storage, upload_to="task-files/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=now)

    def __str__(self):
        return self.original_name


class TaskEvent(models.Model):
    """One line of a task's history (issued, progress, reported done, accepted, sent back, overdue). Append-only."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(max_length=16, choices=TaskEventKind.choices)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    files = models.ManyToManyField(TaskFile, blank=True, related_name="events")

    class Meta:
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Task events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Task events are append-only")
