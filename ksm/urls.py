from django.urls import path

from ksm import views

app_name = "ksm"

urlpatterns = [
    path("", views.ksm_list, name="ksm_list"),
    path("new/", views.ksm_create, name="ksm_create"),
    path("<str:code>/", views.ksm_detail, name="ksm_detail"),
    path("<str:code>/edit/", views.ksm_edit, name="ksm_edit"),
    path("<str:code>/members/new/", views.member_add, name="member_add"),
    path("<str:code>/products/new/", views.product_add, name="product_add"),
    path("<str:code>/assessments/new/", views.assessment_add, name="assessment_add"),
]
