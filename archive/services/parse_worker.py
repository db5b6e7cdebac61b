"""What a worker process runs: parse one RawDocument into an ImportResult.

Deliberately free of Django: worker processes are started with "forkserver" (a clean process,
no inherited database connections or threads), import only this module and the pipeline, and
send back picklable ImportResults for the parent to write.
"""

from __future__ import annotations

from archive.pipeline.types import BadInput, Gazetteer, ImportResult, RawDocument

_gazetteer: Gazetteer = Gazetteer()


def init_worker(gazetteer: Gazetteer) -> None:
    """Pool initializer: the gazetteer is sent once per worker, not with every document."""
    global _gazetteer
    _gazetteer = gazetteer
    warm_up()


def warm_up() -> None:
    """Load the extractor's models and word lists now, rather than on the first document.

    Run by the forkserver before it forks the workers (see `parse_worker_preload`), so every
    worker starts warm and shares the loaded model's memory, and again (at no cost then) by
    each worker's initializer.
    """
    try:
        from archive.pipeline.extraction import extract
        from archive.pipeline.types import ParsedPage

        body = "The Lisbon City Council met the World Bank in Portugal, said Ana Costa."
        extract(ParsedPage(title="Warm-up", body=body, raw_text=body), Gazetteer())
    except Exception:
        # Only an optimisation: parse_document reports any real problem per document.
        pass


def raw_hash(document: RawDocument) -> str:
    """sha256 of the document as read (the pipeline's definition).

    The importer computes it before anything is parsed, to skip unchanged input cheaply.
    """
    from archive.pipeline.process import raw_hash as pipeline_raw_hash

    return pipeline_raw_hash(document)


def parse_document(document: RawDocument, gazetteer: Gazetteer | None = None) -> ImportResult:
    """process_document, but never raising: every problem becomes ImportResult.error."""
    from archive.pipeline.process import process_document

    document_hash = raw_hash(document)
    error = getattr(document, "error", "")
    if error:
        return ImportResult(
            origin=document.origin, content_hash="", raw_hash=document_hash, error=error
        )
    try:
        result = process_document(document, gazetteer if gazetteer is not None else _gazetteer)
    except BadInput as problem:
        return ImportResult(
            origin=document.origin, content_hash="", raw_hash=document_hash, error=one_line(problem)
        )
    except Exception as problem:  # one bad document must not stop the run
        return ImportResult(
            origin=document.origin,
            content_hash="",
            raw_hash=document_hash,
            error=one_line(f"unexpected error while parsing: {type(problem).__name__}: {problem}"),
        )
    # The importer compares this hash with the last run's: it must be computed the same way.
    result.raw_hash = document_hash
    return result


def one_line(message: object) -> str:
    text = " ".join(str(message).split())
    return text[:500] or "unknown error"
