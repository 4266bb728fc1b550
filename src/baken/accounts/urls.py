from django.urls import path

from baken.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("2fa/verify/", views.two_factor_verify, name="2fa-verify"),
    path("2fa/setup/", views.two_factor_setup, name="2fa-setup"),
    path("role/", views.switch_membership, name="switch-membership"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("users/", views.user_list, name="user-list"),
    path("users/<int:pk>/", views.user_detail, name="user-detail"),
]
