# ruff: noqa: RUF001 - text in other scripts is the test data.
"""Legacy encodings: decoded when only one reading explains the bytes, refused when several do."""

import pytest

from archive.pipeline.decoding import decode
from archive.pipeline.encodings import text_plausibility
from archive.pipeline.types import BadInput


def outcome(call) -> str:
    try:
        call()
    except BadInput as problem:
        return str(problem)
    return "ok"


SENTENCES = {
    "greek": "Η Αθήνα ξεκινά ένα νέο πρόγραμμα έξυπνης πόλης για τους δρόμους της.",
    "japanese": "東京都はスマートシティの新しい計画を発表しました。",
    "korean": "서울시는 새로운 스마트 도시 계획을 발표했습니다.",
    "arabic": "أطلقت المدينة برنامجا جديدا للمدينة الذكية.",
    "hebrew": "עיריית העיר משיקה תוכנית עיר חכמה חדשה.",
    "turkish": "Belediye akıllı şehir programını başlattı: ışık, göç, ağaç.",
    "polish": "Miasto uruchamia nowy program inteligentnego miasta: żółć, łódź, źdźbło.",
}


@pytest.mark.parametrize(
    ("language", "encoding"),
    [("greek", "cp1253"), ("japanese", "shift_jis"), ("korean", "euc-kr"), ("arabic", "cp1256")],
)
def test_legacy_encodings_that_only_one_reading_explains_are_decoded(language, encoding):
    assert decode(SENTENCES[language].encode(encoding)) == SENTENCES[language]


@pytest.mark.parametrize(
    ("language", "encoding"),
    [("hebrew", "iso8859-8"), ("turkish", "cp1254"), ("polish", "cp1250")],
)
def test_ambiguous_legacy_encodings_are_refused_not_misread(language, encoding):
    reason = outcome(lambda: decode(SENTENCES[language].encode(encoding)))

    assert reason.startswith("the text encoding is ambiguous (it reads as ")
    assert reason.endswith("save the file as UTF-8")


def test_words_of_scripts_without_case_read_as_natural():
    assert text_plausibility(SENTENCES["hebrew"]) == 1.0


def test_a_currency_sign_inside_a_word_counts_against_a_reading():
    assert text_plausibility("ba\u20abladı") < text_plausibility("başladı")


BALTIC_AND_CENTRAL = {
    "lithuanian": "Vilniaus savivaldybė pranešė, kad nauja išmaniųjų šviesoforų sistema bus "
    "įdiegta šiais metais, o gyventojai matys eismo duomenis realiuoju laiku.",
    "lithuanian-traffic": "Vilniaus savivaldybė pranešė, kad nauja išmaniųjų šviesoforų sistema "
    "bus įdiegta šiais metais. Miesto gyventojai galės matyti eismo duomenis realiuoju laiku, o "
    "žiedinės sankryžos bus pertvarkytos.",
    "latvian": "Rīgas dome paziņoja, ka jaunā viedā apgaismojuma sistēma tiks uzstādīta šogad, "
    "un iedzīvotāji redzēs satiksmes datus reālajā laikā.",
    "czech": "Pražský magistrát oznámil, že chytré lampy veřejného osvětlení budou instalovány "
    "v příštím roce a obyvatelé získají úspornější osvětlení ulic.",
    "slovak": "Bratislavský magistrát oznámil, že inteligentné pouličné osvetlenie bude "
    "nainštalované budúci rok a obyvatelia ušetria na energiách.",
}


@pytest.mark.parametrize(
    ("language", "encoding"),
    [
        ("lithuanian", "cp1257"),
        ("lithuanian", "iso8859-13"),
        ("lithuanian-traffic", "cp1257"),
        ("latvian", "cp1257"),
        ("czech", "cp1250"),
        ("czech", "iso8859-2"),
        ("slovak", "cp1250"),
        ("slovak", "iso8859-2"),
    ],
)
def test_baltic_and_central_european_texts_are_read_right_or_refused(language, encoding):
    """Letters such as š and ž belong to these languages: a reading that has them is not less
    plausible for it, so another code page's mojibake must not win silently."""
    text = BALTIC_AND_CENTRAL[language]
    try:
        decoded = decode(text.encode(encoding))
    except BadInput as problem:
        assert str(problem).startswith("the text encoding is ambiguous")
    else:
        assert decoded == text
