"""A mail server the test holds: each message waits until the test opens the gate, then is written to a file.

The worker process writes ``entered-<pid>`` when it reaches the server, so the test knows the notice's task
is in the middle of sending, and can kill the worker right there. Every accepted message is one file, so
the test counts what residents and staff would have received.
"""
import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class GatedEmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        box = Path(os.environ["WORKER_MAILBOX"])
        (box / f"entered-{os.getpid()}").touch()
        while not (box / "open").exists():
            time.sleep(0.05)
        for message in messages:
            (box / f"mail-{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(messages)
