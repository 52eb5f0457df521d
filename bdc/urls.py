from django.urls import path

from bdc import views

app_name = "bdc"

urlpatterns = [
    path("<str:city_code>/", views.bdc_detail, name="bdc_detail"),
    path("<str:city_code>/profile.pdf", views.bdc_profile_pdf, name="bdc_profile_pdf"),
]
