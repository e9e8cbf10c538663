"""Driving the resident's flow as a browser does: keys, steps, where and how a page's form is posted."""
import io
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

_KEY_RE = re.compile(r'name="_key" value="([0-9a-f]{32})"')


def form_key(response):
    """The hidden submission key of a rendered form or review page."""
    match = _KEY_RE.search(response.content.decode())
    assert match, response.content.decode()[:2000]
    return match.group(1)


def open_form(client, page, query=""):
    """GET the form (optionally ``?step=…``) and return its submission key."""
    response = client.get(page.url + query)
    assert response.status_code == 200, response.status_code
    return form_key(response)


def post_step(client, page, data, *, step=1, key=None, action="next", query="", **extra):
    """POST one step of ``page`` with a fresh (or given) key; returns the response."""
    key = key or open_form(client, page, query or (f"?step={step}" if step > 1 else ""))
    payload = {"_key": key, "_step": str(step), "_action": action, **data}
    return client.post(page.url + query, payload, **extra)


URLENCODED = "application/x-www-form-urlencoded"


class _PostForms(HTMLParser):
    """The POST forms of a page, as (action, enctype), in page order."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append((attrs.get("action"), attrs.get("enctype") or URLENCODED))


def answer_form_target(html, page_url):
    """Where and how a browser sends the page's answer form (the one that is not the language switch)."""
    parser = _PostForms()
    parser.feed(html)
    forms = [(action, enctype) for action, enctype in parser.forms if not (action or "").startswith("/i18n/")]
    assert len(forms) == 1, forms
    action, enctype = forms[0]
    return (action or page_url), enctype


def post_as_browser(client, action, enctype, data, **extra):
    """POST ``data`` as a browser sends a form with this ``enctype``: URL-encoded unless it asks for multipart."""
    if enctype == "multipart/form-data":
        return client.post(action, data, **extra)
    return client.post(action, urlencode(data, doseq=True), content_type=URLENCODED, **extra)


def valid_id_number(first17="11010519491231002"):
    """An ID number with a correct GB 11643 check digit."""
    from forms_app.validators import id_check_digit

    return first17 + id_check_digit(first17)


def png_file(name="photo.png", size=(4, 4)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def in_page(response, text):
    """True when ``text`` appears in the page as the template would escape it."""
    return escape(str(text)) in response.content.decode()
