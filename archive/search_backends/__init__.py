"""Database-specific full-text search for articles: SQLite FTS5 and PostgreSQL tsvector.

`archive.search` is the only public API; it picks the backend for the database in use. The
backends' `install()` functions create the index and the triggers that keep it in step with
archive_article; the `article_search_index` migration calls them, and they are idempotent, so
they may be re-run to repair the index (see `archive.search.ensure_search_index`).
"""
