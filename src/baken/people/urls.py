from django.urls import path

from baken.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/merge/", views.person_merge, name="merge"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/<int:pk>/decide/", views.suggestion_decide, name="suggestion-decide"),
    path("merges/<int:pk>/undo/", views.merge_undo, name="merge-undo"),
]
