"""Site furniture of Russian pages, tested with text written for each class: menu items, link
labels, teaser headings over other stories, share bars and the comments section. The words
live in the same data files as the English ones (archive/pipeline/data/)."""

import datetime

from archive.pipeline.cleaning import clean_page
from archive.pipeline.types import BlockKind

TODAY = datetime.date(2024, 6, 1)
HEADLINE = "В Приречном районе включили умное уличное освещение"
STORY = [
    "В Приречном районе заработали четыреста новых фонарей, которые сами меняют яркость в "
    "зависимости от погоды и числа прохожих на улицах.",
    "Городская служба освещения рассчитывает сэкономить за год почти треть электроэнергии, "
    "а жители уже заметили, что по вечерам на набережной стало светлее.",
]


def kinds(page) -> list[BlockKind]:
    return [block.kind for block in page.removed]


def test_menu_items_above_the_headline_are_navigation():
    page = clean_page("\n\n".join(["Главная", "Новости", HEADLINE, *STORY]), today=TODAY)

    assert page.title == HEADLINE
    assert page.body.split("\n\n") == STORY


def test_teasers_under_a_read_also_heading_are_not_the_story():
    teasers = [
        "Читайте также",
        "В Заречье открыли новый сквер с бесплатным интернетом",
        "Автобусы на окраинах будут ходить чаще",
    ]
    page = clean_page("\n\n".join([HEADLINE, *STORY, *teasers]), today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert kinds(page) == [BlockKind.TEASER]


def test_a_link_label_a_share_bar_and_the_comments_section_are_removed():
    furniture = ["Подробнее", "Поделиться", "Нет комментариев", "Обсудить"]
    page = clean_page("\n\n".join([HEADLINE, *STORY, *furniture]), today=TODAY)

    assert page.body.split("\n\n") == STORY


def test_an_inline_label_before_another_story_s_title_is_removed():
    text = "\n\n".join(
        [HEADLINE, STORY[0], "Читайте также: Фонари на мостах заменят до осени", STORY[1]]
    )
    page = clean_page(text, today=TODAY)

    assert page.body.split("\n\n") == STORY


def test_the_same_words_inside_a_sentence_stay():
    sentence = "Подробнее о проекте рассказали на встрече с жителями, где обсудить его мог каждый."
    page = clean_page("\n\n".join([HEADLINE, *STORY, sentence]), today=TODAY)

    assert page.body.split("\n\n") == [*STORY, sentence]


def test_a_tags_label_whose_tags_the_scraper_lost_is_tags():
    page = clean_page("\n\n".join([HEADLINE, *STORY, "Метки: , , ,"]), today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert kinds(page) == [BlockKind.TAGS]


def test_a_photo_credit_between_the_headline_and_the_story_is_a_credit():
    page = clean_page("\n\n".join([HEADLINE, "Фото: Анна Петрова", *STORY]), today=TODAY)

    assert page.title == HEADLINE
    assert page.body.split("\n\n") == STORY
    assert kinds(page) == [BlockKind.CREDIT]


def test_a_photo_credit_over_a_story_without_headline_is_no_headline():
    page = clean_page("\n".join(["Фото: Анна Петрова", *STORY]), today=TODAY)

    assert "Фото" not in page.title
    assert page.body.split("\n\n") == STORY


def test_a_sentence_that_starts_with_the_word_photo_stays():
    sentence = "Фото дня жители выбирают голосованием на городском портале каждую неделю."
    page = clean_page("\n\n".join([HEADLINE, *STORY, sentence]), today=TODAY)

    assert page.body.split("\n\n") == [*STORY, sentence]


def test_a_russian_pages_numeric_dateline_is_day_first():
    page = clean_page("\n\n".join([HEADLINE, "04/10/2023", *STORY]), today=TODAY)

    assert page.language == "ru"
    assert page.published_on == datetime.date(2023, 10, 4)


def test_a_news_exchange_widget_under_the_story_is_teasers():
    widget = [
        "Новости СМИ2",
        "Жители Заречья выбрали проект нового парка",
        "В трёх районах заменят трамвайные пути",
    ]
    page = clean_page("\n\n".join([HEADLINE, *STORY, *widget]), today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert kinds(page) == [BlockKind.TEASER]


def test_a_sentence_naming_a_news_exchange_stays():
    sentence = "Новости партнёров теперь показывает и городской портал, сообщили в мэрии."
    page = clean_page("\n\n".join([HEADLINE, *STORY, sentence]), today=TODAY)

    assert page.body.split("\n\n") == [*STORY, sentence]


def test_a_latin_name_with_a_dot_in_a_russian_sentence_keeps_it() -> None:
    page = clean_page(
        "Новости транспорта\n\n19.12.2025\n\n"
        "Как сообщает Data.Hub, в городе запустили новый сервис для жителей всех районов.\n"
    )
    assert "Data.Hub," in page.body


def test_a_russian_page_without_a_headline_is_titled_by_its_first_sentence_only() -> None:
    page = clean_page(
        "19.12.2025\n\n"
        "В городе запустили новый сервис для жителей. По данным мэрии, проект окупится за "
        "год, а жители получат доступ к нему уже весной.\n"
    )
    assert (page.has_headline, page.title) == (
        False,
        "В городе запустили новый сервис для жителей",
    )


def test_a_source_link_label_alone_on_a_line_is_removed() -> None:
    page = clean_page("\n\n".join([HEADLINE, *STORY, "Источник"]), today=TODAY)
    assert page.body.split("\n\n") == STORY
    assert BlockKind.RELATED_LINKS in kinds(page)


def test_more_news_of_a_section_with_its_bulleted_headlines_and_a_comments_widget() -> None:
    teasers = "\n".join(
        [
            'Еще новости "Город":',
            "- Горожане напишут диктант в библиотеках",
            "- В сквере у реки высадят сто лип",
        ]
    )
    page = clean_page("\n\n".join([HEADLINE, *STORY, teasers, "Свежие комментарии"]), today=TODAY)
    assert page.body.split("\n\n") == STORY
    assert {BlockKind.TEASER, BlockKind.COMMENTS} <= set(kinds(page))


def test_a_sentence_that_opens_with_more_news_stays() -> None:
    sentence = "Еще новости о том, как город строит дороги и мосты, появятся на сайте мэрии."
    page = clean_page("\n\n".join([HEADLINE, *STORY, sentence]), today=TODAY)
    assert sentence in page.body


def test_print_and_social_buttons_and_more_teaser_headings_are_furniture():
    page = clean_page(
        "\n\n".join(
            [
                HEADLINE,
                "Версия для печати",
                *STORY,
                "ВКонтакте Одноклассники",
                "Может быть интересно",
                "В Заречье открыли новый сквер с бесплатным интернетом",
                "Эта новость в СМИ",
                "Городской вестник",
            ]
        ),
        today=TODAY,
    )

    assert page.body.split("\n\n") == STORY
    assert kinds(page) == [BlockKind.WIDGET, BlockKind.SHARE_BAR, BlockKind.TEASER]


def test_popular_in_social_networks_heads_teasers_and_a_subheading_stays() -> None:
    subheading = "Самое интересное на выставке"
    teasers = ["Популярное в социальных сетях:", "В Заречье открыли новый сквер"]
    page = clean_page(
        "\n\n".join([HEADLINE, STORY[0], subheading, STORY[1], *teasers]), today=TODAY
    )

    assert page.body.split("\n\n") == [STORY[0], subheading, STORY[1]]


def test_rating_comment_and_most_read_widgets_under_the_story_are_furniture() -> None:
    widgets = ["Оцените статью", "Добавить комментарий (3)", "Топ 10 популярных"]
    page = clean_page("\n\n".join([HEADLINE, *STORY, *widgets]), today=TODAY)

    assert page.body.split("\n\n") == STORY
    assert [block.text for block in page.removed] == widgets


def test_a_clock_time_before_the_headline_and_empty_separators_after_it_are_dropped() -> None:
    page = clean_page("\n\n".join([f"21:05 {HEADLINE} | |", *STORY]), today=TODAY)

    assert page.title == HEADLINE
