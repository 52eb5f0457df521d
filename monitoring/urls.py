from django.urls import path

from monitoring.views import review, rktl, visit_edit, visits

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
    path("rktl/<str:code>/", rktl.rktl_detail, name="rktl_detail"),
]
