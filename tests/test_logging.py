"""The project's logging writes every record once (config/settings.py LOGGING).

Django configures its own defaults first (a console handler on the "django" logger, in debug)
and then the project's LOGGING; a logger with a console handler that also propagates to the
root's console handler would write each of its records twice.
"""

from __future__ import annotations

import logging

import pytest
from django.conf import settings as django_settings
from django.utils.log import configure_logging

from archive.services.importer import ImportOptions, import_paths

LISBON = (
    "Lisbon tests smart parking sensors\n\n"
    "Lisbon, March 3, 2025 - The city of Lisbon began testing smart parking sensors on Monday, "
    "Mayor Carlos Moedas said. The sensors tell drivers where a space is free.\n"
)


def _is_pytests(handler: logging.Handler) -> bool:
    """pytest's own capture handlers, which it adds and removes around each test phase."""
    return type(handler).__module__.startswith("_pytest")


def _logger_state() -> dict:
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    return {
        logger: (
            [h for h in logger.handlers if not _is_pytests(h)],
            logger.level,
            logger.propagate,
            logger.disabled,
        )
        for logger in loggers
        if isinstance(logger, logging.Logger)
    }


@pytest.fixture
def project_logging(settings):
    """Applies the logging Django sets up at start-up, in debug; restores pytest's afterwards.

    Called from the test itself, so that the console handler writes to the stderr that capsys
    captures during the test (not to the one of the set-up phase)."""
    settings.DEBUG = True  # Django's own console handler writes only in debug
    saved = _logger_state()
    yield lambda: configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)
    for logger, (handlers, level, propagate, disabled) in saved.items():
        logger.handlers[:] = [*handlers, *(h for h in logger.handlers if _is_pytests(h))]
        logger.setLevel(level)
        logger.propagate = propagate
        logger.disabled = disabled


def test_an_import_writes_its_log_line_once(tmp_path, db, capsys, project_logging):
    project_logging()
    (tmp_path / "lisbon.txt").write_text(LISBON, encoding="utf-8")

    import_paths([tmp_path], ImportOptions(workers=1))

    err = capsys.readouterr().err
    assert err.count('"event": "import_file"') == 1, err


def test_a_django_record_is_written_once(capsys, project_logging):
    project_logging()
    logging.getLogger("django.request").warning("Not Found: /nowhere/")

    err = capsys.readouterr().err
    assert err.count("Not Found: /nowhere/") == 1, err


@pytest.mark.parametrize(
    "name",
    [
        "archive.services.importer",
        "archive.services.loader",
        "django.request",
        "django.db.backends",
        # Imported lazily, after the configuration; spaCy gives its logger a console handler.
        "spacy",
        "trafilatura",
    ],
)
def test_each_logger_reaches_one_console_handler(name, project_logging):
    project_logging()
    import spacy.util  # noqa: F401  (its console handler is added on import)
    import trafilatura  # noqa: F401

    logger, consoles = logging.getLogger(name), []
    while logger:
        consoles += [h for h in logger.handlers if type(h) is logging.StreamHandler]
        logger = logger.parent if logger.propagate else None
    # None at all happens only to spaCy imported before the configuration: Python's last-resort
    # handler then writes its warnings, once.
    assert len(consoles) <= 1, f"{name} writes to {len(consoles)} console handlers"
