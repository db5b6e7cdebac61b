from archive.pipeline import extraction, russian
from archive.pipeline.language_pipelines import PIPELINES, pipeline_for
from archive.pipeline.process import parse_document, process_document
from archive.pipeline.types import Gazetteer, RawDocument
from tests.pipeline.russian.page import TEXT


def test_each_language_has_its_pipeline_and_others_fall_back_to_english():
    assert (pipeline_for("en"), pipeline_for("ru"), pipeline_for("de")) == (
        extraction,
        russian,
        extraction,
    )
    assert set(PIPELINES) == {"en", "ru"}


def test_a_document_is_read_by_the_pipeline_of_its_detected_language(russian_models):
    document = RawDocument("novosibirsk.txt", TEXT.encode("utf-8"))

    result = process_document(document, Gazetteer())
    only_english = parse_document(document, languages=("en",))

    assert (result.page.language, only_english.language) == ("ru", "en")
    assert {m.extractor for m in result.extraction.mentions} == {
        "natasha_ner",
        "body_head_ru",  # "Комитета по цифровому развитию" (archive.pipeline.russian.bodies)
        "event_heads_ru",
        "quoted_name_ru",  # the page's project in quotes (archive.pipeline.russian.quoted_names)
    }
