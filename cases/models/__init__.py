"""The case with its state machine and history, co-units' parts, reference counters, and forms' case settings."""
from .background import Notice, WorkerBeat
from .case import Case, CaseEvent, CaseFile, new_tracking_token
from .counters import ReferenceCounter
from .parts import CasePart
from .settings import FormCaseSettings
from .sms import SmsTemplate

__all__ = ["Case", "CaseEvent", "CaseFile", "CasePart", "FormCaseSettings", "Notice", "ReferenceCounter",
           "SmsTemplate",
           "WorkerBeat", "new_tracking_token"]
