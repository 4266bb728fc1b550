from django.urls import path

from baken.portal import views

app_name = "portal"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", views.health, name="health"),
]
