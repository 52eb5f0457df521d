from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.hook_list, name="hook_list"),
    path("new/", views.hook_create, name="hook_create"),
    path("<int:pk>/", views.hook_detail, name="hook_detail"),
    path("<int:pk>/edit/", views.hook_edit, name="hook_edit"),
    path("<int:pk>/ping/", views.hook_ping, name="hook_ping"),
    path("<int:pk>/resume/", views.hook_resume, name="hook_resume"),
    path("<int:pk>/rotate-secret/", views.hook_rotate, name="hook_rotate"),
    path("<int:pk>/delete/", views.hook_delete, name="hook_delete"),
]
