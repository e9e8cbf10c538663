"""URL pieces every room uses: an id converter that only matches ids a database column can hold, and a
token converter for private links.

Django's ``<int:…>`` matches any number of digits, and a 20-digit id overflows SQLite's INTEGER and
PostgreSQL's bigint; the lookup then fails with a 500 instead of a 404. ``<id:…>`` matches 1 to 18
digits, so such an address simply resolves to nothing (404). Registered in OrganisationConfig.ready,
before any URLconf is read.
"""
from django.urls import register_converter

#: The largest id any of our tables hands out fits in 18 digits (bigint holds 19).
MAX_ID = 10**18 - 1


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class TokenConverter:
    """A private link's token (``secrets.token_urlsafe``): letters, digits, ``-`` and ``_``, at most 64.

    Anything else (a NUL byte, which PostgreSQL refuses in a text column, a megabyte of text) resolves to
    nothing, a 404, before a query is built from it.
    """

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


def register():
    register_converter(IdConverter, "id")
    register_converter(TokenConverter, "token")


def valid_id(value):
    """Is ``value`` an id a row of ours could have (a positive integer that fits the column)?"""
    return isinstance(value, int) and 0 < value <= MAX_ID
