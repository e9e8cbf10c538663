"""The resident's path through a form: steps, check-your-answers, submit, confirmation.

- :mod:`.controller`: the HTTP side: which step a request shows, what a POST does, the final submit;
- :mod:`.drafts`: the answers of a multi-step form, kept in the session between steps;
- :mod:`.pages`: rendering a step, the review page, the confirmation and refusals.

What residents see of a published form is read once per published version (:mod:`forms_app.published`).
"""
from .controller import ResidentFlow, See303

__all__ = ["ResidentFlow", "See303"]
