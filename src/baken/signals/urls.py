"""The signal pages, under /signals/: intake, the filer's list, the triage inbox, one signal."""

from django.urls import path

from baken.signals.views import detail, inbox, intake, mine

app_name = "signals"

urlpatterns = [
    path("new/", intake.intake_page, name="intake"),
    path("draft/", intake.save_draft, name="draft"),
    path("mine/", mine.my_signals, name="mine"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("<int:pk>/", detail.signal_detail, name="detail"),
    path("<int:pk>/status/", detail.change_status, name="status"),
    path("<int:pk>/assign/", detail.assign, name="assign"),
    path("<int:pk>/messages/", detail.post_message, name="messages"),
]
