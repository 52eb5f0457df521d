from django.urls import path

from ksm import file_views, views

app_name = "ksm"

urlpatterns = [
    path("", views.ksm_list, name="ksm_list"),
    path("new/", views.ksm_create, name="ksm_create"),
    path("quick-status/", file_views.quick_status_export, name="quick_status"),
    path("import/", file_views.ksm_import, name="ksm_import"),
    path("import/template.xlsx", file_views.ksm_import_template, name="ksm_import_template"),
    path("<str:code>/", views.ksm_detail, name="ksm_detail"),
    path("<str:code>/edit/", views.ksm_edit, name="ksm_edit"),
    path("<str:code>/members/new/", views.member_add, name="member_add"),
    path("<str:code>/members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("<str:code>/members/<int:pk>/delete/", views.member_delete, name="member_delete"),
    path("<str:code>/products/new/", views.product_add, name="product_add"),
    path("<str:code>/products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("<str:code>/products/<int:pk>/delete/", views.product_delete, name="product_delete"),
    path("<str:code>/assessments/new/", views.assessment_add, name="assessment_add"),
]
