"""Settings for Smart City Archive, read from environment variables.

Local use needs no configuration: DEBUG is on and the database is a SQLite file under var/.
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and usually DATABASE_URL.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ARCHIVE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    # Only ever used for local development: DEBUG is on, nothing is exposed.
    SECRET_KEY = "django-insecure-local-development-only-key-change-me-0123456789"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG=0.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 400, not 500, for ?q=%00 and the like (see archive/middleware.py).
    "archive.middleware.RejectControlCharactersMiddleware",
    # A curator's change through the admin makes the cached public counts stale.
    "archive.middleware.StaleCountsAfterCurationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns locked-out logins into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'archive.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the public site read while an import writes; IMMEDIATE avoids lock upgrades
    # failing under two concurrent importers.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes: lock an IP + username pair out after repeated failed admin logins.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy: the proxies' addresses or networks (comma-separated) and the header
# they name the client in. Without them the lockout uses the connection's own address.
try:
    ARCHIVE_TRUSTED_PROXIES = tuple(
        ipaddress.ip_network(proxy, strict=False) for proxy in env_list("DJANGO_TRUSTED_PROXIES")
    )
except ValueError as error:
    raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {error}") from error
ARCHIVE_CLIENT_IP_HEADER = "HTTP_" + os.environ.get(
    "DJANGO_CLIENT_IP_HEADER", "X-Forwarded-For"
).strip().upper().replace("-", "_")
AXES_CLIENT_IP_CALLABLE = "archive.services.client_address.client_ip_address"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
#: The languages articles are written in (ISO 639-1): each article's language is detected among
#: them, the first is the fallback, and the article list filters by them. A language without a
#: pipeline of its own in `archive.pipeline.language_pipelines` is read by the English one.
ARCHIVE_LANGUAGES = tuple(
    code.strip().lower()
    for code in os.environ.get("ARCHIVE_LANGUAGES", "en,ru").split(",")
    if code.strip()
)

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SEEDS_DIR = BASE_DIR / "seeds"
ARCHIVE_PAGE_SIZES = (20, 50, 100)

# --- Security headers -------------------------------------------------------------------------
# In every environment: the site never needs inline script, other origins or frames, so the
# policy says so (django-csp). Imported text is escaped anyway; this is the second line.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# HTTPS (on by default in production; DJANGO_HTTPS=0 for a plain-HTTP deployment): secure
# cookies, a redirect to https and HSTS, which browsers only honour over HTTPS anyway.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
if not DEBUG:
    # The proxy in front terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The cache holds the public pages' archive-wide counts (archive.services.public_cache). In
# production it is a folder every gunicorn worker and every management command on the host
# share, so that an import or a curator's change clears it for all of them; while developing,
# each process keeps its own.
if DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(VAR_DIR / "cache")),
        }
    }

# Counts over the whole archive (home page, unfiltered list facets) are kept this many
# seconds between requests (archive.services.public_cache); 0 = count on every request.
PUBLIC_COUNTS_CACHE_SECONDS = int(os.environ.get("PUBLIC_COUNTS_CACHE_SECONDS", "60"))

# A filtered article list with more matches than this counts its facets among this many of
# the newest matches (and says so): counting all of them made broad filters take seconds, and
# at 100,000 articles even 2,000 of them cost a few hundred milliseconds per page.
FACET_SAMPLE_SIZE = int(os.environ.get("FACET_SAMPLE_SIZE", "500"))
# The same for a search (?q=): its matches come from the full-text index, and counting the
# facets of its newest 1,000 matches (seven grouped counts) was most of the page's time once
# its ranking and count were bounded (docs/benchmarks.md, 2026-12-04): 500, as for a list.
SEARCH_FACET_SAMPLE_SIZE = int(os.environ.get("SEARCH_FACET_SAMPLE_SIZE", "500"))
# A search ranks its newest matches only, up to this many (PostgreSQL's ts_rank reads each
# match's whole vector, SQLite's bm25 its sizes and hits); the other matches follow them, newest
# first, and the page says so. Below it, ranking is exact.
SEARCH_RANK_CANDIDATES = int(os.environ.get("SEARCH_RANK_CANDIDATES", "1000"))
# A search counts its matches up to this many beyond the page shown, and says "more than N"
# above it (archive.pagination.SearchPaginator): counting every match of a common word read
# the whole archive's index entries on every page.
SEARCH_COUNT_LIMIT = int(os.environ.get("SEARCH_COUNT_LIMIT", "1000"))

# On PostgreSQL a streamed export outside a transaction reads its rows on a connection and
# thread of its own, a chunk ahead of what it writes (archive/services/row_streams.py): the
# database gathers the next articles' mentions while Python writes the last ones out.
EXPORT_READ_AHEAD = env_bool("EXPORT_READ_AHEAD", True)

# Maps (archive/services/maps.py): the tile server's URL template, as Leaflet takes it
# ("https://tile.example.org/{z}/{x}/{y}.png"), and its attribution, as plain text. Empty (the
# default): maps draw their markers on a plain background and ask no other host for anything,
# so pages work offline. When set, map pages allow the tile host in the policy's img-src.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip()
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "").strip()
if MAP_TILE_URL and not MAP_TILE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("MAP_TILE_URL must be an http(s) URL template, or empty.")

# Stories: copies of one article (syndicated, lightly rewritten) found at import by MinHash over
# word shingles of the cleaned body (archive/services/stories.py). An article joins a story when
# its estimated Jaccard similarity to a copy is at least STORY_JACCARD_THRESHOLD; defaults chosen
# on bench/story_eval.py (docs/benchmarks.md). Changing the permutations, shingle size or bands
# needs `manage.py rebuild_story_index`; the threshold can change at any time.
# STORY_GROUPING=0 imports without fingerprints (for comparing import times).
STORY_GROUPING = os.environ.get("STORY_GROUPING", "1") != "0"
STORY_JACCARD_THRESHOLD = float(os.environ.get("STORY_JACCARD_THRESHOLD", "0.6"))
STORY_NUM_PERM = int(os.environ.get("STORY_NUM_PERM", "128"))
STORY_SHINGLE_SIZE = int(os.environ.get("STORY_SHINGLE_SIZE", "4"))
# LSH bands of num_perm // bands values: a pair becomes a candidate from a similarity of about
# (1 / bands) ** (bands / num_perm) (0.42 for 32 bands of 4), below any sensible threshold.
STORY_LSH_BANDS = int(os.environ.get("STORY_LSH_BANDS", "32"))
# Bodies with fewer words are not compared (a two-line notice matches too easily).
STORY_MIN_WORDS = int(os.environ.get("STORY_MIN_WORDS", "40"))

# Imports (archive.services.importer): seconds one file may take to parse; 0 = no limit.
IMPORT_FILE_TIME_LIMIT = float(os.environ.get("IMPORT_FILE_TIME_LIMIT", "60"))
# After an import run that wrote at least this many articles, the database refreshes its
# planner statistics (ANALYZE), so that queries keep choosing the right indexes as it grows.
IMPORT_ANALYZE_AFTER = int(os.environ.get("IMPORT_ANALYZE_AFTER", "100"))

# --- JSON API (archive/api/) --------------------------------------------------------------------
# Read-only. Anonymous clients are throttled to API_ANON_RATE requests ("120/minute", "5/second");
# staff send a token created in the admin ("Authorization: Token <key>").
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute")
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "20"))
API_MAX_PAGE_SIZE = 100
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["archive.api.throttling.AnonymousRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "archive.api.schema.ArchiveAutoSchema",
    "EXCEPTION_HANDLER": "archive.api.errors.json_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Smart City Archive API",
    "DESCRIPTION": (
        "Read-only access to the archive's published articles, the organizations, people, "
        "events and places they mention, and their sources. Lists take the same filters as "
        "the public pages and are paged by cursor (follow `next`). For the whole archive at "
        "once use the streamed export: `/articles/?format=json` or `?format=csv`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Imports from the admin (archive.services.import_uploads) ----------------------------------
# Uploaded files wait here, outside the web root, until their run has imported them.
IMPORT_UPLOAD_DIR = Path(os.environ.get("IMPORT_UPLOAD_DIR", VAR_DIR / "uploads"))
if IMPORT_UPLOAD_DIR.resolve().is_relative_to(Path(STATIC_ROOT).resolve()):
    raise ImproperlyConfigured("IMPORT_UPLOAD_DIR must not be inside the static files' folder.")
# Limits checked before anything is stored or run: one file (loose or inside a zip), the whole
# upload as sent, the files in it (loose or in the zip), and what a zip may unpack to.
IMPORT_UPLOAD_MAX_FILE_BYTES = int(os.environ.get("IMPORT_UPLOAD_MAX_FILE_BYTES", 5 * 1024**2))
IMPORT_UPLOAD_MAX_BYTES = int(os.environ.get("IMPORT_UPLOAD_MAX_BYTES", 50 * 1024**2))
IMPORT_UPLOAD_MAX_FILES = int(os.environ.get("IMPORT_UPLOAD_MAX_FILES", "500"))
IMPORT_UPLOAD_MAX_UNPACKED_BYTES = int(
    os.environ.get("IMPORT_UPLOAD_MAX_UNPACKED_BYTES", 200 * 1024**2)
)
# Parser processes one uploaded run uses in its task worker.
IMPORT_UPLOAD_WORKERS = int(os.environ.get("IMPORT_UPLOAD_WORKERS", "1"))
# Django refuses a request with more files than this before any view sees it (400).
DATA_UPLOAD_MAX_NUMBER_FILES = max(100, IMPORT_UPLOAD_MAX_FILES + 1)

# Django's tasks framework (the django-tasks backport). "database" (default): tasks wait in this
# database and `manage.py db_worker` runs them (`make run` starts one). "rq": a Redis queue at
# TASKS_REDIS_URL, run by `manage.py rqworker default` on any number of machines that share the
# database and IMPORT_UPLOAD_DIR. "immediate": run in the web request (tests, debugging).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database").strip().lower()
TASKS_REDIS_URL = os.environ.get("TASKS_REDIS_URL", "redis://127.0.0.1:6379/0")
# The queue upload imports wait in (workers take it: `db_worker --queue-name`, `rqworker NAME`).
IMPORT_TASK_QUEUE = os.environ.get("TASKS_QUEUE", "default").strip() or "default"
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": [IMPORT_TASK_QUEUE]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.insert(INSTALLED_APPS.index("archive"), "django_rq")
RQ_QUEUES = {IMPORT_TASK_QUEUE: {"URL": TASKS_REDIS_URL, "DEFAULT_TIMEOUT": 6 * 3600}}

# Every record is written once, by the root's console handler: no logger that propagates to the
# root has a console handler of its own.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's default configuration gives "django" a console handler of its own (in debug),
        # which wrote each of its records a second time through the root's; only its error mail
        # is kept.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # spaCy (imported later, by the first parse) adds a console handler of its own to this
        # logger: its records are written by that one only.
        "spacy": {"propagate": False},
        # One JSON line per imported file, through the root's handler.
        "archive.services.importer": {"level": os.environ.get("IMPORT_LOG_LEVEL", "INFO")},
    },
}
