# Full-text search for articles (archive/search.py): an FTS5 table with triggers on SQLite; a
# trigger-maintained, GIN-indexed tsvector column on PostgreSQL. The DDL lives in
# archive/search_backends/ so that the same idempotent code can repair the index later
# (archive.search.ensure_search_index).

import django.contrib.postgres.search
from django.db import migrations


def _backend(schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from archive.search_backends.sqlite import SqliteSearchBackend

        return SqliteSearchBackend()
    if vendor == "postgresql":
        from archive.search_backends.postgres import PostgresSearchBackend

        return PostgresSearchBackend()
    return None  # other databases: no full-text index (search is not supported there)


def install_search_index(apps, schema_editor):
    backend = _backend(schema_editor)
    if backend is not None:
        backend.install(schema_editor.connection)


def uninstall_search_index(apps, schema_editor):
    backend = _backend(schema_editor)
    if backend is not None:
        backend.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0002_importrecord_raw_hash'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(install_search_index, uninstall_search_index, elidable=False),
    ]
