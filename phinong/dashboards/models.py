"""The dashboards' rollup: one row per tambon of a programme, kept current in the writing transaction.

A dashboard adds these rows up by code prefix (about 7,300 at the nation) instead of reading the
110,000 leaders, 180,000 attendance rows and 29,000 reports it summarises. `tallies.refresh`
recomputes the rows of some tambons from the source tables; the hooks in `hooks.py` call it from
every write that changes them, inside the same transaction, so a figure is right the moment a
report is approved. `rebuild_dashboard_tallies` recomputes every row (idempotent).

What depends on the day (which activities and periods are due) is kept as bits, one per activity or
period number, so the reader picks the due ones: bit n of `activities_done` is set when the
tambon's record of activity n is done; bit n of `reports_*` when its report of period n is so.
"""

from django.db import models

from phinong.geo.models import Tambon
from phinong.programmes.models import Programme

# Activity and period numbers index the bits of a 64-bit integer.
MAX_NUMBER = 62


class TambonTally(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    tambon = models.ForeignKey(Tambon, on_delete=models.CASCADE, related_name="+")
    paired = models.BooleanField(default=False)  # the younger tambon of one of its pairs
    target = models.BooleanField(default=False)  # one of its target tambons
    villages = models.PositiveIntegerField(default=0)  # villages registered in the tambon
    leaders = models.PositiveIntegerField(default=0)
    workshop_done = models.PositiveIntegerField(default=0)  # leaders who completed a workshop
    activities_done = models.BigIntegerField(default=0)  # bit n: activity n done
    reports_submitted = models.BigIntegerField(default=0)  # bit n: period n's report submitted
    reports_on_time = models.BigIntegerField(default=0)  # ... first submitted by its due date
    reports_approved = models.BigIntegerField(default=0)  # ... approved
    reports_returned = models.BigIntegerField(default=0)  # ... returned to the district, for now
    # The figures of its approved reports, every period added up.
    households = models.BigIntegerField(default=0)
    villages_covered = models.BigIntegerField(default=0)
    partner_networks = models.BigIntegerField(default=0)
    expenses_reduced = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    active_centres = models.BigIntegerField(default=0)
    hici_households = models.BigIntegerField(default=0)
    food_packs = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "tambon"], name="tally_one_per_tambon"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.tambon_id}"


class ReportDay(models.Model):
    """The days of a tambon's report of one period, in Thailand's time: the dashboards' series of
    submissions and approvals adds these narrow rows up by day, through an index on each date."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    tambon = models.ForeignKey(Tambon, on_delete=models.CASCADE, related_name="+")
    period_number = models.PositiveSmallIntegerField()
    submitted_on = models.DateField(null=True)  # first submitted
    approved_on = models.DateField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "tambon", "period_number"], name="report_day_one_per_report"
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "submitted_on"], name="report_day_submitted"),
            models.Index(fields=["programme", "approved_on"], name="report_day_approved"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.tambon_id} {self.period_number}"


class AreaStamp(models.Model):
    """A version of what the dashboards show of one district ("": of everything), moved on by every
    write that changes it, in the writer's transaction (stamps.py). The cached parts of the area
    pages (fragments.py) are keyed by these versions, so a write makes them miss at its commit."""

    district = models.CharField(max_length=4, primary_key=True)
    n = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.district or 'all'} {self.n}"
