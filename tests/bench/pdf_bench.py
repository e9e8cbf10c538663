"""One-page Chinese certificate to PDF: stock WeasyPrint with the system Noto CJK font vs cases.documents.render.

Run with ``bin/bench-pdf`` (``bin/bench-pdf --smoke`` for a quick check, ``--help`` for options). Prints:

- stock: ``HTML(...).write_pdf(pdf_variant="pdf/ua-1")`` with ``font-family: "Noto Serif CJK SC"``, a new
  FontConfiguration each time (what a naive view would do). ``--stock-fonttools`` adds stock runs with
  WeasyPrint forced onto its fontTools subsetter, i.e. a host without libharfbuzz-subset >= 4.1;
- ours cold: a fresh Python process's first render, (a) with an empty font cache (builds the common
  subsets) and (b) with the fonts already in var/fonts/;
- ours warm: median / p95 over N renders in this process (GB2312-only names);
- ours rare: the first render with never-seen rare-character names (builds the tiny extra subset), then
  median / p95 of N renders of that document (extra subset cached).
"""
import argparse
import json
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

CERTIFICATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>荣誉证书</title>
<style>
  @page {{ size: A4 landscape; margin: 20mm; }}
  {font}
  h1 {{ text-align: center; font-size: 36pt; letter-spacing: 0.5em; }}
  p {{ font-size: 16pt; line-height: 1.8; text-indent: 2em; }}
  .sign {{ text-align: right; }}
</style></head>
<body>
  <h1>荣誉证书</h1>
  <p><strong>{names}</strong>同志：</p>
  <p>在二〇二六年度社区治理、矛盾纠纷调解和环境卫生整治工作中表现突出，成绩显著，被评为“优秀网格员”。
  特发此证，以资鼓励。</p>
  <p>证书编号：DH-2026-001234　　发证单位：东湖街道办事处、东湖社区居民委员会</p>
  <p class="sign">东湖街道办事处<br>2026年11月21日</p>
</body>
</html>"""
PLAIN_NAMES = "王小明、李华"
RARE_NAMES = "王䶮、李堃喆、张镕赟"
STOCK_FONT = 'html { font-family: "Noto Serif CJK SC"; }'


def certificate(names, font=""):
    return CERTIFICATE.format(names=names, font=font)


def summary(times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return f"median {statistics.median(times) * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms   (n={len(times)})"


def timed(fn, n):
    out, result = [], None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()
        out.append(time.perf_counter() - start)
    return out, result


def stock(n, fonttools=False):
    from weasyprint import HTML

    html = certificate(RARE_NAMES, STOCK_FONT)
    if fonttools:
        import weasyprint.pdf.fonts as wp_fonts

        saved, wp_fonts.harfbuzz_subset = wp_fonts.harfbuzz_subset, None
    try:
        return timed(lambda: HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), n)
    finally:
        if fonttools:
            wp_fonts.harfbuzz_subset = saved


COLD_CHILD = """
import sys, time, json
start = time.perf_counter()
sys.path[:0] = {paths!r}
from cases.documents import fonts, render
pdf = render.render_pdf({html!r})
print(json.dumps({{"seconds": time.perf_counter() - start, "stats": dict(fonts.stats), "bytes": len(pdf)}}))
"""


def cold(font_dir=None):
    env = dict(os.environ)
    if font_dir:
        env["DOCUMENTS_FONT_DIR"] = font_dir
    code = COLD_CHILD.format(paths=[str(ROOT), str(ROOT / "site")], html=certificate(RARE_NAMES))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_rare_names(rng):
    """Three names with Ext-A characters this cache has (very probably) never seen: forces an extra build."""
    from cases.documents import fonts

    common = fonts.common_fonts().covered
    pool = [cp for cp in range(0x3400, 0x4DB6) if cp not in common]
    return "、".join("王" + chr(rng.choice(pool)) + chr(rng.choice(pool)) for _ in range(3))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="1 stock + 3 warm renders, no cold processes")
    parser.add_argument("-n", type=int, default=50, help="warm renders per measurement (default 50)")
    parser.add_argument("--stock-runs", type=int, default=5, help="stock renders (default 5)")
    parser.add_argument("--stock-fonttools", type=int, default=0, metavar="N",
                        help="also N stock renders with WeasyPrint's fontTools subsetter (~10 s each)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.n, args.stock_runs, args.stock_fonttools = 3, 1, 0

    from cases.documents import fonts, render
    from weasyprint import __version__ as wp_version

    print(f"WeasyPrint {wp_version}; source {fonts.find_source().path} face #{fonts.find_source().index};"
          f" font cache {fonts.FONT_DIR}")

    times, pdf = stock(args.stock_runs)
    print(f"stock (system Noto Serif CJK SC)        {summary(times)}   {len(pdf) / 1024:7.0f} KiB")
    if args.stock_fonttools:
        times, pdf = stock(args.stock_fonttools, fonttools=True)
        print(f"stock, fontTools subsetter              {summary(times)}   {len(pdf) / 1024:7.0f} KiB")

    if not args.smoke:
        with tempfile.TemporaryDirectory() as empty:
            result = cold(empty)
        print(f"ours cold process, empty font cache     {result['seconds'] * 1000:8.1f} ms"
              f"   (builds: common {result['stats'].get('common_built', 0)},"
              f" extra {result['stats'].get('extra_built', 0)})")
        result = cold()
        print(f"ours cold process, fonts on disk        {result['seconds'] * 1000:8.1f} ms"
              f"   (common loaded {result['stats'].get('common_loaded', 0)}, built {result['stats'].get('common_built', 0)})")

    start = time.perf_counter()
    render.render_pdf(certificate(PLAIN_NAMES))  # this process's first render
    print(f"ours first render in this process       {(time.perf_counter() - start) * 1000:8.1f} ms"
          f"   (common built {fonts.stats['common_built']}, loaded {fonts.stats['common_loaded']})")

    times, pdf = timed(lambda: render.render_pdf(certificate(PLAIN_NAMES)), args.n)
    print(f"ours warm, GB2312 names                 {summary(times)}   {len(pdf) / 1024:7.0f} KiB")
    render.render_pdf(certificate(RARE_NAMES))  # its extra subset: built here or found in var/fonts/extra
    times, pdf = timed(lambda: render.render_pdf(certificate(RARE_NAMES)), args.n)
    print(f"ours warm, rare names {RARE_NAMES}  {summary(times)}   {len(pdf) / 1024:7.0f} KiB")

    names = fresh_rare_names(random.Random(time.time_ns()))
    html = certificate(names)
    before = fonts.stats["extra_built"]
    start = time.perf_counter()
    render.render_pdf(html)
    print(f"ours first render, new rare names       {(time.perf_counter() - start) * 1000:8.1f} ms"
          f"   (extra subsets built: {fonts.stats['extra_built'] - before})")
    times, pdf = timed(lambda: render.render_pdf(html), args.n)
    print(f"ours warm, same new rare names          {summary(times)}   {len(pdf) / 1024:7.0f} KiB")
    print("counters:", dict(sorted(fonts.stats.items())))


if __name__ == "__main__":
    main()
