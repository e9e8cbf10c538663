"""The resident's path through a form: steps, check-your-answers, submit, confirmation.

Answers of a multi-step form wait in the session between steps (files as
private, unattached uploads); nothing reaches a submission until the final,
fully re-validated POST. Single-page forms without a review page submit in one
POST. Every POST-submit redirects (303) so a re-sent POST never submits twice.
The resident's forms post to the form's id (``form_post``), not to its path, so a
form renamed or moved while residents fill it in still receives their answers.
"""
import re
import uuid

from django.http import HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from cases.models import Case

from .builder import OTHER_SUFFIX, OTHER_VALUE, FormBuilder
from .constants import CHOICE_TYPES, DISPLAY_ONLY_TYPES, FieldType
from .models import Upload
from .presentation import display_answer, list_separator
from .rules import hidden_field_ids, split_steps
from .services import SubmissionLimitReached, client_address, keyed_hash, store_upload

RESERVED = {"csrfmiddlewaretoken", "_key", "_step", "_action"}
MULTI_TYPES = {FieldType.CHECKBOXES, FieldType.MULTISELECT}
KEY_RE = re.compile(r"^[0-9a-f]{32}$")


class See303(HttpResponseRedirect):
    status_code = 303


_published_fields = {}
_form_classes = {}


def published_key(page):
    """Identifies what residents see of a form; publishing (or unpublishing) changes it."""
    return (page.pk, page.live_revision_id, page.last_published_at, page.allow_anonymous)


def per_published_version(cache, page, build, *, extra=(), limit=500):
    """``build()``, computed once per process for what residents see of ``page`` (and ``extra``).

    Publishing changes :func:`published_key`, so a changed form is read afresh; ``cache`` (a
    module-level dict) is emptied when it holds more than ``limit`` entries.
    """
    key = (published_key(page), extra)
    value = cache.get(key)
    if value is None:
        if len(cache) > limit:
            cache.clear()
        value = cache[key] = build()
    return value


def published_fields(page):
    """The questions of the live revision, read once per process and revision."""
    return list(per_published_version(_published_fields, page, lambda: tuple(page.get_form_fields())))


class ResidentFlow:
    def __init__(self, page, request, preview=False):
        self.page, self.request, self.preview = page, request, preview
        self.draft_key = f"form-draft-{page.pk}"
        self._regions = None

    @cached_property
    def fields(self):
        if self.preview:
            return list(self.page.get_form_fields())
        return published_fields(self.page)

    @cached_property
    def by_id(self):
        return {f.field_id: f for f in self.fields}

    @cached_property
    def steps(self):
        return split_steps(self.fields, default_title=self.page.title)

    @cached_property
    def review(self):
        return len(self.steps) > 1 or self.page.always_review

    # -- entry points ---------------------------------------------------------

    def serve(self):
        if not self.preview and not self.page.is_open():
            return self.unavailable(self.closed_message(), status=403)
        if self.request.method == "POST":
            return self.post()
        if self.review and "review" in self.request.GET:
            return self.show_review()
        return self.show_step(self.requested_step())

    def form_action(self):
        """Where the resident's form posts: the form's id, keeping this address's query (step, return).

        Previews post back to the preview itself (no action), which is how Wagtail previews forms.
        """
        if self.preview:
            return ""
        query = self.request.GET.urlencode()
        return reverse("form_post", args=[self.page.pk]) + (f"?{query}" if query else "")

    def confirmation_preview(self):
        return self.render_confirmation(None)

    def render_confirmation(self, case):
        context = self.page.get_context(self.request)
        context["case"] = case
        if case is not None:
            context["tracking_url"] = self.request.build_absolute_uri(reverse("track", args=[case.tracking_token]))
        return TemplateResponse(self.request, self.page.get_landing_page_template(self.request), context)

    # -- draft in the session ---------------------------------------------------

    def load_draft(self):
        draft = self.request.session.get(self.draft_key)
        if not draft:
            draft = {"key": uuid.uuid4().hex, "data": {}, "uploads": {}, "done": []}
        return draft

    def save_draft(self, draft):
        self.request.session[self.draft_key] = draft

    # -- steps -------------------------------------------------------------------

    def requested_step(self):
        raw = self.request.GET.get("step", "1")
        number = int(raw) if re.fullmatch(r"[0-9]{1,4}", raw) else 1
        number = min(max(number, 1), len(self.steps))
        if self.review:
            done = set(self.load_draft()["done"])
            for step in self.steps[: number - 1]:
                if step.number not in done and not self.step_hidden(step, self.answers(self.load_draft())):
                    return step
        return self.steps[number - 1]

    def step_hidden(self, step, answers):
        breaks = [f for f in step.items if f.field_type == FieldType.PAGE_BREAK]
        return bool(breaks) and breaks[0].field_id in hidden_field_ids(self.fields, answers)

    def next_step_after(self, step, answers):
        for later in self.steps[step.number :]:
            if not self.step_hidden(later, answers):
                return later
        return None

    def answers(self, draft, extra=None):
        """Raw answers by field id (lists for multi-choice), plus stored uploads."""
        data = dict(draft["data"])
        if extra:
            data.update(extra)
        answers = {}
        for fid, values in data.items():
            spec = self.by_id.get(fid)
            if spec is None:
                continue
            answers[fid] = values if spec.field_type in MULTI_TYPES else (values[0] if values else "")
        for fid in draft.get("uploads", {}):
            answers.setdefault(fid, "file")
        return answers

    def form_class(self, specs):
        """Built once per published revision and step; forms with a region picker read regions afresh."""
        if self.preview or any(f.field_type == FieldType.REGION for f in specs):
            return self.build_form_class(specs)
        return per_published_version(_form_classes, self.page, lambda: self.build_form_class(specs),
                                     extra=tuple(f.field_id for f in specs), limit=1000)

    def build_form_class(self, specs):
        builder = FormBuilder(specs, regions=self._regions)
        form_class = builder.get_form_class()
        form_class.require_mobile = not self.page.allow_anonymous
        self._regions = builder._regions
        return form_class

    def bind(self, specs, data, hidden, files=None, initial=None):
        if isinstance(data, QueryDict):
            query = data
        else:
            query = QueryDict(mutable=True)
            for name, values in data.items():
                query.setlist(name, values)
        form = self.form_class(specs)(
            query, files, initial=initial or {}, page=self.page, user=self.request.user, hidden_by_rules=hidden
        )
        return form

    def stored_uploads(self, draft, specs):
        ids = {fid: uid for fid, uid in draft.get("uploads", {}).items() if fid in {s.field_id for s in specs}}
        if not ids:
            return {}
        found = {str(u.pk): u for u in Upload.objects.filter(pk__in=ids.values(), page=self.page, submission__isnull=True)}
        return {fid: found[uid] for fid, uid in ids.items() if uid in found}

    # -- POST -------------------------------------------------------------------

    def post(self):
        post = self.request.POST
        action = post.get("_action", "next")
        key = post.get("_key", "")
        if not KEY_RE.match(key):
            return self.bad_request(_("This form page is out of date. Please open the form again."))
        if action == "submit":
            return self.post_submit(key)
        step = self.posted_step(post.get("_step", ""))
        if step is None:
            return self.bad_request(_("This form page is out of date. Please open the form again."))
        unknown = self.unknown_names(step)
        if unknown:
            return self.bad_request(
                _("The form sent answers to questions it does not have. Please open the form again.")
            )
        draft = self.load_draft() if self.review else {"key": key, "data": {}, "uploads": {}, "done": []}
        if self.review and draft["key"] != key:
            draft = {"key": key, "data": draft["data"], "uploads": draft["uploads"], "done": draft["done"]}
        step_data = self.data_for(step.input_items, dict(self.request.POST.lists()))
        if action == "back":
            draft["data"].update(step_data)
            self.save_draft(draft)
            previous = self.previous_step_before(step, self.answers(draft))
            return See303(f"{self.page.url}?step={previous.number}")
        answers = self.answers(draft, step_data)
        hidden = hidden_field_ids(self.fields, answers)
        dropped = [f for f in step.input_items if f.field_id in hidden and any(v.strip() for v in step_data[f.field_id])]
        for f in dropped:
            step_data[f.field_id] = []
        initial = self.stored_uploads(draft, step.input_items)
        # The POST holds only this step's answers (unknown names were refused above), so unless
        # answers were dropped it can be bound as it is.
        data = self.request.POST if not dropped and not self.review else step_data
        form = self.bind(step.input_items, data, hidden, self.request.FILES, initial)
        valid = form.is_valid()
        if dropped or not valid:
            notices = []
            if dropped:
                notices.append(
                    _("Your answers to these questions were removed because they do not apply: %(labels)s. Please check and continue.")
                    % {"labels": list_separator().join(f.label for f in dropped)}
                )
            return self.show_step(step, form=form, status=400, notices=notices, key=key)
        if not self.review:
            return self.finish(form, key)
        draft["data"].update(step_data)
        self.keep_step_uploads(step, form, hidden, draft)
        draft["done"] = sorted(set(draft["done"]) | {step.number})
        self.save_draft(draft)
        following = self.next_step_after(step, answers)
        if following is None or "return_to_review" in self.request.GET:
            return See303(f"{self.page.url}?review=1")
        return See303(f"{self.page.url}?step={following.number}")

    def keep_step_uploads(self, step, form, hidden, draft):
        """Store a step's new files privately until submit; a replaced or now-hidden file is deleted."""
        for f in step.input_items:
            if f.field_type != FieldType.FILE:
                continue
            value = form.cleaned_data.get(f.field_id)
            if value and not isinstance(value, Upload):
                self.discard_draft_upload(draft, f.field_id)
                draft["uploads"][f.field_id] = store_upload(page=self.page, field_id=f.field_id, value=value)["upload"]
            elif f.field_id in hidden:
                self.discard_draft_upload(draft, f.field_id)

    def discard_draft_upload(self, draft, field_id):
        upload_id = draft["uploads"].pop(field_id, None)
        if upload_id is None:
            return
        for upload in Upload.objects.filter(pk=upload_id, page=self.page, submission__isnull=True):
            upload.file.delete(save=False)
            upload.delete()

    def posted_step(self, raw):
        """The step a POST claims to answer; None for anything but 1..n (a negative index is not a step)."""
        if not re.fullmatch(r"[0-9]{1,4}", raw) or not 1 <= int(raw) <= len(self.steps):
            return None
        return self.steps[int(raw) - 1]

    def previous_step_before(self, step, answers):
        """Back skips the steps the rules hide, like next does."""
        for earlier in reversed(self.steps[: step.number - 1]):
            if not self.step_hidden(earlier, answers):
                return earlier
        return self.steps[0]

    def unknown_names(self, step):
        allowed = set(RESERVED)
        for f in step.input_items:
            allowed.add(f.field_id)
            if f.allow_other and f.field_type in CHOICE_TYPES:
                allowed.add(f.field_id + OTHER_SUFFIX)
        return (set(self.request.POST) | set(self.request.FILES)) - allowed

    @staticmethod
    def data_for(specs, source):
        """The raw values of ``specs`` (and their “other” text boxes) found in ``source``."""
        data = {}
        for f in specs:
            data[f.field_id] = list(source.get(f.field_id, []))
            if f.allow_other and f.field_type in CHOICE_TYPES:
                data[f.field_id + OTHER_SUFFIX] = list(source.get(f.field_id + OTHER_SUFFIX, []))
        return data

    def post_submit(self, key):
        existing = self.existing_case(key)
        if existing is not None:
            return See303(self.done_url(existing))
        if not self.review:
            return self.bad_request(_("This form page is out of date. Please open the form again."))
        draft = self.load_draft()
        if draft.get("key") != key:
            return self.bad_request(_("Your answers have expired. Please fill in the form again."))
        answers = self.answers(draft)
        hidden = hidden_field_ids(self.fields, answers)
        visible_steps = [s for s in self.steps if not self.step_hidden(s, answers)]
        for step in visible_steps:
            specs = step.input_items
            data = self.data_for(specs, draft["data"])
            form = self.bind(specs, data, hidden, None, self.stored_uploads(draft, specs))
            if not form.is_valid():
                return self.show_step(step, form=form, status=400, key=key)
        specs = [f for s in visible_steps for f in s.input_items]
        form = self.bind(specs, self.data_for(specs, draft["data"]), hidden, None, self.stored_uploads(draft, specs))
        form.is_valid()
        response = self.finish(form, key)
        if response.status_code == 303:
            self.request.session.pop(self.draft_key, None)
        return response

    def finish(self, form, key):
        form.submission_key = key
        form.client_hash = keyed_hash(client_address(self.request))
        form.layout_fields = self.fields
        if not self.page.allow_anonymous and not any(
            form.cleaned_data.get(f.field_id) for f in self.fields if f.field_type == FieldType.MOBILE
        ):
            return self.unavailable(_("This form needs your mobile number so that staff can reach you."), status=400)
        try:
            submission = self.page.process_form_submission(form)
        except SubmissionLimitReached:
            return self.unavailable(
                _("You have reached today's limit of %(n)s submissions for this form. Please try again tomorrow.")
                % {"n": self.page.daily_limit},
                status=429,
            )
        return See303(self.done_url(submission.case))

    def existing_case(self, key):
        return Case.objects.filter(form_id=self.page.pk, submission__submission_key=key).first()

    def done_url(self, case):
        return reverse("form_done", args=[case.tracking_token])

    # -- rendering ---------------------------------------------------------------

    def show_step(self, step, form=None, status=200, notices=(), key=None):
        draft = self.load_draft() if self.review else None
        if key is None:
            key = draft["key"] if draft else uuid.uuid4().hex
            if draft is not None and self.review:
                self.save_draft(draft)
        extra = dict(form.data.lists()) if form is not None and form.is_bound else None
        answers = self.answers(draft or {"data": {}, "uploads": {}}, extra)
        hidden = hidden_field_ids(self.fields, answers)
        if form is None:
            data = draft["data"] if draft else {}
            form_class = self.form_class(step.input_items)
            initial = {}
            for f in step.input_items:
                values = data.get(f.field_id)
                if values is not None:
                    initial[f.field_id] = values if f.field_type in MULTI_TYPES else (values[0] if values else "")
                if data.get(f.field_id + OTHER_SUFFIX):
                    initial[f.field_id + OTHER_SUFFIX] = data[f.field_id + OTHER_SUFFIX][0]
            form = form_class(initial=initial, page=self.page, user=self.request.user)
            if draft:
                form.initial.update(self.stored_uploads(draft, step.input_items))
        context = self.page.get_context(self.request)
        context.update(
            {
                "form": form,
                "step": step,
                "steps": self.steps,
                "is_last": not self.review,
                "review": self.review,
                "sections": self.sections(step, form, hidden),
                "error_summary": self.error_summary(form),
                "notices": notices,
                "submission_key": key,
                "page_title": self.page.title,
                "form_action": self.form_action(),
                # Browsers send a step without file questions URL-encoded: a smaller body than multipart.
                "multipart": any(f.field_type == FieldType.FILE for f in step.input_items),
            }
        )
        return TemplateResponse(self.request, self.page.get_template(self.request), context, status=status)

    def sections(self, step, form, hidden):
        """Group the step's items into sections; each item knows whether a same-step rule drives it."""
        on_step = {f.field_id for f in step.items}
        sections = [{"heading": None, "items": [], "rule": None, "hidden": False}]
        for f in step.items:
            rule = None
            if f.show_when_field:
                if f.show_when_field not in on_step and f.field_id in hidden:
                    if f.field_type == FieldType.SECTION:
                        sections.append({"heading": f, "items": [], "rule": None, "hidden": True, "skip": True})
                    continue
                if f.show_when_field in on_step:
                    rule = {"field": f.show_when_field, "op": f.show_when_operator, "value": f.show_when_value}
            if f.field_type == FieldType.PAGE_BREAK:
                continue
            if f.field_type == FieldType.SECTION:
                sections.append({"heading": f, "items": [], "rule": rule, "hidden": f.field_id in hidden})
                continue
            if sections[-1].get("skip"):
                continue
            bound = form[f.field_id] if f.field_type not in DISPLAY_ONLY_TYPES else None
            if bound is not None:
                self.describe(bound, f)
            sections[-1]["items"].append({"spec": f, "bound": bound, "rule": rule, "hidden": f.field_id in hidden})
        return [s for s in sections if not s.get("skip") and (s["items"] or s["heading"])]

    def describe(self, bound, spec):
        ids = []
        if spec.help_text:
            ids.append(f"{bound.auto_id}_helptext")
        if bound.errors:
            ids.append(f"{bound.auto_id}_error")
        widget = bound.field.widget
        if bound.errors:
            widget.attrs["aria-invalid"] = "true"
        if ids and not bound.use_fieldset:
            widget.attrs["aria-describedby"] = " ".join(ids)
        bound.described_by = " ".join(ids)
        source = bound.form.data if bound.form.is_bound else bound.form.initial
        other = source.get(spec.field_id + OTHER_SUFFIX, "")
        bound.other_value = other if isinstance(other, str) else (other[0] if other else "")
        bound.offers_other = spec.allow_other and spec.field_type in CHOICE_TYPES
        bound.other_value_key = OTHER_VALUE

    def error_summary(self, form):
        if not form.is_bound:
            return []
        summary = []
        for name, errors in form.errors.items():
            if name == "__all__":
                summary.extend({"anchor": "", "message": e} for e in errors)
                continue
            bound = form[name]
            anchor = f"{bound.auto_id}_0" if bound.use_fieldset else bound.auto_id
            summary.extend({"anchor": anchor, "label": bound.label, "message": e} for e in errors)
        return summary

    def show_review(self):
        draft = self.load_draft()
        answers = self.answers(draft)
        hidden = hidden_field_ids(self.fields, answers)
        for step in self.steps:
            if not self.step_hidden(step, answers) and step.number not in draft["done"]:
                return See303(f"{self.page.url}?step={step.number}")
        uploads = self.stored_uploads(draft, self.fields)
        rows = []
        for step in self.steps:
            if self.step_hidden(step, answers):
                continue
            for f in step.input_items:
                if f.field_id in hidden:
                    continue
                value = uploads[f.field_id].original_name if f.field_id in uploads else display_answer(
                    f, self.raw_to_display(f, draft["data"]), regions=self.region_names(), mask=False
                )
                change_url = f"{self.page.url}?step={step.number}&return_to_review=1#q-{f.field_id}"
                rows.append({"spec": f, "value": value, "change_url": change_url})
        context = self.page.get_context(self.request)
        context.update(
            {"rows": rows, "submission_key": draft["key"], "steps": self.steps, "form_action": self.form_action()}
        )
        return TemplateResponse(self.request, "forms_app/form_page_review.html", context)

    def raw_to_display(self, spec, data):
        """The resident's own answer as typed; “Other” shows the text they gave, not the code."""
        values = list(data.get(spec.field_id, []))
        other = (data.get(spec.field_id + OTHER_SUFFIX) or [""])[0].strip()
        values = [other if v == OTHER_VALUE else v for v in values]
        if spec.field_type in MULTI_TYPES:
            return values
        return values[0] if values else ""

    def region_names(self):
        from cases.models import Region

        return dict(Region.objects.values_list("id", "name"))

    def closed_message(self):
        from django.utils import timezone
        from django.utils.formats import date_format

        now = timezone.now()
        if self.page.opens_at and now < self.page.opens_at:
            return _("This form opens on %(date)s.") % {
                "date": date_format(timezone.localtime(self.page.opens_at), "DATETIME_FORMAT")
            }
        return _("This form is closed and no longer accepts submissions.")

    def unavailable(self, message, status):
        context = self.page.get_context(self.request)
        context["message"] = message
        return TemplateResponse(self.request, "forms_app/form_unavailable.html", context, status=status)

    def bad_request(self, message):
        return self.unavailable(message, status=400)
