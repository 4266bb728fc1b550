"""The administrators' routing-rule pages, under /routing-rules/."""

from django.urls import path

from baken.signals.views import routing_rules as views

app_name = "signal_rules"

urlpatterns = [
    path("", views.rule_list, name="list"),
    path("new/", views.rule_create, name="create"),
    path("<int:pk>/", views.rule_edit, name="edit"),
    path("<int:pk>/move/", views.rule_move, name="move"),
    path("<int:pk>/deactivate/", views.rule_deactivate, name="deactivate"),
]
