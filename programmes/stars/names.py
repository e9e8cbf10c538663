"""How a household's name is published on the notice and the honour list (王*芳户), as the round chooses."""
from django.utils.translation import gettext as _

from ..constants import NameStyle


def published_name(name: str, style: str) -> str:
    """王秀芳 → 王*芳户 (middle masked), 王**户 (surname only) or 王秀芳户 (full); a two-character name keeps its
    surname only when masked (王*户), so that the mask hides something."""
    name = (name or "").strip()
    if not name:
        return _("(name withheld)")
    if style == NameStyle.FULL:
        shown = name
    elif style == NameStyle.SURNAME or len(name) <= 2:
        shown = name[0] + "*" * max(len(name) - 1, 1)
    else:
        shown = name[0] + "*" * (len(name) - 2) + name[-1]
    return shown + "户"
