"""Signals a domain app sends when it writes rows past the model signals.

`rows_written` is sent inside the writer's transaction after rows went in or changed by
`bulk_create`, `core.bulk.insert_rows`, `QuerySet.update()` or a restore, none of which send
`post_save`. Arguments: `programme_id` (None: every programme) and `tambon_codes` (the tambons
whose rows changed; None: all of them). The dashboards' rollup listens (dashboards/hooks.py); the
sender need not know who does.

`area_changed` is sent inside the writer's transaction when something the area pages show changed
by `QuerySet.update()` without touching rows the rollup counts (a lesson's status, a programme's
settings). Argument: `area_codes` (the areas, tambons say, whose pages show it; None: every area).
The dashboards move their cached pages' versions on (dashboards/stamps.py).
"""

from django.dispatch import Signal

rows_written = Signal()
area_changed = Signal()
