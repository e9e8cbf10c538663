"""The monthly rollup: the figures of every whole calendar month, kept per community and group, so a year of a
county is read from tens of thousands of rows instead of half a million cases.

Why: at 1,000,000 cases a year's figures computed live take 1–2 s (the percentile sorts and the grouped counts
of ~500,000 cases; see :mod:`statistics_app.selectors`). The rollup answers the same questions for whole months:

* :mod:`.models`: per month (the month a case was received, in local time) and per region path, category,
  department, form, triage and channel, the counts of :data:`statistics_app.counting.COUNTS` (exact, summed
  back) and the buckets of time to resolve; per month and region path a histogram of each duration in
  logarithmic buckets 2 % wide (:mod:`.buckets`: a percentile read from it is within 2 % of the exact one); and
  per month received, month resolved and region path, how many were resolved (the trend's resolved side).
* :mod:`.refresh`: a month is built once it is over, and built again when a case received in it gets a new
  history line (every change a figure counts is a line, recorded by the transition services); the history's
  signal leaves a mark (:class:`.models.RollupStale`), the tick's sweep rebuilds the marked months.
* :mod:`.plan` and :mod:`.read`: a period of whole months over a reach made of region subtrees reads the
  built, unmarked months from the rollup and the others (the month now running, the marked ones) live, and adds
  the two. So counts and rates are always exact and current; only the median and P90 become approximate (2 %).
  Any other period or reach (a handler's, which includes the cases they took part in) stays live and exact.
"""
