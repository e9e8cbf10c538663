"""Our real certificate to PDF: stock WeasyPrint with the system Noto CJK font vs documents.render.

Run with ``bin/bench-pdf`` (``bin/bench-pdf --smoke`` for a quick check, ``--help`` for options). The
document is the one residents get: a ``DocumentTemplate`` (星级文明户证书, A4 landscape, not saved) put
through ``documents.compose.document_html`` -- ``templates/documents/document.html`` with the
serial number, the verification QR code (PNG data URI) and the fixed footer. Prints:

- stock: ``HTML(...).write_pdf(pdf_variant="pdf/ua-1")`` of that HTML with
  ``font-family: "Noto Serif CJK SC"``, a new FontConfiguration each time (what a naive view would do).
  ``--stock-fonttools`` adds stock runs with WeasyPrint forced onto its fontTools subsetter, i.e. a host
  without libharfbuzz-subset >= 4.1;
- ours cold: a fresh Python process's first render, (a) with an empty font cache (builds the common
  subsets) and (b) with the fonts already in var/fonts/;
- ours warm: median / p95 of ``render_document(html)`` over N renders in this process (GB2312 names),
  and what composing the HTML costs;
- ours rare: names with characters outside GB2312 (李堃喆、张镕赟、王䶮、吉𠮷): median / p95 of N renders,
  and the first render of never-seen rare names (builds the tiny extra subset);
- batch: documents per second over 2 worker processes (fork; each composes and renders its documents,
  names and serial numbers differ per document);
- coverage: for every distinct PDF rendered, every character of the document's visible text must be drawn
  with a real (non-empty) glyph of a font program embedded in the PDF, found through the font's ToUnicode
  map, and no font may use WeasyPrint's missing-glyph encoding.

Then a summary of the targets and whether each is met. Exit status 1 when the coverage check fails (or,
with ``--check-targets``, when a target is missed).
"""
import argparse
import concurrent.futures
import datetime
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for p in (ROOT, ROOT / "site"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from tests.bench.pdf_coverage import Coverage, visible_text  # noqa: E402  (after the project is on the path)

PLAIN_NAME = "王芳"
RARE_NAMES = "李堃喆、张镕赟、王䶮、吉𠮷"
STOCK_FONT = 'html { font-family: "Noto Serif CJK SC"; }'
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志宏海波晨雪琳佳欣怡浩宇梓萱子涵"

TARGETS = {  # what the summary checks
    "median_ms": 50.0,
    "docs_per_second": 20.0,
    "rare_ms": 300.0,
    "size_kb": 150.0,
}


# -- the document ----------------------------------------------------------------------------------


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def certificate_template():
    from documents.models import DocumentTemplate

    return DocumentTemplate(
        name="星级文明户证书", kind="certificate", title="荣誉证书", serial_prefix="镇赉证字",
        issuer="东湖街道办事处", page_format="A4 landscape", seal=None, footer="{{ issuer }}",
        body="<p>{{ resident_name }}家庭：</p>"
             "<p>在二〇二六年度星级文明户评选中，被评为“五星级文明户”。特发此证，以资鼓励。</p>",
    )


def document_html(name, number=123, verify_code="ABCDE23456"):
    from zoneinfo import ZoneInfo

    from documents import compose
    from documents.models import format_verify_code

    template = certificate_template()
    issue = compose.Issue(
        serial=f"{template.serial_prefix}〔2026〕第{number:06d}号", verify_code=verify_code,
        display_code=format_verify_code(verify_code),
        issued_at=datetime.datetime(2026, 11, 21, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")),
        title=template.title, issuer=template.issuer)
    return compose.document_html(template, {"resident_name": name}, issue)


def batch_names(count, seed=2026):
    rng = random.Random(seed)
    return [rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            for _ in range(count)]


def verify_code(rng):
    from documents.models import VERIFY_ALPHABET, VERIFY_LENGTH

    return "".join(rng.choice(VERIFY_ALPHABET) for _ in range(VERIFY_LENGTH))


def fresh_rare_names(rng):
    """Three names with Ext-A characters this cache has (very probably) never seen: forces an extra build."""
    import docfonts as fonts

    common = fonts.common_fonts().covered
    pool = [cp for cp in range(0x3400, 0x4DB6) if cp not in common]
    return "、".join("王" + chr(rng.choice(pool)) + chr(rng.choice(pool)) for _ in range(3))


# -- timing ----------------------------------------------------------------------------------------


def percentile(times, q):
    times = sorted(times)
    return times[min(len(times) - 1, round(q * (len(times) - 1)))]


def summary(times):
    return (f"median {statistics.median(times) * 1000:8.1f} ms   p95 {percentile(times, 0.95) * 1000:8.1f} ms"
            f"   (n={len(times)})")


def timed(fn, n):
    out, result = [], None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()
        out.append(time.perf_counter() - start)
    return out, result


def stock(document, n, fonttools=False):
    from weasyprint import CSS, HTML

    if fonttools:
        import weasyprint.pdf.fonts as wp_fonts

        saved, wp_fonts.harfbuzz_subset = wp_fonts.harfbuzz_subset, None
    try:
        return timed(lambda: HTML(string=document).write_pdf(
            stylesheets=[CSS(string=STOCK_FONT)], pdf_variant="pdf/ua-1"), n)
    finally:
        if fonttools:
            wp_fonts.harfbuzz_subset = saved


COLD_CHILD = """
import sys, time, json
start = time.perf_counter()
sys.path[:0] = {paths!r}
import docfonts as fonts
from documents import render
pdf = render.render_pdf({html!r})
print(json.dumps({{"seconds": time.perf_counter() - start, "stats": dict(fonts.stats), "bytes": len(pdf)}}))
"""


def cold(document, font_dir=None):
    env = dict(os.environ)
    if font_dir:
        env["DOCUMENTS_FONT_DIR"] = font_dir
    code = COLD_CHILD.format(paths=[str(ROOT), str(ROOT / "site")], html=document)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- batch over worker processes -------------------------------------------------------------------


def _worker_init():
    from documents import render

    render.warm_up()
    render.render_document(document_html(PLAIN_NAME))  # and this template's stylesheet


def _worker_ping(seconds):
    time.sleep(seconds)
    return os.getpid()


def _worker_render(job):
    from documents import render

    name, number, code = job
    document = document_html(name, number, code)
    return document, render.render_document(document).pdf


def batch(count, workers=2):
    """(documents per second, [(html, pdf)]) for ``count`` documents over ``workers`` forked processes."""
    rng = random.Random(7)
    jobs = [(name, 1000 + i, verify_code(rng)) for i, name in enumerate(batch_names(count))]
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init) as pool:
        pids = set(pool.map(_worker_ping, [0.3] * workers))  # every worker started and warmed up
        start = time.perf_counter()
        results = list(pool.map(_worker_render, jobs, chunksize=1))
        elapsed = time.perf_counter() - start
    return count / elapsed, results, len(pids)


# -- main ------------------------------------------------------------------------------------------


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true",
                        help="1 stock + 3 warm renders, a 10-document batch, no cold processes (< 30 s)")
    parser.add_argument("-n", type=int, default=50, help="warm renders per measurement (default 50)")
    parser.add_argument("--stock-runs", type=int, default=5, help="stock renders (default 5)")
    parser.add_argument("--batch", type=int, default=200, help="documents in the 2-process batch (default 200)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for the batch (default 2)")
    parser.add_argument("--stock-fonttools", type=int, default=0, metavar="N",
                        help="also N stock renders with WeasyPrint's fontTools subsetter (~10 s each)")
    parser.add_argument("--check-targets", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.smoke:
        args.n, args.stock_runs, args.stock_fonttools, args.batch = 3, 1, 0, 10
    return args


def measure_batch_and_stock(args, plain, coverage, figures):
    """The batch first: its workers are forked from a process that has not rendered anything yet."""
    figures["per_second"], results, figures["used"] = batch(args.batch, args.workers)
    for document, pdf in results:
        coverage.check("batch", document, pdf)
    figures["batch_sizes"] = [len(pdf) for _, pdf in results]
    times, pdf = stock(plain, args.stock_runs)
    figures["stock_median"] = statistics.median(times)
    coverage.check("stock", plain, pdf)
    print(f"stock WeasyPrint, system Noto Serif CJK SC    {summary(times)}   {len(pdf) / 1024:7.1f} KiB")
    if args.stock_fonttools:
        times, pdf = stock(plain, args.stock_fonttools, fonttools=True)
        print(f"stock, fontTools subsetter                    {summary(times)}   {len(pdf) / 1024:7.1f} KiB")


def measure_cold(plain):
    with tempfile.TemporaryDirectory() as empty:
        result = cold(plain, empty)
    print(f"ours cold process, empty font cache           {result['seconds'] * 1000:8.1f} ms"
          f"   (builds: common {result['stats'].get('common_built', 0)},"
          f" extra {result['stats'].get('extra_built', 0)})")
    result = cold(plain)
    print(f"ours cold process, fonts on disk              {result['seconds'] * 1000:8.1f} ms"
          f"   (common loaded {result['stats'].get('common_loaded', 0)},"
          f" built {result['stats'].get('common_built', 0)})")


def measure_warm(args, plain, coverage, figures, fonts, render):
    start = time.perf_counter()
    render.render_document(plain)  # this process's first render
    print(f"ours first render in this process             {(time.perf_counter() - start) * 1000:8.1f} ms"
          f"   (common built {fonts.stats['common_built']}, loaded {fonts.stats['common_loaded']})")
    times, _ = timed(lambda: document_html(PLAIN_NAME), max(args.n, 5))
    print(f"ours compose HTML (document_html, with QR)    {summary(times)}")
    cpu_start = time.process_time()
    times, result = timed(lambda: render.render_document(plain), args.n)
    cpu_mean_ms = (time.process_time() - cpu_start) / args.n * 1000
    figures.update(median=statistics.median(times), p95=percentile(times, 0.95), size=len(result.pdf))
    coverage.check("plain", plain, result.pdf)
    print(f"ours render, warm, {PLAIN_NAME}                     {summary(times)}   {figures['size'] / 1024:7.1f} KiB"
          f"   fonts: {', '.join(dict.fromkeys(f.family for f in result.font_plan.faces))};"
          f" CPU {cpu_mean_ms:.1f} ms a render (mean)")


def measure_rare(args, coverage, figures, fonts, render):
    rare = document_html(RARE_NAMES)
    render.render_document(rare)  # its extra subset: built here or found in var/fonts/extra
    times, result = timed(lambda: render.render_document(rare), args.n)
    figures.update(rare_median=statistics.median(times), rare_size=len(result.pdf))
    coverage.check("rare", rare, result.pdf)
    print(f"ours render, warm, {RARE_NAMES}   {summary(times)}   {figures['rare_size'] / 1024:7.1f} KiB"
          f"   extra: {result.extra_chars}")
    names = fresh_rare_names(random.Random(time.time_ns()))
    fresh = document_html(names)
    before = fonts.stats["extra_built"]
    start = time.perf_counter()
    result = render.render_document(fresh)
    figures["rare_first"] = time.perf_counter() - start
    coverage.check("new rare", fresh, result.pdf)
    print(f"ours first render, new rare names {names}  {figures['rare_first'] * 1000:8.1f} ms"
          f"   (extra subsets built: {fonts.stats['extra_built'] - before})")


def target_rows(args, coverage, f):
    largest = max([f["size"], f["rare_size"], *f["batch_sizes"]]) / 1024
    rare_worst = max(f["rare_median"], f["rare_first"])
    return [
        ("median render, one-page certificate", f"{f['median'] * 1000:.1f} ms (p95 {f['p95'] * 1000:.1f})",
         f"<= {TARGETS['median_ms']:.0f} ms", f["median"] * 1000 <= TARGETS["median_ms"]),
        (f"batch, {args.workers} processes", f"{f['per_second']:.1f} docs/s",
         f">= {TARGETS['docs_per_second']:.0f} docs/s", f["per_second"] >= TARGETS["docs_per_second"]),
        ("rare-character document (first render / warm)",
         f"{f['rare_first'] * 1000:.0f} / {f['rare_median'] * 1000:.1f} ms",
         f"<= {TARGETS['rare_ms']:.0f} ms", rare_worst * 1000 <= TARGETS["rare_ms"]),
        ("largest PDF", f"{largest:.1f} KiB", f"<= {TARGETS['size_kb']:.0f} KB", largest <= TARGETS["size_kb"]),
        ("missing glyphs", f"{len(coverage.problems)} problems in {coverage.checked} PDFs", "none",
         not coverage.problems),
    ]


def report(args, coverage, figures, fonts, load_before):
    sizes = figures["batch_sizes"]
    print(f"ours batch, {args.workers} processes ({figures['used']} used), {args.batch} documents  "
          f"{figures['per_second']:8.1f} documents/s   sizes {min(sizes) / 1024:.1f}-{max(sizes) / 1024:.1f} KiB")
    print(f"coverage: {coverage.checked} distinct PDFs checked against their text:"
          f" {'every character has an embedded glyph' if not coverage.problems else 'PROBLEMS'}")
    for problem in coverage.problems:
        print("   ", problem)
    print("counters:", dict(sorted(fonts.stats.items())))
    rows = target_rows(args, coverage, figures)
    stock_median = figures["stock_median"]
    print()
    print(f"Summary ({'smoke run: few samples, timings are indicative only' if args.smoke else 'full run'};"
          f" stock WeasyPrint median {stock_median * 1000:.0f} ms, {stock_median / figures['median']:.1f}x ours;"
          f" load average {load_before:.2f} -> {os.getloadavg()[0]:.2f}: other busy processes slow every figure)")
    for label, value, target, ok in rows:
        print(f"  [{'MET ' if ok else 'MISS'}] {label:48s} {value:28s} target {target}")
    return bool(coverage.problems) or (args.check_targets and not all(ok for *_, ok in rows))


def main(argv=None):
    args = parse(argv)
    setup_django()
    from weasyprint import __version__ as wp_version

    import docfonts as fonts
    from documents import render

    coverage, figures = Coverage(), {}
    plain = document_html(PLAIN_NAME)
    source = fonts.find_source()
    load_before = os.getloadavg()[0]
    print(f"WeasyPrint {wp_version}; {os.cpu_count()} CPUs, load average {load_before:.2f};"
          f" source {source.path} face #{source.index}; font cache {fonts.config.FONT_DIR}")
    print(f"document: 星级文明户证书 via compose.document_html, A4 landscape, QR code;"
          f" {len(visible_text(plain).strip())} characters of text, HTML {len(plain.encode()) / 1024:.1f} KiB")
    print()
    measure_batch_and_stock(args, plain, coverage, figures)
    if not args.smoke:
        measure_cold(plain)
    measure_warm(args, plain, coverage, figures, fonts, render)
    measure_rare(args, coverage, figures, fonts, render)
    return 1 if report(args, coverage, figures, fonts, load_before) else 0


if __name__ == "__main__":
    sys.exit(main())
