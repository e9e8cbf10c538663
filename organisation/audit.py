"""The record of access: who saw, exported, downloaded or searched residents' data, and who signed in.

It is Wagtail's own audit log (``ModelLogEntry``): the entries appear in Wagtail's *Site history*
report with its filters and export, and the admin offers no way to edit or delete them. The actions
are named here, once, so that every room records them the same way: ``record(instance, action,
user=..., **data)``. ``data`` holds what the entry needs to be read later (a case reference, a reason,
a count), never the personal data itself.
"""
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

#: action → (label, message). Names are prefixed so Wagtail's filter groups them.
ACTIONS = {
    "govforms.login": (_("Sign in"), _("Signed in")),
    "govforms.login_failed": (_("Failed sign-in"), _("Sign-in failed")),
    "govforms.lockout": (_("Account locked"), _("Locked out after repeated failed sign-ins")),
    "govforms.unlock": (_("Account unlocked"), _("Unlocked by an administrator")),
    "govforms.otp_enrol": (_("Authenticator app set up"), _("Set up an authenticator app for signing in")),
    "govforms.otp_recovery_issued": (_("Recovery codes issued"),
                                     _("Issued a new set of recovery codes for signing in")),
    "govforms.otp_reset": (_("Authenticator app removed"), _("Authenticator app removed by an administrator")),
    "govforms.reveal": (_("Reveal personal data"), _("Personal data revealed")),
    "govforms.export": (_("Export"), _("Exported")),
    "govforms.download": (_("Download a resident's file"), _("Resident's file downloaded")),
    "govforms.search_id": (_("Search by ID or phone number"), _("Searched by ID or phone number")),
    "govforms.erase": (_("Erase a resident's data"), _("Resident's data erased")),
    "govforms.subject_export": (_("Export a resident's data"), _("Resident's data exported")),
    "govforms.anonymise": (_("Anonymise"), _("Personal data anonymised after the retention period")),
    "govforms.region_add": (_("Add a region"), _("Region added")),
    "govforms.region_change": (_("Change a region"), _("Region renamed or moved")),
    "govforms.region_retire": (_("Retire a region"), _("Region retired with the regions under it")),
    "govforms.region_restore": (_("Restore a region"), _("Region restored with the regions under it")),
    "govforms.region_delete": (_("Delete a region"), _("Region deleted")),
    "govforms.posts_change": (_("Change a team's posts"), _("A and B post holders changed")),
    "govforms.org_import": (_("Import the organisation"), _("Regions, teams and staff imported from a sheet")),
}


def register_actions(actions):
    """Wagtail's ``register_log_actions`` hook (registered in organisation.wagtail_hooks)."""
    for name, (label, message) in ACTIONS.items():
        actions.register_action(name, label, message)


def _evaluated(obj):
    """``request.user`` is a lazy object (django-otp wraps it once more); Wagtail's log registry looks at the
    wrapped type and finds none while it is still unevaluated, so the entry would be silently dropped."""
    if isinstance(obj, LazyObject):
        getattr(obj, "pk", None)  # evaluates it
        return obj._wrapped
    return obj


def record(instance, action, *, user=None, region_path="", title=None, **data):
    """Append one entry to the audit log; ``action`` must be one of :data:`ACTIONS`.

    ``region_path`` is where the entry belongs (the case's region): supervisors read the entries of
    their region subtrees (organisation.access_log). ``title`` replaces the object's name where that
    could itself be personal (a resident's file name).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    instance, user = _evaluated(instance), _evaluated(user)
    extra = {"title": title} if title else {}
    model = log_registry.get_log_model_for_instance(instance)
    if model is not None and any(f.name == "region_path" for f in model._meta.get_fields()):
        extra["region_path"] = region_path or ""
    return log(instance, action, user=user, data=data, **extra)
