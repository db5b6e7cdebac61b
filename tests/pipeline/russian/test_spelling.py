"""One key for the spellings of a name (archive.pipeline.russian.spelling)."""

import pytest

from archive.pipeline.russian.spelling import spelling_key


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["Сергей Орлов", "Sergey Orlov", "Sergei Orlov", "Sergej Orlow"], "sergei orlov"),
        (["Артём Ежов", "Artyom Yezhov", "Artem Ezhov"], "artem eiov"),
        (["Евгений Белов", "Yevgeny Belov", "Evgeniy Belov"], "evgeni belov"),
        (["Юлия Щукина", "Yulia Shchukina", "Julia Schtschukina"], "iulia shukina"),
        (["Михаил Лысенко", "Mikhail Lysenko", "Michail Lyssenko"], "mihail lisenko"),
        (["Дмитрий Чернов", "Dmitry Chernov", "Dmitri Tschernow"], "dmitri hernov"),
        (["Максим Зуев", "Maksim Zuyev", "Maxim Zuev"], "maxim zuev"),
    ],
)
def test_the_spellings_of_one_name_share_a_key(spellings, key):
    assert [spelling_key(name) for name in spellings] == [key] * len(spellings)


def test_other_names_keep_other_keys():
    assert len({spelling_key(n) for n in ["Sergey Orlov", "Svetlana Orlova", "Сергей Ершов"]}) == 3
