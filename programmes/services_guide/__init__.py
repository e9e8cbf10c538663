"""§1 便民服务: a service guide (办事指南) of Wagtail pages, each service linking to its application form; an
application is a case (the form's deadline is the service's time limit), approved with a certificate or refused
with a notice by the form's document rules; staff see a queue per service.

``register()`` connects this part's seams, called once from :meth:`programmes.apps.ProgrammesConfig.ready`.
"""


def register():
    """The guide may live under a forms index and hold its services' application forms; the admin's queue pages
    (imported for their hooks); models are loaded by now."""
    from forms_app import seams  # inside a function: AppConfig.ready, the models load after the registry

    from . import hooks  # noqa: F401  (registers its admin URLs and menu entry on import)

    seams.add_form_container("programmes.ServiceGuidePage")
