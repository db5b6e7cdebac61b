"""Server-rendered SVG charts."""

import datetime

from archive.charts import bar_chart, monthly_points, timeline_chart, yearly_points


def test_monthly_points_fill_gaps_with_zero():
    points = monthly_points({datetime.date(2023, 11, 1): 2, datetime.date(2024, 2, 1): 5})
    assert [(p.key, p.label, p.value) for p in points] == [
        ("2023-11", "November 2023", 2),
        ("2023-12", "December 2023", 0),
        ("2024-01", "January 2024", 0),
        ("2024-02", "February 2024", 5),
    ]


def test_monthly_points_become_yearly_over_long_spans():
    counts = {datetime.date(2001, 5, 1): 1, datetime.date(2020, 1, 1): 3}
    points = monthly_points(counts)
    assert points == yearly_points(counts)
    assert (points[0].key, points[-1].key, len(points)) == ("2001", "2020", 20)


def test_bar_chart_is_accessible_svg():
    chart = timeline_chart(
        "c1",
        "Mentions of <R&D>",
        {datetime.date(2024, 1, 1): 3, datetime.date(2024, 3, 1): 1},
        "mentions",
    )
    svg = str(chart.svg)
    assert svg.startswith('<svg class="chart" id="c1" viewBox="0 0 720 220" role="img" ')
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Mentions of &lt;R&amp;D&gt;</title>' in svg
    assert (
        '<desc id="c1-desc">4 mentions from January 2024 to March 2024; '
        "the most, 3, in January 2024.</desc>"
    ) in svg
    assert svg.count('<rect class="chart__bar"') == 3
    assert "<title>February 2024: 0 mentions</title>" in svg
    assert chart.total == 4


def test_bar_chart_without_data_is_empty():
    chart = bar_chart("c2", "Nothing", [], "articles")
    assert (chart.is_empty, str(chart.svg), chart.description) == (True, "", "No articles to show.")


def test_a_single_value_is_counted_in_the_singular():
    chart = timeline_chart(
        "c3", "One", {datetime.date(2024, 1, 1): 1, datetime.date(2024, 2, 1): 0}, "articles", 1
    )
    svg = str(chart.svg)
    assert (
        '<desc id="c3-desc">1 article from January 2024 to February 2024; '
        "the most, 1, in January 2024.</desc>"
    ) in svg
    assert "<title>January 2024: 1 article</title>" in svg
    assert "<title>February 2024: 0 articles</title>" in svg
    assert chart.undated_note == "1 undated article is not shown."
