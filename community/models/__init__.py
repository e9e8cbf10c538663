"""The community room's models, one module per part (meetings, orders, tasks …), re-exported here."""
from .meetings import Meeting, MeetingDecision, MeetingMatter, MeetingParticipant  # noqa: F401
