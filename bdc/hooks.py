"""Where higher apps add to the BDC page (see kotaku.lib.hooks)."""

from kotaku.lib.hooks import Hook

# (user, bdc, today) -> context for the BDC page: monitoring adds "visits", "rktl_counts",
# "rktl_open" and "rktl_overdue".
bdc_page = Hook()
