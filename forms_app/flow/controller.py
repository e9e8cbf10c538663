"""The HTTP side of the resident's flow: which step a request shows, what a POST does, the final submit.

Single-page forms without a review page submit in one POST. Every POST-submit redirects (303) so a
re-sent POST never submits twice. The resident's forms post to the form's id (``form_post``), not to
its path, so a form renamed or moved while residents fill it in still receives their answers.
"""
import re
from functools import cached_property

from django.http import HttpResponseRedirect, QueryDict
from django.utils.translation import gettext as _

from organisation.selectors import offered_regions

from .. import seams, throttle
from ..builder import FormBuilder
from ..constants import CHOICE_TYPES, OTHER_SUFFIX, FieldType
from ..presentation import list_separator
from ..published import per_published_version, published_fields
from ..rules import hidden_field_ids, split_steps
from ..services import SubmissionLimitReached, client_address, keyed_hash, seconds_until_tomorrow
from . import drafts
from .pages import FlowPages
from .verify import PhoneVerification

RESERVED = {"csrfmiddlewaretoken", "_key", "_step", "_action"}
KEY_RE = re.compile(r"^[0-9a-f]{32}$")
STEP_RE = re.compile(r"[0-9]{1,4}")

_form_classes: dict = {}


class See303(HttpResponseRedirect):
    status_code = 303


class ResidentFlow(PhoneVerification, FlowPages):
    def __init__(self, page, request, preview=False):
        self.page, self.request, self.preview = page, request, preview
        self.regions = None  # the region rows of a region picker, read once per request

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
        """Several steps, the form's setting, or phone verification (its answers wait in the draft meanwhile)."""
        return len(self.steps) > 1 or self.page.always_review or (self.page.verify_phone and not self.preview)

    @cached_property
    def entry(self):
        """Staff entering the matter on a resident's behalf (:func:`forms_app.seams.staff_entry`), or None."""
        return None if self.preview else seams.staff_entry().entry_for(self.request, self.page)

    def redirect(self, query):
        return See303(f"{self.page.url}{query}")

    # -- entry points ---------------------------------------------------------

    @cached_property
    def access(self):
        """What the form gates (:func:`forms_app.seams.form_access`) say of this request, or None: open to all."""
        return None if self.preview else seams.form_access(self.request, self.page)

    def serve(self):
        if not self.preview and not self.page.is_open():
            return self.unavailable(self.closed_message(), status=403)
        if self.access is not None and self.access.refusal:
            return self.unavailable(self.access.refusal, status=403, login_url=self.access.login_url)
        if self.request.method == "POST":
            return self.post()
        if self.review and "verify" in self.request.GET:
            return self.show_verify()
        if self.review and "review" in self.request.GET:
            return self.show_review()
        return self.show_step(self.requested_step())

    # -- steps -------------------------------------------------------------------

    def requested_step(self):
        raw = self.request.GET.get("step", "1")
        number = int(raw) if STEP_RE.fullmatch(raw) else 1
        number = min(max(number, 1), len(self.steps))
        if self.review:
            draft = drafts.load(self.request, self.page)
            done, answers = set(draft["done"]), drafts.answers(self.by_id, draft)
            for step in self.steps[: number - 1]:
                if step.number not in done and not self.step_hidden(step, answers):
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

    def previous_step_before(self, step, answers):
        """Back skips the steps the rules hide, like next does."""
        for earlier in reversed(self.steps[: step.number - 1]):
            if not self.step_hidden(earlier, answers):
                return earlier
        return self.steps[0]

    def posted_step(self, raw):
        """The step a POST claims to answer; None for anything but 1..n (a negative index is not a step)."""
        if not STEP_RE.fullmatch(raw) or not 1 <= int(raw) <= len(self.steps):
            return None
        return self.steps[int(raw) - 1]

    # -- forms ---------------------------------------------------------------------

    def form_class(self, specs):
        """Built once per published revision and step; a region picker's choices are read afresh per request
        (:meth:`fresh_regions`), so a long form with a picker (an 80-item check-up) is not rebuilt each time."""
        if self.preview:
            return self.build_form_class(specs)
        return per_published_version(_form_classes, self.page, lambda: self.build_form_class(specs),
                                     extra=tuple(f.field_id for f in specs), limit=1000)

    def build_form_class(self, specs):
        builder = FormBuilder(specs, regions=self.region_rows())
        form_class = builder.get_form_class()
        form_class.require_mobile = not self.page.allow_anonymous
        return form_class

    def region_rows(self):
        """The regions a picker offers this request (the gate's reach, if it keeps one), read once per request."""
        if self.regions is None:
            rows = offered_regions().order_by("path").values("id", "name", "level", "path")
            paths = self.access.region_paths if self.access is not None else None
            self.regions = [r for r in rows if paths is None or r["path"].startswith(paths)]
        return self.regions

    def fresh_regions(self, form, specs):
        """Give ``form``'s region pickers this request's regions (the class may be older than a new grid), and the
        gate's words for a region outside its reach."""
        pickers = [f.field_id for f in specs if f.field_type == FieldType.REGION and f.field_id in form.fields]
        if not pickers:
            return form
        choices = FormBuilder([], regions=self.region_rows()).region_field_choices()
        for field_id in pickers:
            form.fields[field_id].choices = choices
            if self.access is not None and self.access.region_error:
                form.fields[field_id].error_messages["invalid_choice"] = self.access.region_error
        return form

    def bind(self, specs, data, hidden, files=None, initial=None):
        if isinstance(data, QueryDict):
            query = data
        else:
            query = QueryDict(mutable=True)
            for name, values in data.items():
                query.setlist(name, values)
        form = self.form_class(specs)(
            query, files, initial=initial or {}, page=self.page, user=self.request.user, hidden_by_rules=hidden,
            require_mobile=False if self.entry else None,
        )
        return self.fresh_regions(form, specs)

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

    # -- POST -------------------------------------------------------------------

    def post(self):
        if not self.preview and self.entry is None:  # staff entering for residents are not a flood
            retry_after = throttle.hit(self.request, "submit")
            if retry_after is not None:
                return throttle.too_many_requests(self.request, retry_after, back_url=self.page.url)
        post = self.request.POST
        action = post.get("_action", "next")
        key = post.get("_key", "")
        if not KEY_RE.match(key):
            return self.bad_request(_("This form page is out of date. Please open the form again."))
        if action == "submit":
            return self.post_submit(key)
        if action in ("verify", "resend") and self.review:
            return self.post_verification(action, key)
        step = self.posted_step(post.get("_step", ""))
        if step is None:
            return self.bad_request(_("This form page is out of date. Please open the form again."))
        if self.unknown_names(step):
            return self.bad_request(
                _("The form sent answers to questions it does not have. Please open the form again.")
            )
        return self.post_step(step, action, key)

    def post_step(self, step, action, key):
        """One step's answers: back, a re-shown step with errors, the next step, the review, or the submit."""
        draft = drafts.load(self.request, self.page) if self.review else drafts.new_draft(key)
        if self.review and draft["key"] != key:
            draft = {**draft, "key": key}
        step_data = self.data_for(step.input_items, dict(self.request.POST.lists()))
        if action == "back":
            draft["data"].update(step_data)
            drafts.save(self.request, self.page, draft)
            previous = self.previous_step_before(step, drafts.answers(self.by_id, draft))
            return self.redirect(f"?step={previous.number}")
        answers = drafts.answers(self.by_id, draft, step_data)
        hidden = hidden_field_ids(self.fields, answers)
        dropped = [f for f in step.input_items if f.field_id in hidden and any(v.strip() for v in step_data[f.field_id])]
        for f in dropped:
            step_data[f.field_id] = []
        initial = drafts.stored_uploads(self.page, draft, step.input_items)
        # The POST holds only this step's answers (unknown names were refused above), so unless
        # answers were dropped it can be bound as it is.
        data = self.request.POST if not dropped and not self.review else step_data
        form = self.bind(step.input_items, data, hidden, self.request.FILES, initial)
        valid = form.is_valid()
        if dropped or not valid:
            return self.show_step(step, form=form, status=400, notices=self.dropped_notices(dropped), key=key)
        if not self.review:
            return self.finish(form, key)
        refused = self.refuse_uploads(step, form, draft, key)
        if refused is not None:
            return refused
        draft["data"].update(step_data)
        drafts.keep_step_uploads(self.page, step, form, hidden, draft, client_hash=self.client_hash)
        draft["done"] = sorted(set(draft["done"]) | {step.number})
        drafts.save(self.request, self.page, draft)
        following = self.next_step_after(step, answers)
        if following is None or "return_to_review" in self.request.GET:
            return self.redirect("?review=1")
        return self.redirect(f"?step={following.number}")

    @cached_property
    def client_hash(self):
        return keyed_hash(client_address(self.request))

    def refuse_uploads(self, step, form, draft, key):
        """A step whose new files go over the upload rate or the draft caps is shown again, answers kept,
        with the reason on the file question (429; with Retry-After when it is the rate)."""
        new = drafts.new_files(step, form)
        if not new:
            return None
        retry_after = None if self.entry else throttle.hit(self.request, "upload")
        if retry_after is not None:
            message = _("Too many files were uploaded from your network in a short time. Please wait a few "
                        "minutes and try again.")
        else:
            message = drafts.upload_cap_refusal(self.request, draft, new, self.client_hash)
            if message is None:
                return None
        form.add_error(next(iter(new)), message)
        response = self.show_step(step, form=form, status=429, key=key)
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
        return response

    @staticmethod
    def dropped_notices(dropped):
        if not dropped:
            return []
        return [
            _("Your answers to these questions were removed because they do not apply: %(labels)s. Please check and continue.")
            % {"labels": list_separator().join(f.label for f in dropped)}
        ]

    def post_submit(self, key):
        """The review page's submit: every visible step is validated again from the draft, then stored at once."""
        existing = seams.receiver().receipt_url_for_key(self.page, key)
        if existing is not None:
            return See303(existing)
        if not self.review:
            return self.bad_request(_("This form page is out of date. Please open the form again."))
        draft = drafts.load(self.request, self.page)
        if draft.get("key") != key:
            return self.bad_request(_("Your answers have expired. Please fill in the form again."))
        answers = drafts.answers(self.by_id, draft)
        hidden = hidden_field_ids(self.fields, answers)
        visible_steps = [s for s in self.steps if not self.step_hidden(s, answers)]
        for step in visible_steps:
            specs = step.input_items
            form = self.bind(specs, self.data_for(specs, draft["data"]), hidden, None,
                             drafts.stored_uploads(self.page, draft, specs))
            if not form.is_valid():
                return self.show_step(step, form=form, status=400, key=key)
        specs = [f for s in visible_steps for f in s.input_items]
        form = self.bind(specs, self.data_for(specs, draft["data"]), hidden, None,
                         drafts.stored_uploads(self.page, draft, specs))
        form.is_valid()
        phone = None if self.entry else self.phone_to_verify(form)  # staff vouch for the number they took down
        if phone is not None:
            return self.start_verification(draft, phone)
        response = self.finish(form, key)
        if response.status_code == 303:
            drafts.forget(self.request, self.page)
        return response

    def finish(self, form, key):
        form.submission_key = key
        form.client_hash = self.client_hash
        form.layout_fields = self.fields
        form.staff_entry = self.entry
        form.submitted_by = self.access.submitted_by if self.access is not None else None
        if not self.page.allow_anonymous and self.entry is None and not any(
            form.cleaned_data.get(f.field_id) for f in self.fields if f.field_type == FieldType.MOBILE
        ):
            return self.unavailable(_("This form needs your mobile number so that staff can reach you."), status=400)
        try:
            submission = self.page.process_form_submission(form)
        except SubmissionLimitReached as limit:
            if limit.per_client:
                message = _("Today's %(n)s submissions to this form from your network have been used up. "
                            "Please try again tomorrow.") % {"n": limit.limit}
            else:
                message = _("You have reached today's limit of %(n)s submissions for this form. Please try "
                            "again tomorrow.") % {"n": limit.limit}
            response = self.unavailable(message, status=429)
            response["Retry-After"] = str(seconds_until_tomorrow())
            return response
        if self.entry is not None:
            seams.staff_entry().finished(self.request, self.page)
        return See303(seams.receiver().receipt_url(submission))
