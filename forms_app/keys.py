"""Keyed hashes: count and find phones, devices and ID numbers without storing them twice in clear."""
import hashlib
import hmac

from django.conf import settings


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 under the platform's hash key: without the key, a digest cannot be tried against
    the mere 10^10 mobile numbers (a plain hash could be, in an afternoon)."""
    if not value:
        return ""
    key = (settings.RATE_LIMIT_HASH_SALT or settings.SECRET_KEY).encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
