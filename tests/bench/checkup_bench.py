"""The benchmark's check-up line (issue 13 §7): the city's 80-item check-up (config.demo_checkup_lists) submitted by an
inspector and scored, in under 100 ms of server time.

One submission is the inspector's POST of the whole list (three items failing, so the check-up fails and opens its
rectification lines as well): the form gate, the answers validated and stored, the score, the case, its history
line and its lines, up to the 303. The server time is measured around the in-process request, as submit_bench does.
"""
import statistics
import time
import uuid

TARGET_MS = 100


def build_checkup():
    """The 80-item form as an inspection, a grid to check, and a superuser as the inspector (every region in reach)."""
    from django.contrib.auth import get_user_model

    from config.demo_checkup_lists import URBAN
    from tests.factories import make_form
    from tests.factories.cases import make_regions

    fields = [("被检查社区网格", "region", {})]
    for theme, rows in URBAN:
        fields.append((theme, "section", {"required": False}))
        fields += [(text, "checkupitem", {"weight": weight}) for text, weight in rows]
    form = make_form(fields, title="城市社区常态化治理大体检（基准）", slug="bench-checkup", kind="checkup",
                     workflow="inspection", pass_mark=95, daily_limit=32767)
    grid = make_regions()["第一网格"]
    inspector = get_user_model().objects.create_superuser("bench-inspector", "inspector@bench.invalid", "x")
    return form, grid, inspector


def answers(form, grid):
    specs = list(form.get_form_fields())
    items = [f.field_id for f in specs if f.field_type == "checkupitem"]
    region = next(f.field_id for f in specs if f.field_type == "region")
    data = {region: str(grid.pk), **{key: "yes" for key in items}}
    heavy = [f.field_id for f in specs if f.field_type == "checkupitem" and f.weight == 2][:3]
    data.update({key: "no" for key in heavy})  # three 2-point items fail: 94, below the pass mark of 95
    return data


def time_checkups(bench, n, warmup):
    """Median and p95 milliseconds of ``n`` check-up submissions (after ``warmup``), and the last case's score."""
    from django.test import Client

    from cases.models import Case
    from tests.factories import answer_form_target

    form, grid, inspector = build_checkup()
    client = Client()
    client.force_login(inspector)
    data = answers(form, grid)
    target = answer_form_target(client.get(form.url).content.decode(), form.url)
    samples = []
    for i in range(warmup + n):
        posted = {**data, "_key": uuid.uuid4().hex, "_step": "1"}
        t0 = time.perf_counter()
        response = bench._post_as_browser(client, *target, posted, REMOTE_ADDR=bench.next_ip())
        elapsed = time.perf_counter() - t0
        if response.status_code != 303:
            raise AssertionError(f"check-up: expected 303, got {response.status_code}: {response.content[:1500]!r}")
        if i >= warmup:
            samples.append(elapsed * 1000)
    case = Case.objects.filter(form=form).latest("pk")
    return statistics.median(samples), sorted(samples)[int(0.95 * (len(samples) - 1))], case


def report_checkups(bench, n, warmup):
    median, p95, case = time_checkups(bench, n, warmup)
    lines = case.rectification_items.count()
    print(f"  80-item check-up, submit+score       {median:8.1f} ms median, {p95:.1f} ms p95 server time "
          f"({n} submissions; score {float(case.score):g}, {lines} rectification lines)   (target < {TARGET_MS} ms)")
    return median
