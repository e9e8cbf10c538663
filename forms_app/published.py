"""What residents see of a form, read once per process and published version.

Publishing (or unpublishing) a form changes :func:`published_key`, so a changed form is read afresh.
The rooms above cache what they keep per form (case settings, document rules) the same way, since
those are part of the page and change only when it is published.
"""

_published_fields: dict = {}


def published_key(page):
    """Identifies what residents see of a form; publishing (or unpublishing) changes it."""
    return (page.pk, page.live_revision_id, page.last_published_at, page.allow_anonymous)


def per_published_version(cache, page, build, *, extra=(), limit=500):
    """``build()``, computed once per process for what residents see of ``page`` (and ``extra``).

    ``cache`` (a module-level dict of the caller's) is emptied when it holds more than ``limit`` entries.
    """
    key = (published_key(page), extra)
    value = cache.get(key)
    if value is None:
        if len(cache) > limit:
            cache.clear()
        value = cache[key] = build()
    return value


def published_fields(page):
    """The questions of the live revision, read once per process and revision."""
    return list(per_published_version(_published_fields, page, lambda: tuple(page.get_form_fields())))
