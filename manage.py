#!/usr/bin/env python
"""Django's command-line utility.

The Django project package lives in ``site/config``. ``site`` itself cannot be
imported as a package (the standard library owns that name), so ``site/`` is put
on ``sys.path`` and the project is imported as ``config``.
"""
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BASE_DIR / "site"))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
