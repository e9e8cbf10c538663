"""Forms a programme fills in from a page of its own, never opened on their own.

A 星级文明户 objection is made from the household's line on the public notice, a 红黑榜 appeal from the entry's page:
those pages submit to an ordinary form page (so the objector gets a receipt and a tracking link), and tie the
case to its household or entry, with the programme's rules (one objection per person and household). Opened at its
own address, the form page would make a case tied to nothing, past those rules: this gate (a form gate of the
forms room, ``forms_app.seams.add_form_gate``) refuses it there with where to go instead, and the forms index
leaves it out. The programme's own pages submit through ``forms_app.services.submit``, which asks no gate.
"""
from forms_app.seams import FormAccess, FormGate, add_form_gate

_refusals: dict = {}


def fill_in_from_own_page(slug, message):
    """The form page ``slug`` is filled in only from its programme's page; ``message`` (lazy) says where that is."""
    _refusals[slug] = message


class OwnFormsGate(FormGate):
    def access_for(self, request, page):
        message = _refusals.get(page.slug)
        return FormAccess(refusal=str(message)) if message else None


def register():
    """Called once from ProgrammesConfig.ready, before the parts name their forms."""
    add_form_gate(OwnFormsGate())
