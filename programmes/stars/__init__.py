"""§2 星级文明户: declaration → review with scores → public notice (公示) with objections → stars conferred,
certificates as one batch, and the public honour list.

:func:`register` connects the part's seams (called once from ``ProgrammesConfig.ready``).
"""


def register():
    """The tick confers rounds whose notice is over (cases.tick.register_sweep); the certificates' placeholders."""
    # imports here: the models load only once the app registry is ready
    from django.utils.translation import gettext_lazy as _

    from cases.tick import register_sweep

    from ..own_forms import fill_in_from_own_page
    from . import certificates
    from .declaration_form import OBJECTION_SLUG
    from .services import sweep_notices

    certificates.register()
    fill_in_from_own_page(OBJECTION_SLUG, _("An objection is made from the public notice: open the notice of your "
                                            "community and choose the household you object to."))
    register_sweep("stars_conferred", sweep_notices, label="star households conferred")
