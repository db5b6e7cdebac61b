from django.apps import AppConfig
from django.db.models.signals import post_migrate


def repair_sqlite_search_index(using: str = "default", **kwargs) -> None:
    """SQLite's "remake table" (used by many migrations) drops archive_article's FTS triggers."""
    from django.db import connections

    from archive.search import ensure_search_index

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'archive_article' AND name LIKE 'archive_article_fts_%'"
        )
        (installed,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'archive_article'")
        (has_table,) = cursor.fetchone()
    if has_table and installed < 3:
        ensure_search_index(using)


class ArchiveConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "archive"
    verbose_name = "Smart City Archive"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the system checks)

        post_migrate.connect(repair_sqlite_search_index, sender=self)
