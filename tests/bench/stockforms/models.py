"""Wagtail's documented form page, unchanged: the baseline our resident path is measured against."""
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField


class StockFormField(AbstractFormField):
    page = ParentalKey("StockFormPage", on_delete=models.CASCADE, related_name="form_fields")


class StockFormPage(AbstractForm):
    template = "stockforms/stock_form_page.html"
    landing_page_template = "stockforms/stock_form_page_landing.html"
