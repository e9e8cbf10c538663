"""The results list as CSV (UTF-8 with a BOM) or XLSX (the results, and a second sheet with every task), through
:mod:`forms_app.spreadsheet`. Units, counts and staff names only, no residents' data: not an audited export."""
from django.utils import timezone
from django.utils.translation import gettext as _

from forms_app.spreadsheet import csv_response, workbook_response

FORMATS = ("csv", "xlsx")


def results_table(rows):
    header = [_("Unit"), _("Tasks"), _("Done on time"), _("Done late"), _("Overdue"), _("Open, in time")]
    return header, [[r.label, r.tasks, r.on_time, r.late, r.overdue, r.open] for r in rows]


def tasks_table(tasks):
    header = [_("Task list"), _("Period"), _("Task"), _("Unit"), _("Responsible person"), _("Deadline"), _("State"),
              _("Reported done at"), _("Light")]
    rows = []
    for task in tasks.select_related("task_list", "department", "region", "responsible").order_by("due_at", "pk"):
        person = task.responsible
        rows.append([
            task.task_list.title, task.task_list.period, task.title, str(task.unit),
            person.get_full_name() or person.get_username(), timezone.localtime(task.due_at),
            task.get_state_display(), timezone.localtime(task.done_at) if task.done_at else None,
            str(task.get_light_display()),
        ])
    return header, rows


def export_response(fmt, rows, tasks, filename):
    header, body = results_table(rows)
    if fmt == "csv":
        return csv_response(filename, header, body)
    return workbook_response(filename, [(_("Results"), header, body), (_("Tasks"), *tasks_table(tasks))])
