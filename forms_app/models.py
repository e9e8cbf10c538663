"""The forms room's models, where Django looks for them.

- :mod:`forms_app.pages`: the forms index, a form page and its questions (Wagtail pages);
- :mod:`forms_app.submissions`: what residents leave: their answers and their files;
- :mod:`forms_app.counters`: the counts that request limits read (forms_app.throttle) and the
  one-time codes that verify residents' phone numbers (forms_app.phone).

The resident's flow and the submit service import :mod:`forms_app.submissions` itself, not this
module: the form page serves through them, so they must not reach it back.
"""
from .counters import PhoneCode, RequestCount
from .pages import FormField, FormPage, FormsIndexPage
from .submissions import Submission, SubmissionKey, Upload

__all__ = ["PhoneCode", "RequestCount", "FormField", "FormPage", "FormsIndexPage", "Submission", "SubmissionKey",
           "Upload"]
