"""The stored lookup keys of every record's name and aliases (issues 11 and 15).

An import resolves each entity it finds to a record by name or alias, compared case- and
whitespace-insensitively. Compared in the database, that was `name__iexact` and a substring
search in the aliases' JSON text: a scan of each kind's table per article, and on SQLite a
comparison that folds ASCII letters only (a Cyrillic name in capitals did not find the same
name in title case, issue 15). Instead each record
has one row here per distinct key of its name and aliases, computed in Python by
`archive.services.gazetteer.casefold_name`, so a lookup is an index search in any script.

Only archive.services.name_keys writes these rows; every service that creates, renames,
merges or un-merges records calls it, and `manage.py dbcheck --fix` rebuilds what is missing.
There is no foreign key (one table serves the four kinds, and generic code walking a record's
relations must not see it); entity ids are never reused (AUTOINCREMENT on SQLite, sequences on
PostgreSQL), so a key left behind by a deleted record finds nothing.
"""

from __future__ import annotations

from django.db import models

from .choices import EntityKind

#: Keys are clipped to this many characters (names are at most 300; casefold may lengthen).
KEY_LENGTH = 300


class EntityNameKey(models.Model):
    kind = models.CharField(max_length=20, choices=EntityKind.choices)
    key = models.CharField(max_length=KEY_LENGTH)
    entity_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "entity_id", "key"], name="entity_name_key_unique"
            ),
        ]
        indexes = [
            # The importer's candidate query (archive.services.entity_resolver) and the
            # one-public-name check (entity_queries.ensure_name_free):
            #   SELECT entity_id FROM archive_entitynamekey WHERE kind = %s AND key IN (...)
            # answered from this index alone (covering: entity_id is in it).
            models.Index(fields=["kind", "key", "entity_id"], name="entity_name_key_lookup_idx"),
            # A search's inflected Cyrillic name (archive.search_names._records_by_stems):
            #   SELECT kind, entity_id, key FROM archive_entitynamekey
            #   WHERE (key LIKE 'stem%' OR key LIKE ...) AND kind IN (...)
            # PostgreSQL serves LIKE from a B-tree only with a pattern operator class (the
            # database's collation is not C); SQLite ignores the class (it reads GLOB ranges
            # of the lookup index above, and this one costs it a small copy of the keys).
            models.Index(
                fields=["key"],
                opclasses=["varchar_pattern_ops"],
                name="entity_name_key_pattern_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.entity_id} {self.key}"
