"""Settings refuse an unsafe production configuration and pass `check --deploy` when complete."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env.pop("DATABASE_URL", None)
    clean_env["ARCHIVE_VAR_DIR"] = str(ROOT / "var")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_refuse_production_without_secret_key():
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": ""}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_settings_refuse_production_without_allowed_hosts():
    env = {**PRODUCTION, "DJANGO_ALLOWED_HOSTS": ""}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_settings_check_deploy_is_clean_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_settings_local_defaults_use_sqlite_under_var():
    from django.conf import settings

    if os.environ.get("DATABASE_URL"):
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    else:
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_settings_refuse_a_trusted_proxy_that_is_not_an_address():
    result = run_manage("check", **PRODUCTION, DJANGO_TRUSTED_PROXIES="10.0.0.2,proxy.local")

    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES" in result.stderr


def test_settings_check_deploy_is_clean_behind_a_proxy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        DJANGO_TRUSTED_PROXIES="10.0.0.2,fd00::/8",
        DJANGO_CLIENT_IP_HEADER="X-Real-IP",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_production_cache_is_shared_by_every_process_on_the_host(tmp_path):
    """An import (a management command) must clear the counts the web workers cache."""
    write = "from django.core.cache import cache; cache.set('shared', 'from another process')"
    read = "from django.core.cache import cache; print(cache.get('shared'))"

    first = run_manage("shell", "-c", write, **PRODUCTION, DJANGO_CACHE_DIR=str(tmp_path))
    second = run_manage("shell", "-c", read, **PRODUCTION, DJANGO_CACHE_DIR=str(tmp_path))

    assert first.returncode == 0, first.stderr
    assert second.stdout.strip().splitlines()[-1] == "from another process", second.stderr


def test_settings_take_the_rq_task_backend_and_refuse_an_unknown_one():
    rq = run_manage("check", TASKS_BACKEND="rq", TASKS_REDIS_URL="redis://127.0.0.1:6399/0")
    unknown = run_manage("check", TASKS_BACKEND="celery")

    assert rq.returncode == 0, rq.stdout + rq.stderr
    assert unknown.returncode != 0
    assert "TASKS_BACKEND must be one of database, rq, immediate" in unknown.stderr


def test_settings_refuse_uploads_inside_the_static_files():
    result = run_manage("check", IMPORT_UPLOAD_DIR=str(ROOT / "var" / "static" / "uploads"))

    assert result.returncode != 0
    assert "IMPORT_UPLOAD_DIR must not be inside" in result.stderr
