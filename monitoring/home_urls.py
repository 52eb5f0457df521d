"""The home page at "/": included by the root URLconf outside the monitoring namespace, so
that its name stays "home"."""

from django.urls import path

from monitoring.views import home

urlpatterns = [
    path("", home.home, name="home"),
]
