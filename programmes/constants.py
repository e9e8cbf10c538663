"""Enumerations of the programmes room (one block per part)."""
from django.db import models  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401
