from django.urls import path

from ksm import views

app_name = "ksm"

urlpatterns = [
    path("<str:code>/", views.ksm_detail, name="ksm_detail"),
]
