"""四单 task lists pushed down to units: services, selectors, the admin's pages and exports, the tick's sweep.

:func:`register` connects the part's seams (called once from ``CommunityConfig.ready``).
"""


def register():
    """The tick turns overdue tasks red once (cases.tick.register_sweep)."""
    # imports here: the models load only once the app registry is ready
    from cases.tick import register_sweep

    from .services import sweep_overdue

    register_sweep("tasks_overdue", sweep_overdue, label="tasks overdue")
