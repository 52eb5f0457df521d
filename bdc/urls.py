from django.urls import path

from bdc import views

app_name = "bdc"

urlpatterns = [
    path("<str:city_code>/", views.bdc_detail, name="bdc_detail"),
    path("<str:city_code>/profile.pdf", views.bdc_profile_pdf, name="bdc_profile_pdf"),
    path("<str:city_code>/outlets/new/", views.outlet_add, name="outlet_add"),
    path("<str:city_code>/outlets/<int:pk>/edit/", views.outlet_edit, name="outlet_edit"),
    path("<str:city_code>/people/import/", views.people_import, name="people_import"),
    path(
        "<str:city_code>/people/import/template.xlsx",
        views.people_import_template,
        name="people_import_template",
    ),
]
