"""Browser tests: pytest-django's live server driven by Playwright (sync API) in Debian Chromium.

Chromium is never downloaded by Playwright here: we launch the system binary
(``/usr/bin/chromium`` by default, or ``$E2E_CHROMIUM``). axe-core comes from
npm (``npm install`` at the project root). If either is missing the tests fail
with a message saying how to install it; they never skip silently.
"""
import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django would
# otherwise refuse ORM calls made from the test body ("async unsafe").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PROJECT_DIR = Path(__file__).resolve().parents[2]
AXE_JS = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MOBILE = {"width": 360, "height": 740}
ARTIFACTS = PROJECT_DIR / "var" / "e2e"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. The browser tests need the system Chromium: "
            "`apt-get install -y chromium` (or set E2E_CHROMIUM to its path). Do not run `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_path():
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core not found at {AXE_JS}: run `npm install` in {PROJECT_DIR}.", pytrace=False)
    return str(AXE_JS)


def _new_context(browser, live_server, **kwargs):
    options = {"base_url": live_server.url, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
    options.update(kwargs)
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    context.set_default_navigation_timeout(30_000)
    return context


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _page_fixture(request, context, name):
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        # Leave the page as the browser last showed it, for debugging (CI can keep var/e2e/).
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"FAILED-{request.node.name}-{name}.png"
        try:
            page.screenshot(path=str(target), full_page=True)
            print(f"\n{name} page at failure: {page.url} -> screenshot {target}")
        except Exception as exc:  # the page may be gone; never mask the real failure
            print(f"\ncould not screenshot {name} page: {exc}")
    context.close()


@pytest.fixture
def mobile_page(request, browser, live_server):
    """A resident's phone: 360×740, touch, zh-CN."""
    context = _new_context(browser, live_server, viewport=MOBILE, is_mobile=True, has_touch=True,
                           device_scale_factor=2)
    yield from _page_fixture(request, context, "mobile")


@pytest.fixture
def desktop_page(request, browser, live_server):
    """A staff member's desktop browser."""
    context = _new_context(browser, live_server, viewport={"width": 1280, "height": 900})
    yield from _page_fixture(request, context, "desktop")


@pytest.fixture
def demo(transactional_db, settings):
    """The demo county, forms and logins (config.demo), on a database a transactional test may have flushed: seeded
    by the first browser test, put back whole from its copy for the others (tests/e2e/snapshot.py)."""
    from config.demo import seed
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal
    from wagtail.models import Collection, Locale, Page

    from forms_app.models import FormsIndexPage

    from . import snapshot

    if snapshot.restore(settings.PRIVATE_MEDIA_ROOT):
        return FormsIndexPage.objects.get(slug="fuwu")
    ContentType.objects.clear_cache()  # a flush recreates content types under new ids
    if not Permission.objects.exists():
        # A flush left no rows at all: recreate what migrations' post_migrate handlers make.
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    Locale.objects.get_or_create(language_code="zh-hans")
    if Page.get_first_root_node() is None:
        # The root page comes from a Wagtail migration; a flush between transactional tests removes it.
        Page.objects.create(
            title="Root", slug="root", depth=1, path="0001", numchild=0, url_path="/",
            content_type=ContentType.objects.get_for_model(Page), locale=Locale.get_default(),
        )
    index = seed()
    snapshot.take(settings.PRIVATE_MEDIA_ROOT)
    return index


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def format_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"       {node['html'][:200]}")
    return "\n".join(lines)


@pytest.fixture
def axe(axe_path):
    """axe(page, "name"): run axe-core on the current page and fail with every violation listed."""
    seen = []

    def check(page, name):
        # Keep a picture of every checked page (var/e2e/) for a human look at the layout.
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / ("page-" + re.sub(r"\W+", "-", name) + ".png")), full_page=True)
        # Evaluated through the DevTools protocol, not added as a <script>: the pages' Content-Security-Policy
        # (rightly) refuses an inline script without its nonce.
        # Colours are judged as the page settles: the admin's message boxes fade in, and a frame caught mid-fade
        # is paler than the box (finite animations only; a spinner's would never end, hence the 2 s bound).
        page.evaluate("""() => Promise.race([
            Promise.all(document.getAnimations().filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
                .map(a => a.finished.catch(() => null))),
            new Promise(resolve => setTimeout(resolve, 2000))])""")
        page.evaluate(Path(axe_path).read_text(encoding="utf-8") + "\n;true")
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        violations = result["violations"]
        viewport = page.viewport_size
        if viewport and viewport["width"] <= 400:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} ({page.url}) scrolls sideways on a phone: {width}px wide"
        assert not violations, f"axe found accessibility violations on {name} ({page.url}):\n" + format_violations(violations)
        seen.append(name)
        return result

    check.seen = seen
    return check


@pytest.fixture(autouse=True)
def _live_server_requests_done():
    """After a browser test, wait for the live server's last requests to finish before the database is flushed.

    A page closed mid-load leaves its request running in a thread of the live server; what it writes after the
    flush (a session, a content type made again under a new id) would collide with the next test's restored rows.
    """
    import threading
    import time

    yield
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(
            thread.is_alive() and "process_request" in thread.name for thread in threading.enumerate()):
        time.sleep(0.05)
