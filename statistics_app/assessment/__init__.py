"""考核评价: scorecards of departments/teams and regions (grids, communities) for a period, their ranking, the
lights on units (亮灯预警) and the monthly ranking notice (排榜通报).

- :mod:`.scoring`: the score, rank and light of a unit from its figures (pure: tests pin it by hand);
- :mod:`.scorecards`: the figures of every unit in a user's reach, in grouped queries;
- :mod:`.views`, :mod:`.export`, :mod:`.panels`, :mod:`.hooks`: the admin page, its export, the home panel;
- :mod:`.notice`: the ranking notice issued through the documents room.
"""
