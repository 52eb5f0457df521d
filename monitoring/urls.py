from django.urls import path

from monitoring.views import (
    city,
    dashboard,
    maps,
    reports,
    review,
    rktl,
    targets,
    visit_edit,
    visit_workflow,
    visits,
)

app_name = "monitoring"

urlpatterns = [
    path("visits/", visits.visit_list, name="visit_list"),
    path("visits/new/", visit_edit.visit_create, name="visit_create"),
    path("visits/<str:code>/", visits.visit_detail, name="visit_detail"),
    path("visits/<str:code>/edit/", visit_edit.visit_edit, name="visit_edit"),
    path("visits/<str:code>/edit/<slug:section>/", visit_edit.visit_section, name="visit_section"),
    path("visits/<str:code>/attachments/", visit_edit.attachment_add, name="attachment_add"),
    path(
        "visits/<str:code>/attachments/<int:pk>/delete/",
        visit_edit.attachment_delete,
        name="attachment_delete",
    ),
    path("visits/<str:code>/findings/", visit_edit.finding_add, name="finding_add"),
    path(
        "visits/<str:code>/findings/<int:pk>/delete/",
        visit_edit.finding_delete,
        name="finding_delete",
    ),
    path("visits/<str:code>/findings/<int:pk>/rktl/", visit_edit.rktl_add, name="rktl_add"),
    path("visits/<str:code>/rktl/<int:pk>/delete/", visit_edit.rktl_delete, name="rktl_delete"),
    path("visits/<str:code>/submit/", visit_edit.visit_submit, name="visit_submit"),
    path("visits/<str:code>/review/", review.visit_review, name="visit_review"),
    path("visits/<str:code>/reopen/", visit_workflow.visit_reopen, name="visit_reopen"),
    path("visits/<str:code>/cancel/", visit_workflow.visit_cancel, name="visit_cancel"),
    path("rktl/", rktl.rktl_list, name="rktl_list"),
    path("rktl/export.xlsx", rktl.rktl_export, name="rktl_export"),
    path("rktl/<str:code>/", rktl.rktl_detail, name="rktl_detail"),
    path("rktl/<str:code>/progress/", rktl.rktl_progress, name="rktl_progress"),
    path("rktl/<str:code>/verify/", rktl.rktl_verify, name="rktl_verify"),
    path("rktl/<str:code>/deadline/", rktl.rktl_deadline, name="rktl_deadline"),
    path(
        "rktl/<str:code>/deadline/<int:pk>/decide/",
        rktl.rktl_deadline_decide,
        name="rktl_deadline_decide",
    ),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("targets/", targets.target_list, name="target_list"),
    path("targets/new/", targets.target_edit, name="target_create"),
    path("targets/<int:pk>/", targets.target_edit, name="target_edit"),
    path("visits/<str:code>/report.pdf", reports.visit_report_pdf, name="visit_report_pdf"),
    path("rktl/report.pdf", reports.rktl_report_pdf, name="rktl_report_pdf"),
    path("kota/<str:code>/", city.city_detail, name="city_detail"),
    path("maps/", maps.area_map, name="area_map"),
    path("maps/data.json", maps.area_map_data, name="area_map_data"),
    path("maps/city/<str:code>/", maps.city_map, name="city_map"),
    path("maps/city/<str:code>/data.json", maps.city_map_data, name="city_map_data"),
]
