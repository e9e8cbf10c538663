"""§2 星级文明户: declaration → review with scores → public notice (公示) with objections → stars conferred,
certificates as one batch, and the public honour list.

:func:`register` connects the part's seams (called once from ``ProgrammesConfig.ready``).
"""


def register():
    """The tick confers rounds whose notice is over (cases.tick.register_sweep); the certificates' placeholders."""
    # imports here: the models load only once the app registry is ready
    from cases.tick import register_sweep

    from . import certificates
    from .services import sweep_notices

    certificates.register()
    register_sweep("stars_conferred", sweep_notices, label="star households conferred")
