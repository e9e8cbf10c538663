"""Resident submissions of a 10-field form: our path (submission + case) against a stock Wagtail form page.

Run with ``bin/bench`` (``bin/bench --smoke`` for a quick check, ``bin/bench --help`` for options).
Both paths run in this one process, through ``django.test.Client``, against the same
throw-away database (SQLite file under var/, or ``bench_<name>`` on the PostgreSQL
server named by DATABASE_URL), in rounds that alternate the two sides every few submissions. One submission is:

- stock: one POST to a ``wagtail.contrib.forms`` ``AbstractForm`` page (it renders the landing page);
- ours, "POST only": the POST (answers stored, case opened, 303 to the confirmation page);
- ours, "POST+confirmation": the POST plus following the 303, which is what a resident sees.

Each side posts as a browser would post the form its page renders: to the form's
``action`` (the page's own address when it has none; ours posts to the form's id),
encoded by its ``enctype`` (URL-encoded unless the form asks for multipart).

Every submission has a fresh ``_key`` and its own REMOTE_ADDR, so neither the
idempotency check nor the daily limit turns a submission away.
"""
import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for p in (ROOT, ROOT / "site"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

# Ten questions of realistic types that both our builder and Wagtail's stock builder express.
CHOICES_CATEGORY = "环境卫生\n噪音扰民\n道路设施\n邻里纠纷\n其他"
CHOICES_URGENCY = "一般\n较急\n紧急"
CHOICES_ASPECTS = "垃圾\n噪音\n照明\n绿化\n停车"
FIELDS = [
    # (label, field_type, extra, value posted)
    ("姓名", "singleline", {"required": True}, "张三"),
    ("联系电话", "singleline", {"required": True}, "13800138000"),
    ("电子邮箱", "email", {"required": False}, "zhangsan@example.com"),
    ("问题描述", "multiline", {"required": True}, "小区东门路灯已经坏了两个星期，晚上出行很不方便，希望尽快维修。" * 3),
    ("涉及人数", "number", {"required": False}, "3"),
    ("事项类别", "dropdown", {"required": True, "choices": CHOICES_CATEGORY}, "道路设施"),
    ("紧急程度", "radio", {"required": True, "choices": CHOICES_URGENCY}, "较急"),
    ("涉及方面", "checkboxes", {"required": False, "choices": CHOICES_ASPECTS}, ["照明", "停车"]),
    ("发生日期", "date", {"required": True}, "2026-05-01"),
    ("同意公开处理结果", "checkbox", {"required": False}, "on"),
]
KEY_RE = re.compile(r'name="_key" value="([0-9a-f]{32})"')


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bin/bench", description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny quick run: 2 rounds of 20, 5 warm-up (for CI)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--per-round", type=int, default=200, help="submissions per side per round")
    parser.add_argument("--block", type=int, default=10, help="alternate sides every this many submissions")
    parser.add_argument("--warmup", type=int, default=30, help="warm-up submissions per side")
    parser.add_argument("--profile", action="store_true", help="also cProfile N submissions of each side")
    parser.add_argument("--profile-n", type=int, default=300)
    parser.add_argument("--queries", action="store_true", help="print the SQL of one submission of each side")
    parser.add_argument(
        "--min-ratio", type=float, default=None, help="exit 1 if the median ours(POST+confirmation)/stock is below"
    )
    parser.add_argument("--keepdb", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args(argv)
    if args.smoke:
        args.rounds, args.per_round, args.warmup, args.profile_n = 2, 20, 5, 20
    return args


class Bench:
    def __init__(self):
        from django.test import Client

        from tests.factories import post_as_browser

        self.client = Client()
        self._post_as_browser = post_as_browser
        self.ip = 0

    def next_ip(self):
        self.ip += 1
        n = self.ip
        return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"

    # -- setup ----------------------------------------------------------------

    def build_pages(self):
        from tests.bench.stockforms.models import StockFormField, StockFormPage
        from tests.factories import forms_index, make_form

        ours = make_form(
            [(label, ftype, dict(extra)) for label, ftype, extra, _ in FIELDS],
            title="居民诉求登记（基准）",
            slug="bench-ours",
            daily_limit=32767,
        )
        index = forms_index()
        stock = StockFormPage(title="居民诉求登记（Wagtail 原生）", slug="bench-stock")
        for order, (label, ftype, extra, _) in enumerate(FIELDS):
            stock.form_fields.add(StockFormField(label=label, field_type=ftype, sort_order=order, **extra))
        index.add_child(instance=stock)
        stock.save_revision().publish()
        stock.refresh_from_db()
        self.ours_page, self.stock_page = ours, stock
        self.ours_url, self.stock_url = ours.url, stock.url
        self.ours_data = self.post_data([f.field_id for f in ours.get_form_fields()])
        self.stock_data = self.post_data([f.clean_name for f in stock.get_form_fields()])

    @staticmethod
    def post_data(names):
        assert len(names) == len(FIELDS), names
        return {name: value for name, (*_, value) in zip(names, FIELDS)}

    def check_pages(self):
        """GET both forms once: the pages render, our form carries a 32-hex ``_key``, and each
        page says where and how its answers are sent."""
        ours = self.client.get(self.ours_url)
        assert ours.status_code == 200, ours.status_code
        match = KEY_RE.search(ours.content.decode())
        assert match, "no _key in our form page"
        for name in self.ours_data:
            assert f'name="{name}"' in ours.content.decode(), name
        stock = self.client.get(self.stock_url)
        assert stock.status_code == 200, stock.status_code
        for name in self.stock_data:
            assert f'name="{name}"' in stock.content.decode(), name
        from tests.factories import answer_form_target

        self.ours_target = answer_form_target(ours.content.decode(), self.ours_url)
        self.stock_target = answer_form_target(stock.content.decode(), self.stock_url)

    def post_as_browser(self, target, data, **extra):
        return self._post_as_browser(self.client, *target, data, **extra)

    def ours_post(self):
        data = {**self.ours_data, "_key": uuid.uuid4().hex, "_step": "1"}
        response = self.post_as_browser(self.ours_target, data, REMOTE_ADDR=self.next_ip())
        if response.status_code != 303:
            raise AssertionError(f"ours: expected 303, got {response.status_code}: {response.content[:2000]!r}")
        return response["Location"]

    def ours_confirmation(self, location):
        response = self.client.get(location)
        if response.status_code != 200 or b'id="reference"' not in response.content:
            raise AssertionError(f"ours confirmation: {response.status_code}")

    def ours_full(self):
        self.ours_confirmation(self.ours_post())

    def stock_post(self):
        response = self.post_as_browser(self.stock_target, self.stock_data, REMOTE_ADDR=self.next_ip())
        if response.status_code != 200 or b"panel--success" not in response.content:
            raise AssertionError(f"stock: not the landing page ({response.status_code}): {response.content[:2000]!r}")

    # -- timing ---------------------------------------------------------------

    def time_stock(self, n):
        t0 = time.perf_counter()
        for _ in range(n):
            self.stock_post()
        return time.perf_counter() - t0

    def time_ours(self, n):
        """Seconds spent on n of our submissions: (POSTs, confirmation GETs)."""
        post = confirm = 0.0
        for _ in range(n):
            t0 = time.perf_counter()
            location = self.ours_post()
            t1 = time.perf_counter()
            self.ours_confirmation(location)
            t2 = time.perf_counter()
            post += t1 - t0
            confirm += t2 - t1
        return post, confirm

    def time_round(self, n, block):
        """One round of n submissions per side, alternating sides every ``block`` submissions
        (and which side goes first), so both see the same machine load and database size."""
        stock = post = confirm = 0.0
        done = 0
        while done < n:
            k = min(block, n - done)
            if (done // block) % 2 == 0:
                stock += self.time_stock(k)
                p, c = self.time_ours(k)
            else:
                p, c = self.time_ours(k)
                stock += self.time_stock(k)
            post, confirm, done = post + p, confirm + c, done + k
        return n / stock, n / post, n / (post + confirm)

    def count_queries(self, show=False):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        counts = {}
        with CaptureQueriesContext(connection) as q_post:
            location = self.ours_post()
        with CaptureQueriesContext(connection) as q_confirm:
            self.ours_confirmation(location)
        with CaptureQueriesContext(connection) as q_stock:
            self.stock_post()
        counts = {"ours POST": q_post, "ours confirmation GET": q_confirm, "stock POST": q_stock}
        if show:
            for name, ctx in counts.items():
                print(f"\n-- SQL of one submission: {name} ({len(ctx.captured_queries)} queries)")
                for i, query in enumerate(ctx.captured_queries, 1):
                    print(f"{i:3d}. {query['sql'][:300]}")
        return {name: len(ctx.captured_queries) for name, ctx in counts.items()}


def profile(bench, n):
    for label, fn in (("ours (POST+confirmation)", bench.ours_full), ("stock (POST)", bench.stock_post)):
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(n):
            fn()
        prof.disable()
        for sort in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(prof, stream=out).strip_dirs().sort_stats(sort).print_stats(35)
            print(f"\n==== profile: {label}, {n} submissions, by {sort} ====")
            print(out.getvalue())
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(r"organisation|forms_app|cases|documents|stockforms|wagtail/contrib/forms|template/(base|loader)", 40)
        print(f"\n==== profile: {label}, project and form code, by cumulative ====")
        print(out.getvalue().replace(str(ROOT) + "/", ""))


def run_rounds(bench, args):
    rows = []
    for r in range(args.rounds):
        stock, ours_post, ours_full = bench.time_round(args.per_round, args.block)
        rows.append((stock, ours_post, ours_full))
        print(
            f"round {r + 1}/{args.rounds}: stock {stock:7.1f}/s   ours POST {ours_post:7.1f}/s   "
            f"ours POST+confirmation {ours_full:7.1f}/s   ratio {ours_full / stock:.2f} (POST only {ours_post / stock:.2f})",
            flush=True,
        )
    return rows


def report(bench, args, rows, queries, engine, db_name):
    """Print the medians across rounds; returns the ratio ours (POST + confirmation) / stock."""
    import wagtail
    from django import get_version

    med = statistics.median
    ratio_full = med(o_full / s for s, _, o_full in rows)
    ratio_post = med(o_post / s for s, o_post, _ in rows)
    print()
    print(f"database: {engine} ({db_name}); Django {get_version()}, Wagtail {wagtail.__version__}, "
          f"Python {sys.version.split()[0]}")
    print(f"posting as a browser: stock to {bench.stock_target[0]} ({bench.stock_target[1]}), "
          f"ours to {bench.ours_target[0]} ({bench.ours_target[1]})")
    print(f"{args.rounds} rounds x {args.per_round} submissions per side, {args.warmup} warm-up, sides alternating every {args.block}; "
          f"10-field form; medians across rounds")
    print(f"  stock Wagtail form (POST)          {med(r[0] for r in rows):8.1f} submissions/s   "
          f"{queries['stock POST']:3d} queries/submission")
    print(f"  ours POST only                     {med(r[1] for r in rows):8.1f} submissions/s   "
          f"{queries['ours POST']:3d} queries/submission")
    print(f"  ours POST+confirmation             {med(r[2] for r in rows):8.1f} submissions/s   "
          f"{queries['ours POST'] + queries['ours confirmation GET']:3d} queries/submission "
          f"({queries['ours confirmation GET']} for the confirmation GET)")
    print(f"  ratio ours/stock, POST+confirmation  {ratio_full:.2f}x   (target >= 1.00x)")
    print(f"  ratio ours/stock, POST only          {ratio_post:.2f}x")
    return ratio_full


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    import django

    django.setup()
    from django.db import connection

    creation = connection.creation
    db_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        bench = Bench()
        bench.build_pages()
        bench.check_pages()
        for _ in range(args.warmup):
            bench.stock_post()
            bench.ours_full()
        queries = bench.count_queries(show=args.queries)
        rows = run_rounds(bench, args)
        ratio_full = report(bench, args, rows, queries, connection.vendor, db_name)
        from tests.bench.checkup_bench import report_checkups

        report_checkups(bench, n=10 if args.smoke else 100, warmup=2 if args.smoke else 10)
        if args.profile:
            profile(bench, args.profile_n)
    finally:
        if not args.keepdb:
            creation.destroy_test_db(db_name, verbosity=0)
    if args.min_ratio is not None and ratio_full < args.min_ratio:
        print(f"FAIL: ratio {ratio_full:.2f} below --min-ratio {args.min_ratio}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
