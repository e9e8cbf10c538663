"""The programmes room's models, one module per part, re-exported here."""
from .honours import HonourAppeal, HonourEntry, HonourEvent  # noqa: F401  (§3 红黑榜)
