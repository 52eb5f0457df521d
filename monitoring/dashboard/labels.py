"""Short labels, for narrow table headers and chart legends, and the colours of the series."""

from django.utils.translation import gettext_lazy as _

from monitoring.models import RktlCategory, Visit

CATEGORY_SHORT = {
    RktlCategory.BUSINESS_PLAN: _("Plan"),
    RktlCategory.MANAGEMENT: _("Management"),
    RktlCategory.CAPACITY: _("Capacity"),
    RktlCategory.TRANSPARENCY: _("Transparency"),
    RktlCategory.BLM_USE: _("BLM use"),
    RktlCategory.TIERED_CONTROL: _("Control"),
    RktlCategory.KSM_READINESS: _("KSM"),
}
VISIT_STATUS_SHORT = {
    Visit.Status.DRAFT: _("Draft"),
    Visit.Status.SUBMITTED: _("At Korkot"),
    Visit.Status.KORKOT_APPROVED: _("At KMW"),
    Visit.Status.RETURNED: _("Sent back"),
    Visit.Status.APPROVED: _("Approved"),
}
# The same colours as the status badges in static/css/app.css.
VISIT_STATUS_COLOURS = {
    Visit.Status.DRAFT: "#6c757d",
    Visit.Status.SUBMITTED: "#0d6efd",
    Visit.Status.KORKOT_APPROVED: "#6610f2",
    Visit.Status.RETURNED: "#dc3545",
    Visit.Status.APPROVED: "#198754",
}
CATEGORY_COLOURS = ("#0b6e4f", "#0d6efd", "#fd7e14", "#6f42c1", "#d63384", "#20c997", "#6c757d")
AGE_COLOURS = ("#dc3545", "#fd7e14")  # per open status
STAGE_COLOURS = ("#ffc107", "#fd7e14", "#0b6e4f")  # PPMK stages I, II, III
