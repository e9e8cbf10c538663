"""What the resident's flow shows: a step with its sections, the check-your-answers page, the
confirmation and the pages that refuse (closed form, stale page, limit reached)."""
import uuid

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import seams
from ..constants import CHOICE_TYPES, DISPLAY_ONLY_TYPES, OTHER_SUFFIX, OTHER_VALUE, FieldType
from ..presentation import display_answer, raw_to_display, region_names_for
from ..rules import hidden_field_ids
from . import drafts
from .drafts import MULTI_TYPES

#: the file types a phone's camera takes (a question allowing any of them opens the camera in the field)
IMAGE_TYPES = {".jpg", ".jpeg", ".png", ".heic", ".webp"}


class FlowPages:
    """The rendering half of :class:`forms_app.flow.ResidentFlow` (which supplies page, request, steps …)."""

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

    def render_confirmation(self, receipt):
        """The form's landing page; ``receipt`` (reference and tracking link) comes from the room that keeps it."""
        context = self.page.get_context(self.request)
        context["receipt"] = receipt
        return TemplateResponse(self.request, self.page.get_landing_page_template(self.request), context)

    # -- a step -------------------------------------------------------------------

    def show_step(self, step, form=None, status=200, notices=(), key=None):
        draft = drafts.load(self.request, self.page) if self.review else None
        if key is None:
            key = draft["key"] if draft else uuid.uuid4().hex
            if draft is not None:
                drafts.save(self.request, self.page, draft)
        extra = dict(form.data.lists()) if form is not None and form.is_bound else None
        answers = drafts.answers(self.by_id, draft or drafts.new_draft(), extra)
        hidden = hidden_field_ids(self.fields, answers)
        if form is None:
            form = self.unbound_form(step, draft)
        if self.entry is not None and self.entry.field_report:
            self.open_the_camera(form)
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
                "staff_entry": self.entry,
                # Browsers send a step without file questions URL-encoded: a smaller body than multipart.
                "multipart": any(f.field_type == FieldType.FILE for f in step.input_items),
            }
        )
        return TemplateResponse(self.request, self.page.get_template(self.request), context, status=status)

    def unbound_form(self, step, draft):
        """The step's form, filled with what the draft holds (answers, “other” texts, kept files)."""
        data = draft["data"] if draft else {}
        initial = {}
        for f in step.input_items:
            values = data.get(f.field_id)
            if values is not None:
                initial[f.field_id] = values if f.field_type in MULTI_TYPES else (values[0] if values else "")
            if data.get(f.field_id + OTHER_SUFFIX):
                initial[f.field_id + OTHER_SUFFIX] = data[f.field_id + OTHER_SUFFIX][0]
        if self.entry is not None and self.entry.region_id:  # a grid worker reports from their own grid
            for f in step.input_items:
                if f.field_type == FieldType.REGION and not data.get(f.field_id):
                    initial[f.field_id] = self.entry.region_id
        form = self.form_class(step.input_items)(initial=initial, page=self.page, user=self.request.user,
                                                 require_mobile=False if self.entry else None)
        self.fresh_regions(form, step.input_items)
        if draft:
            form.initial.update(drafts.stored_uploads(self.page, draft, step.input_items))
        return form

    @staticmethod
    def open_the_camera(form):
        """A report from the field: a photo question opens the phone's camera (``capture``) and offers
        images first; the types the form allows are still what the server accepts."""
        for formfield in form.fields.values():
            widget = formfield.widget
            accept = widget.attrs.get("accept", "")
            if getattr(widget, "input_type", "") == "file" and (not accept or IMAGE_TYPES & set(accept.split(","))):
                widget.attrs["accept"] = ",".join(a for a in ("image/*", accept) if a)
                widget.attrs["capture"] = "environment"

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

    @staticmethod
    def describe(bound, spec):
        """What the template needs beyond the bound field: its descriptions and its “other” box."""
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

    @staticmethod
    def error_summary(form):
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

    # -- check your answers ------------------------------------------------------------

    def show_review(self):
        draft = drafts.load(self.request, self.page)
        answers = drafts.answers(self.by_id, draft)
        for step in self.steps:
            if not self.step_hidden(step, answers) and step.number not in draft["done"]:
                return self.redirect(f"?step={step.number}")
        context = self.page.get_context(self.request)
        context.update({"rows": self.review_rows(draft, answers), "submission_key": draft["key"],
                        "steps": self.steps, "form_action": self.form_action(), "staff_entry": self.entry,
                        "warnings": [n.message for n in seams.answer_notes(self.page, answers) if not n.refuse]})
        return TemplateResponse(self.request, "forms_app/form_page_review.html", context)

    def review_rows(self, draft, answers):
        """Each answered, visible question with the resident's own answer and a link to change it."""
        hidden = hidden_field_ids(self.fields, answers)
        uploads = drafts.stored_uploads(self.page, draft, self.fields)
        regions = region_names_for(self.fields)
        rows = []
        for step in self.steps:
            if self.step_hidden(step, answers):
                continue
            for f in step.input_items:
                if f.field_id in hidden:
                    continue
                value = uploads[f.field_id].original_name if f.field_id in uploads else display_answer(
                    f, raw_to_display(f, draft["data"]), regions=regions, mask=False
                )
                change_url = f"{self.page.url}?step={step.number}&return_to_review=1#q-{f.field_id}"
                rows.append({"spec": f, "value": value, "change_url": change_url})
        return rows

    # -- refusals ------------------------------------------------------------------------

    def closed_message(self):
        now = timezone.now()
        if self.page.opens_at and now < self.page.opens_at:
            return _("This form opens on %(date)s.") % {
                "date": date_format(timezone.localtime(self.page.opens_at), "DATETIME_FORMAT")
            }
        return _("This form is closed and no longer accepts submissions.")

    def unavailable(self, message, status, login_url=""):
        context = self.page.get_context(self.request)
        context["message"], context["login_url"] = message, login_url
        return TemplateResponse(self.request, "forms_app/form_unavailable.html", context, status=status)

    def bad_request(self, message):
        return self.unavailable(message, status=400)
