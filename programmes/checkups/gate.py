"""Check-up forms are not public: only inspectors open and submit them, for a community in their reach.

An inspector is a user with the permission ``programmes.inspect`` (the demo's group 体检检查员 holds it; any group
given it in *Settings → Groups* does). Their reach is the region subtrees of their staff memberships
(organisation.access.region_paths; a superuser's is every region). The forms room asks here on every request,
the submit's POST included (forms_app.seams.add_form_gate): a check-up picker offers only the grids in reach, and
a community outside it is refused with the message below, before anything is stored.
"""
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from forms_app.constants import FormKind
from forms_app.seams import FormAccess, FormGate
from organisation.access import is_root, region_paths

PERMISSION = "programmes.inspect"


def is_inspector(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(PERMISSION))


def reach_of(user):
    """The region paths whose subtrees ``user`` inspects: None for every region (a superuser), else a tuple."""
    return None if is_root(user) else tuple(sorted(region_paths(user)))


def outside_reach_message():
    return _("This community is not in your reach as an inspector: choose one of the communities listed.")


class InspectorGate(FormGate):
    """Check-up forms for inspectors only; every other form stays open to everyone."""

    def access_for(self, request, page):
        if page.kind != FormKind.CHECKUP:
            return None
        user = request.user
        if not getattr(user, "is_authenticated", False):
            login = f"{reverse('wagtailadmin_login')}?{urlencode({'next': request.get_full_path()})}"
            return FormAccess(refusal=_("Check-ups are carried out by inspectors: please sign in first."),
                              login_url=login)
        if not is_inspector(user):
            return FormAccess(refusal=_("Only inspectors (the check-up inspectors' group) may open check-up forms."))
        paths = reach_of(user)
        if paths is not None and not paths:
            return FormAccess(refusal=_("No communities are in your reach yet: ask the administrator to add your "
                                        "region."))
        return FormAccess(region_paths=paths, region_error=outside_reach_message(), submitted_by=user)
