from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project package is an app to carry its management commands (the demo seed) and its signal receivers."""

    name = "config"
    verbose_name = "Site"

    def ready(self):
        from . import middleware  # noqa: F401  (import here: connects its user_logged_in receiver once apps are loaded)
        from . import references  # here: it imports Wagtail's models, loaded only now

        references.install()
