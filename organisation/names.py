"""Staff names as they are written here: surname first, and no space between two Chinese parts (刘建华, not
"建华 刘"). Django's ``User.get_full_name`` puts the given name first with a space, and Wagtail shows that name
in its own pages ("将由建华 刘创建"); the project keeps Django's default user model, so
:class:`~organisation.apps.OrganisationConfig` points ``get_full_name`` here."""
import unicodedata


def _is_cjk(text):
    return any(unicodedata.east_asian_width(c) in ("W", "F") for c in text)


def full_name(user):
    """``user``'s name, surname first: "刘建华" for Chinese parts, "Li Hua" otherwise; "" when there is none."""
    surname, given = (user.last_name or "").strip(), (user.first_name or "").strip()
    if not (surname and given):
        return surname or given
    joiner = "" if _is_cjk(surname) and _is_cjk(given) else " "
    return f"{surname}{joiner}{given}"
