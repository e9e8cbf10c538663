"""The statistics overview in the admin: a period's figures, charts, the drill-down and their exports."""
