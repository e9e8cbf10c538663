"""The programmes room's models, one module per part, re-exported here."""
