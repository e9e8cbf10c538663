"""Form pages and their questions (:mod:`.pages`); residents' submissions and uploads (:mod:`.records`)."""
from .pages import FormField, FormPage, FormsIndexPage
from .records import Submission, Upload

__all__ = ["FormField", "FormPage", "FormsIndexPage", "Submission", "Upload"]
