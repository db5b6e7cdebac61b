from django.db import migrations, models


def analyze_on_sqlite(apps, schema_editor):
    """Give SQLite's planner the new indexes' statistics when the database has any: beside
    analysed indexes, one without statistics looks too costly to be chosen."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return  # PostgreSQL plans a new plain index from the table's statistics
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return
        cursor.execute("ANALYZE archive_article")
        cursor.execute("ANALYZE archive_mention")


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0016_entity_counts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["id", "status", "published_on"], name="article_id_status_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(
                fields=[
                    "article",
                    "kind",
                    "review_status",
                    "organization",
                    "person",
                    "event",
                    "place",
                ],
                name="mention_article_facets_idx",
            ),
        ),
        migrations.RunPython(analyze_on_sqlite, migrations.RunPython.noop),
    ]
