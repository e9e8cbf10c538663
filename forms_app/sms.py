"""Sending text messages: one interface, ``send(phone, text)``, and the backend settings.SMS_BACKEND names.

- :class:`ConsoleBackend` prints the message (the demo: the code appears in ``bin/run``'s terminal);
- :class:`FileBackend` appends it to settings.SMS_FILE_PATH, one line each (tests, or a demo without a terminal);
- :class:`HttpBackend` posts it to an SMS gateway (SMS_HTTP_URL) as JSON, signed the way Chinese gateways
  commonly ask: an access key id, a timestamp and a nonce, and an HMAC-SHA256 of them and the body with
  the secret (SMS_HTTP_KEY_ID, SMS_HTTP_SECRET). The sign name (签名, SMS_SIGN_NAME) goes with each message,
  as the operators require. A gateway with another wire format needs only another small class.

A backend raises :class:`SmsError` when the message was not accepted; callers tell the resident.
"""
import hashlib
import hmac
import json
import secrets
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The message could not be handed to the gateway."""


def backend():
    return import_string(settings.SMS_BACKEND)()


class ConsoleBackend:
    def send(self, phone, text):
        sys.stdout.write(f"[SMS to {phone}] {text}\n")
        sys.stdout.flush()


class FileBackend:
    def send(self, phone, text):
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(f"{phone}\t{text}\n")


def signature(secret, timestamp, nonce, body):
    """Hex HMAC-SHA256 over ``timestamp\\nnonce\\nbody``: what the gateway recomputes to trust the request."""
    message = f"{timestamp}\n{nonce}\n".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class HttpBackend:
    """A JSON POST ``{"phone", "sign_name", "content"}``; 2xx with ``"code"`` 0/"OK" (or no code) is success."""

    def send(self, phone, text):
        if not settings.SMS_HTTP_URL:
            raise SmsError("SMS_HTTP_URL is not set")
        body = json.dumps({"phone": phone, "sign_name": settings.SMS_SIGN_NAME, "content": text},
                          ensure_ascii=False).encode()
        timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
        request = urllib.request.Request(settings.SMS_HTTP_URL, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Access-Key": settings.SMS_HTTP_KEY_ID,
            "X-Timestamp": timestamp,
            "X-Nonce": nonce,
            "X-Signature": signature(settings.SMS_HTTP_SECRET, timestamp, nonce, body),
        })
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_HTTP_TIMEOUT) as response:
                answer = response.read()
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError(f"SMS gateway unreachable or refused: {error}") from error
        try:
            code = json.loads(answer or b"{}").get("code", "OK")
        except (ValueError, AttributeError) as error:
            raise SmsError("SMS gateway answered something other than JSON") from error
        if str(code).upper() not in ("0", "OK"):
            raise SmsError(f"SMS gateway refused the message: {code}")
