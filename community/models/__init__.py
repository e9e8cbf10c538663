"""The community room's models, one module per part (meetings, orders, tasks …), re-exported here."""
