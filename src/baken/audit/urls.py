from django.urls import path

from baken.audit import views

app_name = "audit"

urlpatterns = [path("", views.entry_list, name="entry-list")]
