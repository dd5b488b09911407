"""Phinong settings. Every value comes from the environment; see .env.example."""

from pathlib import Path

import dj_database_url
import fontpkg_sarabun
from django.utils.translation import gettext_lazy as _

from phinong.env import ConfigError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PHINONG_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("PHINONG_DEBUG", False)
SECRET_KEY = env_str("PHINONG_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("PHINONG_REQUIRE_SECRET_KEY", False):
        raise ConfigError("PHINONG_SECRET_KEY must be set in production")
    SECRET_KEY = "insecure-local-only-key-set-PHINONG_SECRET_KEY-in-production"
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

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "phinong.core.middleware.ThaiFirstLocaleMiddleware",
    "phinong.api.middleware.ApiProblemMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "phinong.audit.middleware.RequestOriginMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "accounts:login"
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

# API (issue 11): requests per token, as "count/period" (s, m, h or d). Counted in the default
# cache, which is local memory (per process): with several worker processes, point CACHES at a
# shared cache (Redis, or django.core.cache.backends.db.DatabaseCache) so the limit holds.
API_RATE_LIMIT = env_str("PHINONG_API_RATE_LIMIT", "120/m")
