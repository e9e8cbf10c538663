"""The programmes room's models, one module per part, re-exported here."""
from .banquets import BanquetDeclaration, BanquetEvent, BanquetLimit  # noqa: F401  (§4 移风易俗 报备)
from .checkups import RectificationItem, Reinspection  # noqa: F401  (大体检 rectification)
from .honours import HonourAppeal, HonourEntry, HonourEvent  # noqa: F401  (§3 红黑榜)
from .services_guide import ServiceGuidePage, ServicePage  # noqa: F401  (§1 便民服务)
from .stars import StarCriterion, StarEntry, StarEvent, StarObjection, StarRound  # noqa: F401  (§2 星级文明户)
