# Russian full-text search (archive/search.py): SQLite indexes the stems of a Russian article's
# words from three new columns (archive/search_stems.py); PostgreSQL indexes a Russian article
# in a Russian text search configuration. The backends' idempotent install does both, as in
# 0003_article_search_index: it remakes SQLite's FTS5 table with the stem columns and stems
# the Russian articles already there, and creates PostgreSQL's configuration and new trigger.

from django.db import migrations, models


def _backend(schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from archive.search_backends.sqlite import SqliteSearchBackend

        return SqliteSearchBackend()
    if vendor == "postgresql":
        from archive.search_backends.postgres import PostgresSearchBackend

        return PostgresSearchBackend()
    return None


def install_search_index(apps, schema_editor):
    backend = _backend(schema_editor)
    if backend is not None:
        backend.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0014_undoable_changes'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='stemmed_title',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='stemmed_lede',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='stemmed_body',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        # Backwards there is nothing to undo but the columns (the stems are derived data).
        migrations.RunPython(install_search_index, migrations.RunPython.noop, elidable=False),
    ]
