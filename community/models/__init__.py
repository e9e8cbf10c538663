"""The community room's models, one module per part (meetings, orders, tasks …), re-exported here."""
from .tasks import Task, TaskEvent, TaskFile, TaskList  # noqa: F401  (§6 四单: task lists pushed down)
from .meetings import Meeting, MeetingDecision, MeetingMatter, MeetingParticipant  # noqa: F401
from .orders import Service, ServiceOrder, ServiceRecord, Volunteer, Wish  # noqa: F401
