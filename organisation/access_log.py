"""The audit log's own table for access to residents' data, readable by region.

Wagtail keeps log entries in per-model tables and asks each table's manager which entries a user may
see (``viewable_by_user``), for its *Site history* report with its filters and export. Entries about
cases, residents' files and documents go here (each room registers its models in its
``register_log_actions`` hook), with the region path of the case they concern, so that a supervisor
reads the record of their region subtree and nobody else's. Entries are appended, never changed or
deleted: the model refuses both, and no admin view offers them.
"""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import BaseLogEntry, BaseLogEntryManager

from .access import memberships
from .constants import StaffRole


class AccessLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk))
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        from django.contrib.contenttypes.models import ContentType  # import here: as Wagtail's own managers do

        return self.filter(content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
                           object_id=str(instance.pk))

    def viewable_by_user(self, user):
        """Superusers read everything; supervisors the entries of their region subtrees; others nothing."""
        if user.is_superuser:
            return self.all()
        scope = Q(pk__in=[])
        for role, path, _department, _level in memberships(user):
            if role == StaffRole.SUPERVISOR and path:
                scope |= Q(region_path__startswith=path)
        return self.filter(scope)


class AccessLogEntry(BaseLogEntry):
    object_id = models.CharField(max_length=255, db_index=True)
    region_path = models.CharField(max_length=255, blank=True, db_index=True)

    objects = AccessLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-timestamp", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the access log is append-only")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the access log is append-only")
