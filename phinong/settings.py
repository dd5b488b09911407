"""Phinong settings. Every value comes from the environment; see .env.example."""

import datetime as dt
import secrets
from pathlib import Path

import dj_database_url
import fontpkg_sarabun
from django.utils.translation import gettext_lazy as _

from phinong.env import ConfigError, env_bool, env_int, env_list, env_str, read_secret_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PHINONG_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("PHINONG_DEBUG", False)
# The key comes from PHINONG_SECRET_KEY, or from the file PHINONG_SECRET_KEY_FILE names (by default
# var/secret_key in the checkout, which `make install` writes once with mode 0600). Without either,
# the app refuses to start, except with PHINONG_DEBUG, where a throwaway key lasts one process.
SECRET_KEY = env_str("PHINONG_SECRET_KEY", "") or read_secret_file(
    env_str("PHINONG_SECRET_KEY_FILE", "") or str(BASE_DIR / "var" / "secret_key")
)
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError(
            "Set PHINONG_SECRET_KEY (or PHINONG_SECRET_KEY_FILE) to a long random string, "
            "or run `make install` to write var/secret_key for a local checkout."
        )
    SECRET_KEY = secrets.token_urlsafe(50)
ALLOWED_HOSTS = env_list("PHINONG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("PHINONG_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "phinong.core.error_pages.csrf_failure"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("PHINONG_BEHIND_TLS_PROXY", False) else None
)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("PHINONG_SECURE_COOKIES", False)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind TLS (issue 12): plain-HTTP requests are redirected to HTTPS (except the load balancer's
# /healthz) and browsers are told to use HTTPS only (HSTS), for a year by default.
_tls = bool(SECURE_PROXY_SSL_HEADER) or SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("PHINONG_SSL_REDIRECT", _tls)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("PHINONG_HSTS_SECONDS", 31_536_000 if _tls else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PHINONG_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("PHINONG_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp): scripts only from our own static files, never inline;
# style attributes are allowed inline (templates and the server-drawn SVG charts use them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Request bodies (issue 12): an anonymous visitor may send DATA_UPLOAD_MAX_MEMORY_SIZE; a logged-in
# user or a working API token up to PHINONG_REQUEST_MAX_MB (an import file and its form). Bigger is
# refused with 413 before anything reads it (accounts.middleware). Uploads above
# FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a temporary file rather than held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("PHINONG_FORM_MAX_KB", 2048) * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "phinong.accounts.apps.LoginAttemptsConfig",  # django-axes: see phinong/accounts/throttle.py
    "csp",
    "ninja",  # its Swagger UI is served from the package, never from a CDN
    "phinong.core",
    "phinong.geo",
    "phinong.accounts",
    "phinong.audit",
    "phinong.programmes",
    "phinong.register",
    "phinong.partners",
    "phinong.centres",
    "phinong.reports",
    "phinong.workshops",
    "phinong.lessons",
    "phinong.search",
    "phinong.dashboards",
    "phinong.demo",
    "phinong.api",
    "phinong.privacy",
    "django_tasks",
    "django_tasks_db",
    "phinong.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "phinong.core.middleware.ThaiFirstLocaleMiddleware",
    "phinong.api.middleware.ApiProblemMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "phinong.accounts.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "phinong.core.replica_middleware.ReplicaPinMiddleware",  # only with DATABASE_REPLICA_URL
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "phinong.audit.middleware.RequestOriginMiddleware",
    "axes.middleware.AxesMiddleware",  # keep it last: it turns a lockout into the lockout page
]

ROOT_URLCONF = "phinong.urls"
WSGI_APPLICATION = "phinong.wsgi.application"

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
                "django.template.context_processors.i18n",
                "phinong.reports.context_processors.notifications",
            ],
            "builtins": ["phinong.core.templatetags.thai", "phinong.core.templatetags.links"],
        },
    },
]

# Django's widget templates, the commonest written in Python (core/form_renderer.py)
FORM_RENDERER = "phinong.core.form_renderer.Renderer"

_default_sqlite = f"sqlite:///{VAR_DIR / 'phinong.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite) or _default_sqlite,
        conn_max_age=env_int("PHINONG_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": None}
# An optional read replica (e.g. a PostgreSQL streaming standby): dashboards and report pages read
# from it (phinong/core/db_router.py); writes, and a person's reads for a few seconds after they
# wrote, stay on the primary. In tests it mirrors the default database.
_replica_url = env_str("DATABASE_REPLICA_URL", "")
if _replica_url:
    DATABASES["replica"] = dj_database_url.parse(
        _replica_url, conn_max_age=env_int("PHINONG_DB_CONN_MAX_AGE", 0)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["phinong.core.db_router.ReplicaRouter"]
PHINONG_REPLICA_PIN_SECONDS = env_int("PHINONG_REPLICA_PIN_SECONDS", 15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "phinong.accounts.throttle.LoginThrottleBackend",  # first: refuses a locked-out login
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first; PBKDF2 stays to read older hashes, which are re-made as Argon2 at login.
PASSWORD_HASHERS = [
    "phinong.accounts.hashers.PhinongArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
# Login throttling (django-axes, issue 12): see phinong/accounts/throttle.py.
AXES_HANDLER = "phinong.accounts.throttle.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # the handler relies on this order
AXES_FAILURE_LIMIT = env_int("PHINONG_LOGIN_FAILURES_PER_ACCOUNT", 5)
PHINONG_LOGIN_FAILURES_PER_ADDRESS = env_int("PHINONG_LOGIN_FAILURES_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("PHINONG_LOGIN_COOLOFF_MINUTES", 15))
AXES_CLIENT_IP_CALLABLE = "phinong.accounts.throttle.login_address"
AXES_LOCKOUT_CALLABLE = "phinong.accounts.throttle.lockout_response"
AXES_ENABLE_ADMIN = False  # registered in phinong/accounts/admin.py instead, in Thai
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("fonts", Path(fontpkg_sarabun.ROOT) / "files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = env_bool("PHINONG_STATIC_FROM_FINDERS", True)
MEDIA_ROOT = VAR_DIR / "media"

EMAIL_BACKEND = env_str("PHINONG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("PHINONG_FROM_EMAIL", "phinong@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PHINONG_LOG_LEVEL", "WARNING")},
}

# Register imports (issue 3): the largest file and the most rows one upload may hold.
PHINONG_IMPORT_MAX_BYTES = env_int("PHINONG_IMPORT_MAX_MB", 20) * 1024 * 1024
PHINONG_IMPORT_MAX_ROWS = env_int("PHINONG_IMPORT_MAX_ROWS", 50_000)
# A confirmed file of more data rows than this is written by a background job (issue 12).
PHINONG_IMPORT_JOB_ROWS = env_int("PHINONG_IMPORT_JOB_ROWS", 500)
# The largest request body of a logged-in user (see DATA_UPLOAD_MAX_MEMORY_SIZE): an import file
# and the form around it. The proxy's limit (nginx: client_max_body_size) should be the same.
_request_max_mb = env_int("PHINONG_REQUEST_MAX_MB", PHINONG_IMPORT_MAX_BYTES // 2**20 + 2)
PHINONG_REQUEST_MAX_BYTES = _request_max_mb * 2**20

# API (issue 11): requests per token, as "count/period" (s, m, h or d). Counted in the default
# cache, which is local memory (per process): with several worker processes, point CACHES at a
# shared cache (Redis, or django.core.cache.backends.db.DatabaseCache) so the limit holds.
API_RATE_LIMIT = env_str("PHINONG_API_RATE_LIMIT", "120/m")
# The cached parts of the area pages (dashboards/fragments.py), keyed by versions kept in the
# database, so they are right whichever process draws them. "memory": in each process (make run,
# tests); "files": under VAR_DIR/fragments, shared by the processes of one machine, so a part drawn
# by one gunicorn worker serves the others.
_FRAGMENT_STORES = {
    "memory": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "phinong-fragments",
    },
    "files": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "fragments"),
    },
}
_fragments = env_str("PHINONG_FRAGMENTS", "") or "memory"
if _fragments not in _FRAGMENT_STORES:
    raise ConfigError(f"PHINONG_FRAGMENTS must be memory or files, not {_fragments!r}")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        **_FRAGMENT_STORES[_fragments],
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": env_int("PHINONG_FRAGMENTS_MAX", 2000)},
    },
}
# Sessions: "db" (the default) reads the signed-in person's session from the database on every
# request. "files" keeps a copy in Django's file cache under VAR_DIR/sessions (the cached_db
# engine), read without a query; a sign-out removes both. Only for app processes on one machine:
# another machine's copy would outlive a sign-out there (README, "Sessions").
_SESSION_STORES = {"db", "files"}
_sessions = env_str("PHINONG_SESSIONS", "") or "db"
if _sessions not in _SESSION_STORES:
    raise ConfigError(f"PHINONG_SESSIONS must be db or files, not {_sessions!r}")
SESSION_ENGINE = "django.contrib.sessions.backends.db"
if _sessions == "files":
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "sessions"),
        "OPTIONS": {"MAX_ENTRIES": env_int("PHINONG_SESSIONS_MAX", 20000)},
    }
# A new API token expires after this many days unless its maker chooses otherwise.
API_TOKEN_DAYS = env_int("PHINONG_API_TOKEN_DAYS", 90)

# Long work (issue 12): PDFs, workbooks, booklets and mails run as tasks (django-tasks). "database"
# queues them in the database for `manage.py db_worker` (production: see the README); "immediate",
# the default, runs each one at once in the process that asked, so `make run` and tests need nothing.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = env_str("PHINONG_TASKS_BACKEND", "immediate")
if _tasks_backend not in _TASK_BACKENDS:
    raise ConfigError(
        f"PHINONG_TASKS_BACKEND must be immediate or database, not {_tasks_backend!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_tasks_backend]}}
# A job still queued or running this many minutes after its last sign of life is marked failed.
PHINONG_JOB_STALE_MINUTES = env_int("PHINONG_JOB_STALE_MINUTES", 30)
