"""党员报到: party members and units registered to a community, and the services they record (服务记录).

A registration is a person (a user in the *Party members* group) or a unit (a department) standing to a
community; what it offers goes on the community's services list (community.models.orders.Service). A
record of service earns points (settings.COMMUNITY_SERVICE_POINTS, per kind) that rank the community's
members (community.orders.selectors.ranking).
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Department, Region

from ..constants import ServiceKind, VolunteerKind


class Volunteer(models.Model):
    """One registration (报到) of a party member or a unit to a community."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="volunteer_registrations")
    community = models.ForeignKey(Region, verbose_name=_("community"), on_delete=models.CASCADE,
                                  related_name="volunteers")
    kind = models.CharField(_("kind"), max_length=16, choices=VolunteerKind.choices, default=VolunteerKind.PARTY_MEMBER)
    # a unit's registration names the unit; a party member's may name the volunteer team orders are dispatched to
    department = models.ForeignKey(Department, verbose_name=_("unit or volunteer team"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="volunteers")
    offer = models.TextField(_("what they can offer"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("registration (党员报到)")
        verbose_name_plural = _("registrations (党员报到)")
        ordering = ["community", "registered_at"]
        constraints = [models.UniqueConstraint(fields=["user", "community"], name="volunteer_once_per_community")]
        permissions = [("serve_community", _("Can register to a community and serve its residents (党员报到)"))]

    def __str__(self):
        name = self.department.name if self.kind == VolunteerKind.UNIT and self.department_id else (
            self.user.get_full_name() or self.user.get_username())
        return f"{name} · {self.community.name}"


class ServiceRecord(models.Model):
    """服务记录: a service a registered member gave, with the points it earned (fixed when recorded)."""

    volunteer = models.ForeignKey(Volunteer, verbose_name=_("registration"), on_delete=models.PROTECT,
                                  related_name="records")
    community = models.ForeignKey(Region, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ServiceKind.choices)
    wish = models.OneToOneField("community.Wish", verbose_name=_("small wish"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="record")
    order = models.OneToOneField("community.ServiceOrder", verbose_name=_("order"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="record")
    note = models.TextField(_("what was done"), blank=True)
    points = models.PositiveIntegerField(_("points"), default=0)
    at = models.DateTimeField(_("served at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.volunteer} · {self.get_kind_display()}"
