from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project package is an app to carry its management commands (the demo seed) and its signal receivers."""

    name = "config"
    verbose_name = "Site"

    def ready(self):
        # Imported here: the middleware connects its user_logged_in receiver, and references imports Wagtail's
        # models, once apps are loaded.
        from . import middleware, references  # noqa: F401

        references.install()
