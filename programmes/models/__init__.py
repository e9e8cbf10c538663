"""The programmes room's models, one module per part, re-exported here."""
from .banquets import BanquetDeclaration, BanquetEvent, BanquetLimit  # noqa: F401  (§4 移风易俗 报备)
