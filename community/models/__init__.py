"""The community room's models, one module per part (meetings, orders, tasks …), re-exported here."""
from .orders import Service, ServiceOrder, ServiceRecord, Volunteer, Wish  # noqa: F401
