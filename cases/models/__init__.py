"""Regions and staff, routing, the case with its state machine and history, and issued documents."""
from .case import Case, CaseEvent, CaseFile, new_tracking_token
from .counters import ReferenceCounter
from .documents import Document, DocumentBatch, DocumentTemplate
from .organisation import Category, Department, Region, RoutingRule, StaffMembership

__all__ = [
    "Case",
    "CaseEvent",
    "CaseFile",
    "Category",
    "Department",
    "Document",
    "DocumentBatch",
    "DocumentTemplate",
    "ReferenceCounter",
    "Region",
    "RoutingRule",
    "StaffMembership",
    "new_tracking_token",
]
