"""居民点单 and 党员报到: the services list, residents' orders and small wishes, registered party members.

``register()`` connects this part's seams (Wagtail's admin menu and views, the workbench's case page, the tick), called once from
:meth:`community.apps.CommunityConfig.ready`.
"""


def register():
    """Connect the admin pages (the ranking, the services list, registrations), the order's line on the
    workbench's case page and the tick's sweep that forgets who made old wishes; models are loaded by now."""
    from cases import tick  # inside a function: AppConfig.ready, the models load after the registry
    from cases.admin.views import register_case_section

    from . import admin  # noqa: F401  (registers its hooks and snippets on import)
    from .sections import order_section
    from .services import forget_old_wishes

    register_case_section(order_section)
    tick.register_sweep("wishes_anonymised", forget_old_wishes, label="small wishes anonymised")
