"""The programmes room's models, one module per part, re-exported here."""
from .checkups import RectificationItem, Reinspection  # noqa: F401  (大体检 rectification)
