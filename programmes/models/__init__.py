"""The programmes room's models, one module per part, re-exported here."""
from .services_guide import ServiceGuidePage, ServicePage  # noqa: F401  (§1 便民服务)
