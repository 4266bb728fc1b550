"""Django settings for Baken. Every value that differs per installation comes from `config`."""

from __future__ import annotations

from datetime import timedelta

import dj_database_url
from django.utils.translation import gettext_lazy as _

from baken import config as baken_config

CONFIG = baken_config.load()
BASE_DIR = baken_config.PROJECT_ROOT
VAR_DIR = baken_config.VAR_DIR
FRONTEND_MODULES = BASE_DIR / "frontend" / "node_modules"

SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)
BAKEN_MODE = CONFIG.mode
BAKEN_FIELD_KEY = CONFIG.field_key
# Keys that data may still be encrypted with until `baken rotate-field-key` has run.
BAKEN_FIELD_KEYS_PREVIOUS = CONFIG.previous_field_keys
BAKEN_REQUIRE_2FA = CONFIG.require_2fa

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "baken.accounts",
    "baken.audit",
    "baken.signals",
    "baken.people",
    "baken.cases",
    "baken.insight",
    "baken.online",
    "baken.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baken.portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "baken.accounts.middleware.MembershipMiddleware",
    "baken.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last: it turns a lock-out raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "baken.urls"
WSGI_APPLICATION = "baken.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baken.portal.context.navigation",
            ],
        },
    },
]

if not CONFIG.production:
    # Demo mode keeps its SQLite database and static root under var/.
    (VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(CONFIG.database_url, conn_max_age=60)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "baken.accounts.password_rules.MinimumLength",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 minutes without a request: every request renews the expiry.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = CONFIG.secure_cookies
CSRF_COOKIE_SECURE = CONFIG.secure_cookies
CSRF_FAILURE_VIEW = "baken.portal.views.csrf_failure"
LANGUAGE_COOKIE_SECURE = CONFIG.secure_cookies
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

if CONFIG.production:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Lock-out after repeated failed log-ins (django-axes), per user name and address together so
# that one attacker cannot lock every user out from one place.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Axes masks user name and address in its log lines (AXES_SENSITIVE_PARAMETERS); a test
# keeps it that way, since log files are not access-controlled like the database.
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Baken"

# Record linkage (people.matching): link at or above the first score, suggest for review at or
# above the second; None keeps the engine's defaults.
BAKEN_MATCH_LINK = CONFIG.match_link
BAKEN_MATCH_REVIEW = CONFIG.match_review
BAKEN_CASE_RETENTION_DAYS = CONFIG.case_retention_days
BAKEN_SCAN_RETENTION_DAYS = CONFIG.scan_retention_days
BAKEN_SCAN_IMPORT_DIR = CONFIG.scan_import_dir
# How queued scans run: "thread" (in the web process, right away: the demo), "worker" (a
# separate `baken scan-worker` process picks them up) or "inline" (in the request: tests).
BAKEN_SCAN_RUNNER = "thread" if CONFIG.mode == "demo" else "worker"
# Uploads of online material: exports can be large; stream them to disk above 10 MB.
BAKEN_SCAN_MAX_UPLOAD = 2 * 1024**3

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "src" / "baken" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("vendor/utrecht", FRONTEND_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", FRONTEND_MODULES / "@utrecht" / "design-tokens" / "dist"),
    ("vendor/htmx", FRONTEND_MODULES / "htmx.org" / "dist"),
    ("vendor/cytoscape", FRONTEND_MODULES / "cytoscape" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if CONFIG.production
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, serve static files straight from the finders: no collectstatic step.
WHITENOISE_USE_FINDERS = not CONFIG.production

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes an anonymous call a 401, not a 403.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["baken.accounts.api_permissions.PolicyPermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "baken.portal.api_errors.exception_handler",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=90),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Baken API",
    "DESCRIPTION": "The REST API of Baken. Authenticate with `Authorization: Token <token>`; "
    "tokens are issued with `baken api-token USERNAME`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for a choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {"SignalStatusEnum": "baken.signals.workflow.SignalStatus"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
