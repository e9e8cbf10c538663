"""The line a meeting adds to each case it gathers, registered with the cases room (cases.machine.register_events)."""
from django.utils.translation import gettext_lazy as _

from cases.machine import Event

DISCUSSED = "meeting_discussed"

#: The resident sees it on the tracking page, with the meeting named (kind, date, place) beside it.
MEETING_EVENTS = (Event(DISCUSSED, _("Discussed at a residents' meeting"), detail="meeting"),)
