"""Production settings pass Django's deployment checks with nothing silenced, HTTPS and HSTS on by default."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def production(code, **env):
    """Run ``code`` with the production settings and only the environment a deployment gives (not the test
    run's own, which other tests change: the browser tests allow async-unsafe calls, for one)."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "fuwu.example.gov.cn", "DATABASE_URL": os.environ.get("DATABASE_URL") or "sqlite:///:memory:",
        **env,
    }
    return subprocess.run([sys.executable, *code], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_the_deployment_checks_pass_with_nothing_silenced():
    result = production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout + result.stderr


def test_https_and_hsts_are_on_by_default_and_the_health_check_stays_on_plain_http():
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_REDIRECT_EXEMPT, s.SILENCED_SYSTEM_CHECKS)")
    result = production(["-c", "import sys; sys.path[:0] = ['site', '.']; " + code])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "['^healthz$']", "[]"]


def test_production_refuses_to_start_without_a_secret_key():
    result = production(["manage.py", "check"], SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_the_readme_lists_every_variable_production_reads():
    import re

    read = set()
    for name in ("base.py", "production.py"):
        read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', (ROOT / "site/config/settings" / name).read_text()))
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Production"):readme.index("## How forms work")]
    assert {name for name in read if f"`{name}`" not in table} == set()


def test_production_refuses_to_start_behind_proxies_without_a_proxy_count():
    for count in ({}, {"TRUSTED_PROXY_COUNT": "0"}):
        result = production(["manage.py", "check"], BEHIND_PROXY="1", **count)
        assert result.returncode != 0
        assert "TRUSTED_PROXY_COUNT is not set" in result.stderr


def test_behind_proxies_with_their_count_the_deployment_checks_pass():
    result = production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], BEHIND_PROXY="1",
                        TRUSTED_PROXY_COUNT="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_app_server_process_shares_one_cache_in_production(tmp_path):
    """The results board is cached once for every process: Redis when REDIS_URL says so, else a directory."""
    script = ("import sys; sys.path[:0] = ['site', '.']; import django; django.setup(); "
              "from django.core.cache import cache; cache.set('shared', 'yes'); "
              "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])")
    first = production(["-c", script], APP_VAR_DIR=str(tmp_path))
    assert first.stdout.split() == ["django.core.cache.backends.filebased.FileBasedCache"], first.stderr
    read = ("import sys; sys.path[:0] = ['site', '.']; import django; django.setup(); "
            "from django.core.cache import cache; print(cache.get('shared'))")
    assert production(["-c", read], APP_VAR_DIR=str(tmp_path)).stdout.split() == ["yes"]  # another process
    backend = ("import sys; sys.path[:0] = ['site', '.']; import django; django.setup(); "
               "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])")
    redis = production(["-c", backend], REDIS_URL="redis://127.0.0.1:6379/15")
    assert redis.stdout.split() == ["django.core.cache.backends.redis.RedisCache"], redis.stderr
