"""The organisation: regions (网格化), departments and teams with A/B posts, categories, staff, routing.

The lowest room of the house: every other room may import it, it imports none of them.
"""
