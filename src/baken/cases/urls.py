"""The case pages, under /cases/."""

from django.urls import path

from baken.cases.views import actions, detail, lists, opening, timeline

app_name = "cases"

urlpatterns = [
    path("", lists.case_list, name="list"),
    path("my-work/", lists.my_work, name="my-work"),
    path("overdue/", lists.overdue, name="overdue"),
    path("open/", opening.open_case, name="open"),
    path("<int:pk>/", detail.case_detail, name="detail"),
    path("<int:pk>/timeline/", timeline.case_timeline, name="timeline"),
    path("<int:pk>/timeline.pdf", timeline.timeline_pdf, name="timeline-pdf"),
    path("<int:pk>/<slug:action>/", actions.case_action, name="action"),
]
