"""The moves of 居民点单 and 党员报到, each one transaction: lock → check → change → record.

An order goes in through the forms room's own ``submit`` (so the cases room opens its case, with the
same machine and lights); claiming and resolving it are the cases room's ``case_claim`` and
``case_resolve``. A small wish is this room's own row: the first claim wins on its row lock, and a
revealed contact is an entry in the audit log.
"""
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.constants import CaseState
from cases.workflow import CaseActionError, case_claim, case_resolve
from forms_app.published import published_fields
from forms_app.services import SubmissionLimitReached, submit
from organisation import audit
from organisation.constants import RegionLevel

from ..constants import ProviderKind, ServiceKind, VolunteerKind, WishState
from ..models import Service, ServiceOrder, ServiceRecord, Volunteer, Wish
from .order_form import order_form

SERVE_PERMISSION = "community.serve_community"
#: The group party members are put in (an administrator may name another and tick the permission instead).
PARTY_MEMBER_GROUP = "党员"


class OrdersError(Exception):
    """A refused move, with a message for the person who tried it (``code``: forbidden, taken, invalid …)."""

    def __init__(self, message, *, code="refused"):
        super().__init__(message)
        self.message, self.code = message, code


def party_member_group(name=PARTY_MEMBER_GROUP):
    """The *Party members* group: the one permission to serve a community, no access to the admin."""
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(content_type__app_label="community", codename="serve_community"))
    return group


def points_for(kind):
    """The points a service of ``kind`` earns (settings.COMMUNITY_SERVICE_POINTS)."""
    return int(settings.COMMUNITY_SERVICE_POINTS.get(kind, 0))


def may_serve(user):
    """Party members (the *Party members* group) and superusers may register to a community and serve it."""
    return bool(getattr(user, "is_active", False) and user.has_perm(SERVE_PERMISSION))


def registration(user, community):
    """The user's active registration to ``community``; refused when there is none."""
    found = Volunteer.objects.filter(user=user, community=community, active=True).first() if user.is_authenticated else None
    if found is None or not may_serve(user):
        raise OrdersError(_("Only party members registered to this community may do this."), code="forbidden")
    return found


def register_volunteer(*, user, community, offer="", department=None, kind=VolunteerKind.PARTY_MEMBER):
    """报到: register ``user`` (or, with ``kind`` unit, their unit ``department``) to a community, once."""
    if not may_serve(user):
        raise OrdersError(_("Only party members may register to a community."), code="forbidden")
    if community.level != RegionLevel.COMMUNITY:
        raise OrdersError(_("Choose a community or village to register to."), code="invalid")
    if kind == VolunteerKind.UNIT and department is None:
        raise OrdersError(_("A unit's registration names the unit."), code="invalid")
    with transaction.atomic():
        volunteer, created = Volunteer.objects.select_for_update().get_or_create(
            user=user, community=community,
            defaults={"offer": offer.strip(), "department": department, "kind": kind})
        if not created:
            volunteer.offer, volunteer.department, volunteer.kind, volunteer.active = (
                offer.strip() or volunteer.offer, department or volunteer.department, kind, True)
            volunteer.save()
    return volunteer


def add_service(*, volunteer, title, description=""):
    """A registered member puts what they offer on the community's services list (资源清单)."""
    title = (title or "").strip()
    if not title:
        raise OrdersError(_("Give the service a title."), code="invalid")
    if not volunteer.active:
        raise OrdersError(_("Only party members registered to this community may do this."), code="forbidden")
    provider = ProviderKind.UNIT if volunteer.kind == VolunteerKind.UNIT else ProviderKind.PARTY_MEMBER
    return Service.objects.create(title=title[:100], description=(description or "").strip(), provider_kind=provider,
                                  volunteer=volunteer, community=volunteer.community,
                                  department=volunteer.department if provider == ProviderKind.UNIT else None)


def order_service(*, service, contact_name, phone, need="", grid=None, key, client_hash=""):
    """点单: the resident orders ``service``; its submission opens a case on the order form. Returns the case.

    ``key`` is the order page's submission key: a double click or a re-sent POST finds the same case.
    """
    page = order_form()
    if page is None or not service.active:
        raise OrdersError(_("This service cannot be ordered at the moment."), code="closed")
    if grid is not None and (grid.level != RegionLevel.GRID or not grid.path.startswith(service.community.path)):
        raise OrdersError(_("Choose a grid of this community."), code="invalid")
    fields = published_fields(page)
    values = {"service": service.title, "contact_name": contact_name.strip(), "phone": phone,
              "grid": (grid or service.community).pk, "need": need.strip()}
    known = {f.field_id for f in fields}
    form = SimpleNamespace(submission_key=key, layout_fields=fields, client_hash=client_hash,
                           cleaned_data={k: v for k, v in values.items() if k in known})
    try:
        with transaction.atomic():
            submission = submit(page=page, form=form)
            order, _created = ServiceOrder.objects.get_or_create(
                case=submission.case, defaults={"service": service, "community": service.community})
    except SubmissionLimitReached:
        raise OrdersError(_("You have placed as many orders today as one may. Please try again tomorrow."),
                          code="limit") from None
    return order.case


def make_wish(*, community, who, what, phone, by_when=None):
    """微心愿: a resident's small wish, open to the community's registered members."""
    if community.level != RegionLevel.COMMUNITY:
        raise OrdersError(_("Choose a community or village."), code="invalid")
    if by_when is not None and by_when < timezone.localdate():
        raise OrdersError(_("The date has passed: choose today or a later day."), code="invalid")
    return Wish.objects.create(community=community, who=who.strip()[:50], what=what.strip()[:200],
                               phone=phone, by_when=by_when)


def claim_wish(*, wish, by):
    """认领: the first registered member to claim an open wish gets it; anyone later is told, nothing changes."""
    with transaction.atomic():
        fresh = Wish.objects.select_for_update().get(pk=wish.pk)
        volunteer = registration(by, fresh.community)
        if fresh.state != WishState.OPEN:
            raise OrdersError(_("Another party member claimed this wish a moment ago. Choose another one."),
                              code="taken")
        fresh.state, fresh.claimed_by, fresh.claimed_at = WishState.CLAIMED, volunteer, timezone.now()
        fresh.save(update_fields=["state", "claimed_by", "claimed_at"])
    return fresh


def reveal_wish_contact(*, wish, by):
    """Who made the wish and their phone, for the member who claimed it; each reveal is in the audit log."""
    if wish.claimed_by_id is None or wish.claimed_by.user_id != by.pk:
        raise OrdersError(_("Only the party member who claimed this wish sees who made it."), code="forbidden")
    audit.record(wish, "govforms.reveal", user=by, region_path=wish.community.path, title=_("Small wish %(pk)s")
                 % {"pk": wish.pk}, reason="claimed_wish")
    return {"who": wish.who, "phone": wish.phone}


def complete_wish(*, wish, by, note=""):
    """服务记录: the claiming member records the wish fulfilled and earns its points."""
    with transaction.atomic():
        fresh = Wish.objects.select_for_update(of=("self",)).select_related("claimed_by").get(pk=wish.pk)
        if fresh.claimed_by_id is None or fresh.claimed_by.user_id != by.pk:
            raise OrdersError(_("Only the party member who claimed this wish records it done."), code="forbidden")
        if fresh.state != WishState.CLAIMED:
            raise OrdersError(_("This wish is recorded done already."), code="done")
        fresh.state, fresh.done_at = WishState.DONE, timezone.now()
        fresh.save(update_fields=["state", "done_at"])
        return ServiceRecord.objects.create(volunteer=fresh.claimed_by, community=fresh.community,
                                            kind=ServiceKind.WISH, wish=fresh, note=note.strip(),
                                            points=points_for(ServiceKind.WISH))


def claim_order(*, order, by):
    """领单: the provider's unit takes the dispatched order (the cases room's claim, its rules and lock)."""
    try:
        return case_claim(case=order.case, by=by, expected_state=CaseState.DISPATCHED)
    except CaseActionError as error:
        raise OrdersError(error.message, code=error.code) from None


def resolve_order(*, order, by, result):
    """The order served: the case is resolved, and a registered member's service is recorded with its points."""
    try:
        with transaction.atomic():
            case = case_resolve(case=order.case, by=by, result=result, expected_state=CaseState.CLAIMED)
            volunteer = Volunteer.objects.filter(user=by, community=order.community, active=True).first()
            if volunteer is not None:
                ServiceRecord.objects.get_or_create(
                    order=order, defaults={"volunteer": volunteer, "community": order.community,
                                           "kind": ServiceKind.ORDER, "note": case.result,
                                           "points": points_for(ServiceKind.ORDER)})
    except CaseActionError as error:
        raise OrdersError(error.message, code=error.code) from None
    return case


def reveal_order_contact(*, order, by):
    """The resident's name and phone for the handler who claimed the order; recorded like every reveal."""
    case = order.case
    if case.handler_id != by.pk:
        raise OrdersError(_("Only whoever took up this order sees who placed it."), code="forbidden")
    answers = case.submission.form_data
    audit.record(case, "govforms.reveal", user=by, region_path=case.region_path, reason="claimed_order")
    return {"who": answers.get("contact_name", ""), "phone": answers.get("phone", "")}


REMOVED = "[removed]"


def forget_old_wishes(at):
    """The tick's sweep: who made a wish and their phone are kept ``RETENTION_DAYS`` after it was done (or made,
    if nobody claimed it), then removed; what was wished, where and when stay for the ranking and statistics."""
    before = at - timedelta(days=settings.RETENTION_DAYS)
    done = Wish.objects.filter(done_at__lte=before) | Wish.objects.filter(done_at__isnull=True, created_at__lte=before)
    return done.exclude(who=REMOVED).update(who=REMOVED, phone="")
