"""The lines rectification adds to a check-up's case, registered with the cases room (cases.machine.register_events)."""
from django.utils.translation import gettext_lazy as _

from cases.machine import Event

ITEM_RECTIFIED = "rectification_item_done"
REINSPECTED = "reinspected"

CHECKUP_EVENTS = (
    Event(ITEM_RECTIFIED, _("Rectification item done"), public=False),
    Event(REINSPECTED, _("Re-inspected"), public=True),
)
