from django.urls import path

from bdc import views

app_name = "bdc"

urlpatterns = [
    path("<str:city_code>/", views.bdc_detail, name="bdc_detail"),
]
