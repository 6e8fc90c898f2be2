"""Settings for the cooperation portal, read from the environment.

With nothing set, the portal runs for development: SQLite in the project folder, Celery tasks run
eagerly in-process, e-mail printed to the console, DEBUG on. Every variable is listed in the
README's configuration table.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_BOOLEAN_WORDS = {"1", "0", "true", "false", "yes", "no", "on", "off"}


def env_bool(name: str, *, default: bool) -> bool:
    """Read a boolean, refusing anything that is not clearly yes or no."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw not in _BOOLEAN_WORDS:
        raise ImproperlyConfigured(
            f"{name} must be one of {', '.join(sorted(_BOOLEAN_WORDS))}; got {raw!r}."
        )
    return raw in {"1", "true", "yes", "on"}


def env_required(name: str) -> str:
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(
            f"Set the {name} environment variable (required when DEBUG is off)."
        )
    return value


DEBUG = env_bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-development-key-only-for-make-run")
    ALLOWED_HOSTS = env.list(
        "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]
    )
else:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters long.")
    ALLOWED_HOSTS = [host.strip() for host in env_required("DJANGO_ALLOWED_HOSTS").split(",")]

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The base URL used in links sent by e-mail (no trailing slash).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
PORTAL_NAME = env.str("PORTAL_NAME", default="Peer Cooperation Portal")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Our apps, lowest layer first (imports point up this list, never down it).
    "accounts",
    "reference",
    "uploads",
    "audit",
    "notifications",
    "health",
    "partners",
    "cooperation",
    "experts",
    "missions",
    "calls",
    "consultations",
    "meetings",
    "reporting",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a refused login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cooperation.urls"
WSGI_APPLICATION = "cooperation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "accounts.context_processors.portal",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL from DATABASE_URL.
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
SUPPORTED_DATABASE_SCHEMES = ("postgres", "postgresql", "sqlite")
if DATABASE_URL.split("://", 1)[0] not in SUPPORTED_DATABASE_SCHEMES:
    raise ImproperlyConfigured(
        "DATABASE_URL must be a postgres:// or sqlite:// URL, for example "
        "postgres://user:password@127.0.0.1:5432/cooperation."
    )
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a login attempt while its e-mail address and IP address are locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "public:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Guessing passwords (django-axes): after AXES_FAILURE_LIMIT failed logins for one e-mail address
# from one IP address, that pair is refused for AXES_COOLOFF_TIME. The address counts the way the
# login form reads it (case-insensitive), and the message says nothing about whether it exists.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field (and authenticate()'s keyword)
AXES_USERNAME_CALLABLE = "accounts.forms.login_username"
AXES_LOCKOUT_CALLABLE = "accounts.views.login_locked_out"

# Second factor (django-otp): programme staff may add an authenticator app (TOTP); once they have,
# logging in asks for its six-digit code after the password.
OTP_TOTP_ISSUER = PORTAL_NAME

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploaded files are never served from a public URL: every download goes through a view that
# checks permissions. MEDIA_URL is therefore unused and left unset.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# E-mail: console by default; EMAIL_URL=smtp://user:pass@host:587/?tls=True for SMTP.
try:
    vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
except (ImproperlyConfigured, KeyError, ValueError) as error:
    raise ImproperlyConfigured(f"EMAIL_URL is not a valid e-mail URL: {error}") from error
# A provider's backend instead of SMTP, with no code change (docs/notifications.md), e.g.
# EMAIL_BACKEND=anymail.backends.mailgun.EmailBackend ANYMAIL='{"MAILGUN_API_KEY": "..."}'
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default=EMAIL_BACKEND)  # noqa: F821 (set by email_url)
ANYMAIL = env.json("ANYMAIL", default={})
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Peer Cooperation Portal <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 30

# Celery: with no broker configured, tasks run eagerly in-process (the make-run default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# The visibility timeout must outlast the longest task and every retry delay, or Redis hands the
# same task to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The cache: local memory per process by default; Redis (CACHE_URL, else a Redis broker's URL)
# when there is one, so that the web processes and the worker share cached figures.
CACHE_URL = env.str("CACHE_URL", default="")
if not CACHE_URL and CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CACHE_URL = CELERY_BROKER_URL
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "portal",
        }
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Task modules that are not called tasks.py (autodiscovery finds only those).
CELERY_IMPORTS = ("cooperation.reminders", "missions.reminders")
# The periodic tasks of every app are listed here, in one place (run by `make beat`).
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Expires before the next one is due, so heartbeats don't pile up while no worker runs.
    "health-heartbeat": {
        "task": "health.record_heartbeat",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Notifications (docs/notifications.md): hand out again e-mails no task is taking care of.
    "notifications-sweep": {
        "task": "notifications.sweep",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Matching (docs/matching.md): queue again the shortlists whose task was lost.
    "matching-sweep": {
        "task": "experts.shortlist_sweep",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "notifications-daily-digest": {
        "task": "notifications.queue_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "remind-information-requested": {
        "task": "cooperation.remind_information_requested",
        "schedule": crontab(hour=8, minute=0),
    },
    "remind-invitations-expiring": {
        "task": "missions.remind_invitations_expiring",
        "schedule": crontab(minute=15),
    },
    "remind-reports-due": {
        "task": "missions.remind_reports_due",
        "schedule": crontab(hour=8, minute=10),
    },
    "remind-feedback-due": {
        "task": "missions.remind_feedback_due",
        "schedule": crontab(hour=8, minute=20),
    },
    # The queue's status totals (docs/performance.md): fold the rows their triggers add.
    "cooperation-status-totals-compact": {
        "task": "cooperation.status_totals_compact",
        "schedule": 5 * 60.0,
        "options": {"expires": 4 * 60},
    },
    # Reporting (docs/performance.md): the programme dashboard's cached figures, kept warm.
    "reporting-dashboard-refresh": {
        "task": "reporting.dashboard_refresh",
        "schedule": 5 * 60.0,
        "options": {"expires": 4 * 60},
    },
    # Invitations left unanswered past their deadline expire (idempotent).
    "missions-expire-invitations": {
        "task": "missions.expire_invitations",
        "schedule": crontab(minute="*/15"),
    },
    # Consultations: silence past the deadline counts as no objection; e-mails sent again.
    "consultations-close-due": {
        "task": "consultations.close_due",
        "schedule": crontab(minute="*/15"),
    },
    # Calls for experts: close the calls past their deadline, settle the filled positions.
    "calls-close-due": {
        "task": "calls.close_due",
        "schedule": crontab(minute="*/15"),
    },
}
# Notification e-mails: seconds between attempts after a transient failure (one more attempt than
# delays, all well below the visibility timeout); after how long the sweep queues a pending e-mail
# again; after how long a claim of a worker that died while sending is taken back (longer than
# notifications.tasks.SEND_TIME_LIMIT).
NOTIFICATIONS_RETRY_DELAYS = env.list(
    "NOTIFICATIONS_RETRY_DELAYS", cast=int, default=[60, 180, 540, 1620]
)
NOTIFICATIONS_SWEEP_AFTER = env.int("NOTIFICATIONS_SWEEP_AFTER", default=120)
NOTIFICATIONS_CLAIM_TIMEOUT = env.int("NOTIFICATIONS_CLAIM_TIMEOUT", default=600)
# Seconds after which a shortlist still pending or running is matched again (its task was lost:
# a worker killed mid-run). A matching run takes well under a second at a million experts.
MATCHING_REQUEUE_AFTER = env.int("MATCHING_REQUEUE_AFTER", default=300)

# Security. Production values switch on when DEBUG is off.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "cooperation.views.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
