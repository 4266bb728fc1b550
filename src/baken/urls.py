from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from django_otp.admin import OTPAdminSite
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import APIRootView, DefaultRouter

from baken.accounts import api as accounts_api
from baken.accounts.policy import Action
from baken.audit import api as audit_api
from baken.cases import api as cases_api
from baken.signals import api as signals_api

# The technical admin demands a verified second factor, like the rest of Baken in production.
admin.site.__class__ = OTPAdminSite


class BakenRootView(APIRootView):
    """Baken's REST API. The schema is at /api/schema/, its documentation at /api/docs/."""

    policy_action = Action.USE_API


class BakenRouter(DefaultRouter):
    APIRootView = BakenRootView


router = BakenRouter()
router.register("regions", accounts_api.RegionViewSet, basename="region")
router.register("municipalities", accounts_api.MunicipalityViewSet, basename="municipality")
router.register("organisations", accounts_api.OrganisationViewSet, basename="organisation")
router.register("users", accounts_api.UserViewSet, basename="user")
router.register("audit", audit_api.AuditEntryViewSet, basename="audit-entry")
router.register("signals", signals_api.SignalViewSet, basename="signal")
router.register("cases", cases_api.CaseViewSet, basename="case")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="portal:dashboard"), name="home"),
    path("", include("baken.portal.urls")),
    path("accounts/", include("baken.accounts.urls")),
    path("audit/", include("baken.audit.urls")),
    path("routing-rules/", include("baken.signals.urls_rules")),
    path("persons/", include("baken.people.urls")),
    path("cases/", include("baken.cases.urls")),
    path("online/", include("baken.online.urls")),
    path("signals/", include("baken.signals.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/me/", accounts_api.MeView.as_view(), name="api-me"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include(router.urls)),
    path("admin/", admin.site.urls),
]

handler400 = "baken.portal.views.bad_request"
handler403 = "baken.portal.views.permission_denied"
handler404 = "baken.portal.views.page_not_found"
handler500 = "baken.portal.views.server_error"
