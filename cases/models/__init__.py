"""Regions and staff, routing, and the case with its state machine and history."""
from .case import Case, CaseEvent, CaseFile, new_tracking_token
from .counters import ReferenceCounter
from .organisation import Category, Department, Region, RoutingRule, StaffMembership

__all__ = [
    "Case",
    "CaseEvent",
    "CaseFile",
    "Category",
    "Department",
    "ReferenceCounter",
    "Region",
    "RoutingRule",
    "StaffMembership",
    "new_tracking_token",
]
