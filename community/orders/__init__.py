"""居民点单 and 党员报到: the services list, residents' orders and small wishes, registered party members.

``register()`` connects this part's seams (Wagtail's admin menu and views), called once from
:meth:`community.apps.CommunityConfig.ready`.
"""


def register():
    """Connect the admin pages (the ranking, the services list, registrations); models are loaded by now."""
    from . import admin  # noqa: F401  (inside a function: AppConfig.ready, the models load after the registry)
