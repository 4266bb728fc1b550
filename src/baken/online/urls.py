"""The online monitoring pages, under /online/."""

from django.urls import path

from baken.online import views

app_name = "online"

urlpatterns = [
    path("", views.scans, name="scans"),
    path("scans/<int:pk>/", views.scan_detail, name="scan"),
    path("leads/<int:pk>/", views.lead_detail, name="lead"),
    path("leads/<int:pk>/signal/", views.lead_signal, name="lead-signal"),
]
