"""Server-rendered SVG charts: no JavaScript, accessible, styled by the site's CSS.

A chart is an <svg role="img"> with a <title> and a <desc> (what it shows and its extremes),
each bar carries its own <title> as a tooltip, and the template puts the same numbers in a
table beside it for anyone who cannot see the picture.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from archive.services.wording import plural_noun, plural_of_unit

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Beyond this many months a timeline is drawn per year: bars would be thinner than a pixel.
MAX_MONTHLY_BARS = 96

# Drawing area, in viewBox units (the SVG scales to its container's width).
WIDTH = 720
HEIGHT = 220
MARGIN_LEFT = 40
MARGIN_RIGHT = 10
MARGIN_TOP = 12
MARGIN_BOTTOM = 28
#: A handful of bars stays readable as bars rather than blocks.
MAX_BAR_WIDTH = 48


@dataclass(frozen=True)
class ChartPoint:
    key: str  # "2024-03" or "2024": stable, machine-readable
    label: str  # "March 2024" or "2024": what people read
    short_label: str  # for the axis: "Mar 2024" / "2024"
    value: int


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    description: str
    unit: str  # plural noun for values: "articles", "mentions"
    points: tuple[ChartPoint, ...]
    svg: SafeString
    #: Values with no date, which the timeline cannot show (said in the caption).
    undated: int = 0

    @property
    def undated_note(self) -> str:
        """ "3 undated articles are not shown." ("" when there are none)."""
        if not self.undated:
            return ""
        noun = plural_noun(self.undated, self.unit.removesuffix("s"), self.unit)
        verb = ngettext("is", "are", self.undated)
        return f"{self.undated} undated {noun} {verb} not shown."

    @property
    def is_empty(self) -> bool:
        return not self.points

    @property
    def total(self) -> int:
        return sum(point.value for point in self.points)


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def monthly_points(counts: dict[datetime.date, int]) -> list[ChartPoint]:
    """One point per month from the first to the last month with data, gaps filled with 0.

    Long spans become one point per year instead (see MAX_MONTHLY_BARS).
    """
    if not counts:
        return []
    by_month: dict[datetime.date, int] = {}
    for day, value in counts.items():
        month = day.replace(day=1)
        by_month[month] = by_month.get(month, 0) + value
    first, last = min(by_month), max(by_month)
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = _next_month(month)
    if len(months) > MAX_MONTHLY_BARS:
        return yearly_points(by_month)
    return [
        ChartPoint(
            key=f"{m:%Y-%m}",
            label=f"{MONTH_NAMES[m.month - 1]} {m.year}",
            short_label=f"{MONTH_NAMES[m.month - 1][:3]} {m.year}",
            value=by_month.get(m, 0),
        )
        for m in months
    ]


def yearly_points(counts: dict[datetime.date, int]) -> list[ChartPoint]:
    if not counts:
        return []
    by_year: dict[int, int] = {}
    for day, value in counts.items():
        by_year[day.year] = by_year.get(day.year, 0) + value
    return [
        ChartPoint(
            key=str(year), label=str(year), short_label=str(year), value=by_year.get(year, 0)
        )
        for year in range(min(by_year), max(by_year) + 1)
    ]


def _nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... that is at least `value` (for the y axis)."""
    step = 1
    while True:
        for multiple in (1, 2, 5):
            if step * multiple >= value:
                return step * multiple
        step *= 10


def _describe(points: list[ChartPoint], unit: str) -> str:
    total = sum(point.value for point in points)
    peak = max(points, key=lambda point: point.value)
    return (
        f"{plural_of_unit(total, unit)} from {points[0].label} to {points[-1].label}; "
        f"the most, {peak.value}, in {peak.label}."
    )


def bar_chart(chart_id: str, title: str, points: list[ChartPoint], unit: str) -> Chart:
    """A bar chart of `points`; `chart_id` must be unique on the page (it prefixes SVG ids)."""
    if not points:
        return Chart(chart_id, title, f"No {unit} to show.", unit, (), SafeString(""))
    description = _describe(points, unit)
    top = _nice_ceiling(max(point.value for point in points))
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_width / len(points)
    bar_width = min(max(slot * 0.8, 0.5), MAX_BAR_WIDTH)
    baseline = MARGIN_TOP + plot_height

    gridlines = []
    for fraction in (0, 0.5, 1):
        value = top * fraction
        if fraction == 0.5 and value != int(value):
            continue  # a half-step gridline only when it is a whole number
        y = baseline - plot_height * fraction
        gridlines.append((f"{y:.1f}", f"{value:g}", f"{MARGIN_LEFT}", f"{WIDTH - MARGIN_RIGHT}"))
    grid_html = format_html_join(
        "",
        '<line class="chart__grid" x1="{2}" y1="{0}" x2="{3}" y2="{0}"/>'
        '<text class="chart__axis-label" x="{2}" y="{0}" dx="-6" dy="4" '
        'text-anchor="end">{1}</text>',
        gridlines,
    )

    bars = []
    for index, point in enumerate(points):
        height = plot_height * point.value / top if top else 0
        x = MARGIN_LEFT + index * slot + (slot - bar_width) / 2
        bars.append(
            (
                f"{x:.2f}",
                f"{baseline - height:.2f}",
                f"{bar_width:.2f}",
                f"{height:.2f}",
                f"{point.label}: {plural_of_unit(point.value, unit)}",
                point.key,
            )
        )
    bars_html = format_html_join(
        "",
        '<rect class="chart__bar" x="{0}" y="{1}" width="{2}" height="{3}" data-key="{5}">'
        "<title>{4}</title></rect>",
        bars,
    )

    # Axis labels: the first and last point, and a few evenly spaced between them.
    label_count = min(len(points), 6)
    label_indexes = sorted(
        {round(i * (len(points) - 1) / max(label_count - 1, 1)) for i in range(label_count)}
    )
    last = len(points) - 1
    axis_labels = []
    for index in label_indexes:
        # The end labels hug the plot's edges; the ones between are "minor", and a narrow
        # screen hides them (see site.css) rather than letting them overlap.
        if last == 0:
            anchor, x = "middle", MARGIN_LEFT + slot / 2
        elif index == 0:
            anchor, x = "start", MARGIN_LEFT + index * slot
        elif index == last:
            anchor, x = "end", MARGIN_LEFT + (index + 1) * slot
        else:
            anchor, x = "middle", MARGIN_LEFT + index * slot + slot / 2
        modifier = "" if index in (0, last) else " chart__axis-label--minor"
        axis_labels.append(
            (f"{x:.2f}", f"{HEIGHT - 8}", points[index].short_label, anchor, modifier)
        )
    axis_html = format_html_join(
        "",
        '<text class="chart__axis-label{4}" x="{0}" y="{1}" text-anchor="{3}">{2}</text>',
        axis_labels,
    )

    svg = format_html(
        '<svg class="chart" id="{id}" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMidYMid meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '{grid}<line class="chart__axis" x1="{left}" y1="{base}" x2="{right}" y2="{base}"/>'
        "{bars}{axis}</svg>",
        id=chart_id,
        width=WIDTH,
        height=HEIGHT,
        title=title,
        desc=description,
        grid=grid_html,
        left=MARGIN_LEFT,
        right=WIDTH - MARGIN_RIGHT,
        base=f"{baseline:.1f}",
        bars=bars_html,
        axis=axis_html,
    )
    return Chart(chart_id, title, description, unit, tuple(points), svg)


def timeline_chart(
    chart_id: str, title: str, counts: dict[datetime.date, int], unit: str, undated: int = 0
) -> Chart:
    """Bars per month (per year over long spans) for {first day of month: count}.

    `undated` values cannot be placed on a timeline: the chart says how many it leaves out.
    """
    chart = bar_chart(chart_id, title, monthly_points(counts), unit)
    return replace(chart, undated=undated)
