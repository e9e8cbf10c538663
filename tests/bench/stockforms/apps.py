from django.apps import AppConfig


class StockFormsConfig(AppConfig):
    name = "tests.bench.stockforms"
    label = "stockforms"
    default_auto_field = "django.db.models.BigAutoField"
