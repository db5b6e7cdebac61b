from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0018_mention_covering_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["source", "status"], name="article_source_status_idx"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["status", "story", "published_on", "word_count", "id"],
                name="article_story_copies_idx",
            ),
        ),
    ]
