"""The load of the topology run (tests/bench/topology.py): residents submitting, staff moving cases on.

Everything goes over HTTP through nginx, as browsers would: a resident opens the form page (which gives
the submission's ``_key`` and the CSRF token) and posts it; when the post fails because its app server
died (a 502 from nginx, a dropped connection), the resident presses again with the same page, so the
same ``_key``: the double-submit protection must answer with the case already stored, never a second
one. Staff sign in to the admin and post the workbench's action forms; which cases wait for which
action is read from the database (as the workbench listing would show them).
"""
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

ACTION_RE = re.compile(r'<form[^>]*action="(/submit/\d+/)"')
HIDDEN_RE = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
PRESSES = 6  # a resident gives up after this many presses of "submit"
RESULT = "已联系物业处理，现场已恢复正常。"


class Tally:
    """Counters shared by the load's threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.errors = Counter()
        self.acknowledged = {}  # resident number → submission key, once the resident saw the confirmation
        self.presses = Counter()  # resident number → how many times they pressed submit
        self.gave_up = 0
        self.actions = Counter()

    def error(self, what):
        with self.lock:
            self.errors[what] += 1


def resident_answers(fields, n, region_id):
    """The answers of resident ``n``: unique, so that a duplicate case would show."""
    by_label = {f.label: f.field_id for f in fields}
    return {
        by_label["姓名"]: f"居民{n}",
        by_label["电子邮箱"]: f"resident{n}@residents.invalid",
        by_label["问题描述"]: f"居民#{n}# 反映：楼道照明损坏已经一周，夜间出行不便，请尽快维修。",
        by_label["所在网格"]: str(region_id),
    }


def forwarded(n):
    """The resident's address as the outer load balancer reports it (nginx appends its own hop)."""
    return {"X-Forwarded-For": f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"}


def open_form(session, base, url, n, tally):
    for _attempt in range(PRESSES):
        try:
            page = session.get(base + url, headers=forwarded(n), timeout=30)
        except requests.RequestException:
            tally.error("form page: connection")
            continue
        if page.status_code == 200:
            return page.text
        tally.error(f"form page: HTTP {page.status_code}")
        time.sleep(0.2)
    return None


def resident(base, url, answers, n, tally):
    """One resident: open the form, submit it, press again while the answer is an error."""
    session = requests.Session()
    html = open_form(session, base, url, n, tally)
    if html is None:
        with tally.lock:
            tally.gave_up += 1
        return
    form = ACTION_RE.search(html)
    hidden = dict(HIDDEN_RE.findall(html[form.start():html.index("</form>", form.start())]))  # _key, _step, CSRF
    key, action = hidden["_key"], form.group(1)
    data = {**answers, **hidden}
    for _press in range(PRESSES):
        with tally.lock:
            tally.presses[n] += 1
        try:
            answer = session.post(base + action, data=data, headers={**forwarded(n), "Referer": base + url},
                                  allow_redirects=False, timeout=30)
        except requests.RequestException:
            tally.error("submit: connection")
            time.sleep(0.2)
            continue
        if answer.status_code in (302, 303) and "/submit/" not in answer.headers.get("Location", ""):
            with tally.lock:
                tally.acknowledged[n] = key
            return
        tally.error(f"submit: HTTP {answer.status_code}")
        if answer.status_code < 500:
            break
        time.sleep(0.2)
    with tally.lock:
        tally.gave_up += 1


def run_residents(base, url, fields, region_id, count, threads, tally, on_progress):
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(resident, base, url, resident_answers(fields, n, region_id), n, tally)
                   for n in range(1, count + 1)]
        for done, future in enumerate(futures, 1):
            future.result()
            on_progress(done)


class Staff:
    """A staff member signed in to the admin through nginx."""

    def __init__(self, base, username, password, tally):
        self.base, self.tally = base, tally
        self.session = requests.Session()
        self.username = username
        for _attempt in range(PRESSES):
            try:
                self.session.get(f"{base}/admin/login/", timeout=30)
                token = self.session.cookies["csrftoken"]
                signed_in = self.session.post(f"{base}/admin/login/", timeout=30, allow_redirects=False, data={
                    "username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/admin/"})
                if signed_in.status_code == 302:
                    return
            except (requests.RequestException, KeyError):
                pass
            tally.error("staff sign-in")
            time.sleep(1.5)  # long enough for nginx to try a server it marked down again
        raise RuntimeError(f"{username} could not sign in")

    def act(self, case_id, action, state, inputs):
        """Post one action form; a failed post is posted again (the expected state makes it safe)."""
        data = {f"{action}-expected_state": state, "csrfmiddlewaretoken": self.session.cookies["csrftoken"],
                **{f"{action}-{name}": value for name, value in inputs.items()}}
        for _attempt in range(PRESSES):
            try:
                answer = self.session.post(f"{self.base}/admin/cases/workbench/{case_id}/do/{action}/", data=data,
                                           timeout=30, allow_redirects=False)
            except requests.RequestException:
                self.tally.error(f"{action}: connection")
                continue
            if answer.status_code == 302:
                with self.tally.lock:
                    self.tally.actions[action] += 1
                return True
            self.tally.error(f"{action}: HTTP {answer.status_code}")
            if answer.status_code < 500:
                return False
            time.sleep(0.2)
        return False


def inputs_for(action, department_id):
    """What the staff member fills in: the department to dispatch to, the result of the work."""
    from cases import machine  # the driver reads the transition table once Django is set up

    values = {"department": department_id, "text": RESULT, "line": RESULT, "hours": 72}
    spec = machine.TRANSITIONS[action]
    return {item.field_name: values[item.kind] for item in spec.inputs
            if item.kind in values and (item.required or item.kind == "department")}


def staff_loop(staff, steps, form_id, department_id, residents_done, deadline, share=(0, 1)):
    """Move cases on (``steps``: state → action) until none is left or time runs out.

    ``share`` (i, n): this desk takes the cases whose id is i modulo n (several desks of one role).
    """
    from django.db import connection

    from cases.models import Case  # the driver reads which cases wait once Django is set up

    try:
        while time.monotonic() < deadline:
            waiting = [(pk, state) for pk, state in Case.objects.filter(form_id=form_id, state__in=list(steps))
                       .order_by("pk").values_list("pk", "state")[:200] if pk % share[1] == share[0]][:20]
            if not waiting:
                if residents_done.is_set() and not Case.objects.filter(
                        form_id=form_id, state__in=list(steps) + list(PREVIOUS.get(staff.username, ()))).exists():
                    return
                time.sleep(0.2)
                continue
            for pk, state in waiting:
                staff.act(pk, steps[state], state, inputs_for(steps[state], department_id))
    finally:
        connection.close()


#: the states that still lead to a staff member's work (the handler waits for the dispatcher's cases)
PREVIOUS = {"handler": ("submitted", "accepted")}
