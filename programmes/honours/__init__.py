"""§3 红黑榜: a community's or village's red list (好人好事, 孝老爱亲 …) and, with stricter review, its black list.

Entries come from staff or from residents' nominations (a form page), are reviewed, approved by a supervisor,
published on the community's public page for their period and withdrawn at its end by the tick; a black-list
entry is shown masked, without a photo, and may be appealed (a case). :func:`register` connects the part's
seams, called once from :meth:`programmes.apps.ProgrammesConfig.ready`.
"""


def register():
    """The tick's sweep of ended periods, the nomination's case → entry, the case page's entry section, the admin's
    pages; models are loaded by now."""
    # imports here: AppConfig.ready, the models load after the registry
    from django.utils.translation import gettext_lazy as _

    from cases.admin.views import register_case_section
    from cases.signals import case_event_recorded
    from cases.tick import register_sweep

    from ..own_forms import fill_in_from_own_page
    from . import hooks  # noqa: F401  (registers its Wagtail hooks on import)
    from .appeals import APPEAL_FORM_SLUG
    from .nominations import entry_from_nomination
    from .sections import entry_section
    from .services import sweep_expired

    register_sweep("honours_withdrawn", sweep_expired, label="red and black list entries withdrawn")
    case_event_recorded.connect(entry_from_nomination, dispatch_uid="programmes.honours.nominations")
    register_case_section(entry_section)
    fill_in_from_own_page(APPEAL_FORM_SLUG, _("An appeal is made from the black list: open your community's red and "
                                              "black lists and choose the entry you appeal against."))
