"""The staff workbench in the Wagtail admin: case listing, case page, transitions, bulk actions, settings."""
