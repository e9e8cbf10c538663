"""Checks on uploaded files by their content, not by their name.

A resident's phone may name a photo anything; an attacker may name an
executable ``photo.jpg``. The type is decided from the first bytes of the file,
must be one the field allows, and must agree with the extension given.
"""
import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

# (type key, MIME type, extensions, magic test)
SIGNATURES = [
    ("jpg", "image/jpeg", {"jpg", "jpeg"}, lambda h: h.startswith(b"\xff\xd8\xff")),
    ("png", "image/png", {"png"}, lambda h: h.startswith(b"\x89PNG\r\n\x1a\n")),
    ("gif", "image/gif", {"gif"}, lambda h: h[:6] in (b"GIF87a", b"GIF89a")),
    ("webp", "image/webp", {"webp"}, lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP"),
    ("heic", "image/heic", {"heic", "heif"}, lambda h: h[4:8] == b"ftyp" and h[8:12] in (b"heic", b"heix", b"mif1", b"msf1")),
    ("pdf", "application/pdf", {"pdf"}, lambda h: h.startswith(b"%PDF-")),
]
_IMAGE_TYPES = {"jpg", "png", "gif", "webp"}
#: Every type key a field may accept (jpg, png, gif, webp, heic, pdf).
KNOWN_TYPES = frozenset(key for key, *_rest in SIGNATURES)


def private_storage():
    """Where residents' uploads, staff files, issued documents and batch results are kept: never public."""
    return storages["private"]


@dataclass(frozen=True)
class CheckedFile:
    type_key: str
    content_type: str
    size: int
    sha256: str


def delete_after_commit(file):
    """Delete a stored file once the transaction that dropped its row commits: a rolled-back erasure leaves
    the file in place, and a file is never deleted while a row still names it."""
    name, storage = file.name, file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))

def sniff(head: bytes):
    for key, mime, exts, test in SIGNATURES:
        if test(head):
            return key, mime, exts
    return None


def check_upload(uploaded, *, allowed_types, max_bytes) -> CheckedFile:
    """Validate size, content type and extension; return what was found."""
    size = uploaded.size
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": round(max_bytes / 1048576, 1)},
            code="file_too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(32)
    found = sniff(head)
    allowed_list = ", ".join(sorted(allowed_types)).upper()
    if found is None or found[0] not in allowed_types:
        raise ValidationError(
            _("This file's content is not an accepted type. Accepted: %(types)s.") % {"types": allowed_list},
            code="file_type",
        )
    key, mime, exts = found
    name = (uploaded.name or "").lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext and ext not in exts:
        raise ValidationError(
            _("The file's name says .%(ext)s but its content is %(type)s. Please choose the original file.")
            % {"ext": ext, "type": key.upper()},
            code="file_mismatch",
        )
    if key in _IMAGE_TYPES:
        _verify_image(uploaded)
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(type_key=key, content_type=mime, size=size, sha256=digest.hexdigest())


def _verify_image(uploaded):
    """Decode the image header fully: a truncated or forged image is refused."""
    from PIL import Image

    uploaded.seek(0)
    try:
        with Image.open(io.BytesIO(uploaded.read())) as image:
            image.verify()
    except Exception as exc:  # Pillow raises many types for broken files
        raise ValidationError(_("The image file is damaged and cannot be opened."), code="file_broken") from exc
    finally:
        uploaded.seek(0)


def private_file_response(file, *, content_type, filename):
    """A private file as a download: 404 when it is missing, never sniffed as something else, never cached.

    Every private file (residents' uploads, staff files, issued documents, batch results) is served
    through this, after the view has decided the user may have it.
    """
    from django.http import FileResponse, Http404

    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
