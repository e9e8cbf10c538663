"""``{{ cell|stat }}``: a statistics cell as the page shows it (statistics_app.overview.cells)."""
from django import template

from ..overview.cells import display

register = template.Library()


@register.filter
def stat(cell):
    return display(cell)
