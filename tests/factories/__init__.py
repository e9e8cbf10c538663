"""Factories for tests: real rows in the real database, built through the same APIs the admin uses.

- :mod:`.forms`: form pages, submissions, uploads, staff who edit forms;
- :mod:`.browser`: driving the resident's flow as a browser does;
- :mod:`.cases`: the organisation (regions, teams, roles) and cases walked to any state;
- :mod:`.documents`: templates attached to forms, and cases that get documents;
- :mod:`.sms`: a form whose residents may agree to SMS notices, and its cases.
"""
from .browser import (
    URLENCODED,
    answer_form_target,
    form_key,
    in_page,
    open_form,
    png_file,
    post_as_browser,
    post_step,
    valid_id_number,
)
from .cases import (
    CASE_PATHS,
    PART_PATHS,
    hold_post,
    make_case,
    make_case_in,
    make_case_world,
    make_category,
    make_department,
    make_joint_case,
    make_member,
    make_regions,
    walk_case,
)
from .documents import RECEIPT_BODY, attach, make_resident_form, make_template, pdf_text, resident_case
from .forms import UserFactory, field, forms_index, make_form, make_staff, make_submission, make_upload
from .sms import PHONE, make_sms_form, sms_case

__all__ = [
    "CASE_PATHS", "PART_PATHS", "PHONE", "RECEIPT_BODY", "URLENCODED", "UserFactory", "answer_form_target", "attach",
    "field", "form_key",
    "forms_index", "hold_post", "in_page", "make_case", "make_case_in", "make_case_world", "make_category",
    "make_department", "make_form", "make_joint_case", "make_member", "make_regions", "make_resident_form",
    "make_sms_form", "make_staff", "make_submission",
    "make_template", "make_upload", "open_form", "pdf_text", "png_file", "post_as_browser", "post_step",
    "resident_case", "sms_case", "valid_id_number", "walk_case",
]
