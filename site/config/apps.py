from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project package is an app only to carry its management commands (the demo seed)."""

    name = "config"
    verbose_name = "Site"
