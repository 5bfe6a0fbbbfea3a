"""Ladder's settings: one file, driven by environment variables read by strict helpers."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Lets annotations such as admin.ModelAdmin[Person] and QuerySet[Person] run as written.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# One switch for a deployment behind HTTPS: it turns on the secure defaults below (HTTPS
# redirect, HSTS, secure cookies, a required SECRET_KEY); each stays overridable on its own.
PRODUCTION = env_bool("LADDER_PRODUCTION", False)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or env_bool("LADDER_INSECURE_DEV_KEY", not PRODUCTION):
        # Fine for the demo and tests; a deployment sets SECRET_KEY (see README).
        SECRET_KEY = "ladder-insecure-development-key-change-me"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The scheme, host and port the site is served on: every link in mail, PDFs, badges and feeds
# starts with it (ladder.core.links.absolute_url). The demo sets it to the port it serves; a
# deployment must say it (a local default would put dead links in every e-mail).
SITE_URL = env_str("SITE_URL", "")
if not SITE_URL:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SITE_URL must be set in production (e.g. https://ladder.example.org): "
            "links in e-mails, PDFs, badges and feeds are built from it"
        )
    SITE_URL = "http://127.0.0.1:8000"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "ladder.core",
    "ladder.orgs",
    "ladder.people",
    "ladder.skills",
    "ladder.learning",
    "ladder.shared_learning",
    "ladder.network",
    "ladder.careers",
    "ladder.certifications",
    "ladder.tuition",
    "ladder.openings",
    "ladder.reports",
    "ladder.home",
    "ladder.api",
    "ladder.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ladder.core.middleware.RequestBodyGuard",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ladder.core.records.RefusalAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

if env_bool("LADDER_SERVER_TIMING", False):
    # Benchmarks only (ladder/core/timing.py): first, so it times every other middleware too.
    MIDDLEWARE.insert(0, "ladder.core.timing.ServerTiming")

ROOT_URLCONF = "ladder.urls"
WSGI_APPLICATION = "ladder.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ladder.core.context_processors.navigation",
            ],
        },
    }
]

# SQLite by default (no set-up); PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'ladder.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # Wait for the write lock instead of failing at once when two requests write.
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.Person"
# Builds a user's ladder.core.access.Access from the roles and employments (core knows no model).
ACCESS_RESOLVER = "ladder.people.access.compute_access"
AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in while the account or the address is locked out.
    "ladder.core.throttle.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env_list(
    "PASSWORD_HASHERS",
    [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ],
)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end assets come from npm (pinned by package-lock.json) and are served by WhiteNoise.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/uswds", NODE_MODULES / "@uswds" / "uswds" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
# WhiteNoise serves straight from the finders, so the demo needs no collectstatic; a deployment
# runs collectstatic and may switch this off.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
WHITENOISE_AUTOREFRESH = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploaded evidence lives outside the web root and is served only through a view that
# checks permissions: there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# A whole request, files included, is refused (413) above this (the largest upload, evidence,
# and room for the form); the form fields alone above Django's DATA_UPLOAD_MAX_MEMORY_SIZE
# (2.5 MB). Imports refuse files over 5 MB themselves (people/imports.py, skills/framework_io).
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", EVIDENCE_MAX_BYTES + 2 * 1024 * 1024)
EVIDENCE_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ladder <ladder@localhost>")

# Background work: "inline" runs tasks in-process; "celery" sends them to Redis.
LADDER_TASK_BACKEND = env_str("LADDER_TASK_BACKEND", "inline")
if LADDER_TASK_BACKEND not in {"inline", "celery"}:
    raise ImproperlyConfigured("LADDER_TASK_BACKEND must be 'inline' or 'celery'")
# Django's tasks API (the django-tasks backport): ladder.core.tasks picks "celery" when
# LADDER_TASK_BACKEND says so.
TASKS = {
    "default": {"BACKEND": "ladder.core.task_backends.InProcessBackend"},
    "celery": {"BACKEND": "ladder.core.task_backends.CeleryBackend"},
}
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)

# The cache holds the throttle counters (and nothing that must survive a restart). Without
# CACHE_URL each process has its own memory cache: fine for one process, but with several
# gunicorn workers each would count on its own, so a deployment points CACHE_URL at Redis.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL in {"", "locmem://"}:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured("CACHE_URL must be a redis:// (or rediss://, unix://) URL")

# --- HTTPS, cookies and headers -----------------------------------------------------------
# The demo serves plain http on 127.0.0.1; LADDER_PRODUCTION=true turns all of these on.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
# Trust X-Forwarded-Proto only when the proxy in front sets it (and strips the client's own).
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The number of proxies that append to X-Forwarded-For in front of Ladder: the throttles count
# per client address, which is the address that many hops from the right. 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# No script reads the CSRF cookie: pages hand the token to HTMX in the body's hx-headers.
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and styles only from our own static files, so
# no inline <script>, no event-handler attributes, no style="" (see docs/security.md).
# CSP_REPORT_ONLY=true sends the same policy as report-only, for one release if a page breaks.
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # USWDS's stylesheet draws its icons with data: SVGs.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

# --- Throttling ------------------------------------------------------------------------------
# Sign-in (django-axes): the LOGIN_FAILURE_LIMIT-th wrong password for one account, or from one
# address, within LOGIN_LOCKOUT_MINUTES locks that account or address out for that long. The
# site admin unlocks with `ladder unlock EMAIL` (or the admin's "Access attempts").
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "ladder.core.throttle.login_username"
AXES_CLIENT_IP_CALLABLE = "ladder.core.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "ladder.core.throttle.login_locked_out"
AXES_VERBOSE = False
# The other throttles (ladder.core.throttle): at most N requests per window, per key. Override
# any with THROTTLE_RATES="password_reset_address=3/h,public_link=120/m".
THROTTLE_RATES = {
    "password_reset_address": "5/h",
    "password_reset_ip": "20/h",
    "api_token_create": "10/h",
    "public_link": "60/m",
} | dict(item.split("=", 1) for item in env_list("THROTTLE_RATES", []) if "=" in item)

PAGE_SIZE = env_int("PAGE_SIZE", 25)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
