"""The Korkot / KMW / national dashboard: what it counts, and the charts that show it.

Scope: every queryset starts from `Model.objects.visible_to(user)`, so a number can only come
from the cities the user may read; the province/city filter narrows further, never wider.

Cost: six GROUP BY queries for the seven panels (completion and overdue share one), each
`values(...).annotate(Count/Sum with filter=Q(...))`, `TruncMonth` for months (SQLite and
PostgreSQL alike), plus one for the cities in scope: ten in all for a page, with the session,
user and assignments, however many records there are (tests/monitoring/test_dashboard.py).
Python only loops over the aggregated rows (at most cities x categories).
Indexes relied on: RktlItem (city, status, deadline), (status, deadline) and (city, category);
Visit (city, status, -starts_on); Ksm (city, ppmk_stage); the foreign-key indexes for attendees
and tranches.

Period: the date filter is about when the work happened in the field, so it applies to a
visit's start date (visits, attendance) and to an RKTL item through the start date of the visit
its finding came from. It does not apply to BLM tranches (they have a fiscal year, not a date)
or to KSM stages (a current state). The page says so too.
"""

from monitoring.dashboard.build import Dashboard, build_dashboard
from monitoring.dashboard.filters import (
    AREA_ROWS_MAX,
    DashboardFilterForm,
    Filters,
    cities_in_scope,
)

__all__ = [
    "AREA_ROWS_MAX",
    "Dashboard",
    "DashboardFilterForm",
    "Filters",
    "build_dashboard",
    "cities_in_scope",
]
