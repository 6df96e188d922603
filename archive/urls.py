from django.urls import path

from archive.views import health, home

app_name = "archive"

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
]
