"""Where higher apps add to the KSM pages and reports (see kotaku.lib.hooks)."""

from kotaku.lib.hooks import Hook

# (user, ksm) -> context for the KSM page: monitoring adds "visits" and "rktl_open".
ksm_page = Hook()
# (year_end) -> annotations of a KSM queryset for the Quick Status sheet: monitoring adds
# "last_visit" and "open_rktl".
quick_status = Hook()
