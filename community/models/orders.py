"""居民点单: the services a community offers (服务清单), the orders residents place (需求清单), and small wishes (微心愿).

An order is a case: ``ServiceOrder`` ties the service ordered to the case its submission opened, so it
runs through the same machine and lights as every matter (分单 accept → 派单 dispatch → 领单 claim →
resolve → the resident's evaluation). A small wish is not a case: a registered member claims it (first
claim wins) and records the service done.
"""
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Department, Region

from ..constants import ProviderKind, WishState
from .volunteers import ServiceRecord, Volunteer  # noqa: F401  (re-exported with the orders)


class Service(models.Model):
    """One line of a community's services list: what a unit, a volunteer team or a party member offers."""

    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    provider_kind = models.CharField(_("provider"), max_length=16, choices=ProviderKind.choices,
                                     default=ProviderKind.UNIT)
    department = models.ForeignKey(Department, verbose_name=_("providing unit or team"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="community_services",
                                   help_text=_("Orders of this service are dispatched (派单) to this unit."))
    volunteer = models.ForeignKey(Volunteer, verbose_name=_("providing party member"), null=True,
                                  blank=True, on_delete=models.CASCADE, related_name="services")
    community = models.ForeignKey(Region, verbose_name=_("community served"), on_delete=models.CASCADE,
                                  related_name="community_services")
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("service (服务清单)")
        verbose_name_plural = _("services (服务清单)")
        ordering = ["community", "title"]

    def __str__(self):
        return self.title

    @property
    def provider_department(self):
        """Where an order of this service is dispatched: its unit, else the party member's volunteer team."""
        if self.department_id:
            return self.department
        return self.volunteer.department if self.volunteer_id else None

    def provider_name(self):
        if self.volunteer_id and not self.department_id:
            return str(self.volunteer.user.get_full_name() or self.volunteer.user.get_username())
        return self.department.name if self.department_id else ""


class ServiceOrder(models.Model):
    """需求清单: a resident's order of a service, and the case it opened."""

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="orders")
    case = models.OneToOneField("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                                related_name="service_order")
    community = models.ForeignKey(Region, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("ordered at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("order (需求清单)")
        verbose_name_plural = _("orders (需求清单)")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.service} · {self.case.reference}"


def new_wish_token():
    return secrets.token_urlsafe(18)


class Wish(models.Model):
    """微心愿: a resident's small wish (who, what, by when), claimed by one registered member."""

    community = models.ForeignKey(Region, verbose_name=_("community"), on_delete=models.PROTECT, related_name="wishes")
    who = models.CharField(_("who"), max_length=50)
    what = models.CharField(_("wish"), max_length=200)
    by_when = models.DateField(_("by when"), null=True, blank=True)
    phone = models.CharField(_("contact phone"), max_length=20)
    state = models.CharField(_("state"), max_length=16, choices=WishState.choices, default=WishState.OPEN,
                             db_index=True)
    claimed_by = models.ForeignKey(Volunteer, verbose_name=_("claimed by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="claimed_wishes")
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    token = models.CharField(max_length=32, unique=True, default=new_wish_token, editable=False)

    class Meta:
        verbose_name = _("small wish (微心愿)")
        verbose_name_plural = _("small wishes (微心愿)")
        ordering = ["-created_at"]

    def __str__(self):
        return self.what
