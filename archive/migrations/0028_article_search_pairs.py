# Phrase search on PostgreSQL through an index (archive/search_backends/postgres.py,
# PhraseMatch): each article's adjacent word pairs, computed from its search vector by the
# search trigger, in a GIN-indexed tsvector column. Existing articles get the pairs of their
# stored vectors (their vectors are not computed again). The column stays NULL on SQLite, whose
# FTS5 index has positions.

import django.contrib.postgres.search
from django.db import migrations


def install_pairs(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from archive.search_backends.postgres import PostgresSearchBackend

        PostgresSearchBackend().install(schema_editor.connection, reindex=False)


def uninstall_pairs(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from archive.search_backends.postgres import PostgresSearchBackend

        PostgresSearchBackend().install(schema_editor.connection, reindex=False, pairs=False)


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0027_mention_covering_position_idx'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_pairs',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        # Backwards the trigger stops writing the pairs, then the column (and its index) goes.
        migrations.RunPython(install_pairs, uninstall_pairs, elidable=False),
    ]
