"""Charts as server-side SVG: no JavaScript, no external service, readable on a phone.

Each chart is drawn from the same Table the page shows beneath it (the accessible view), is
an <svg role="img"> with a <title> and <desc>, and its bars link to the cases behind them.
Colours come from classes styled in static/css/dashboard.css.
"""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .tables import SERIES_DEFS, Table, drill_url

WIDTH = 480
ROW_H = 44
BAR_H = 15
HEADING = object()  # marks a group heading row in _hbars


@dataclass
class Chart:
    """An SVG chart and the sentence shown under it saying what it plots, in which unit."""

    svg: str
    note: str
    definitions: list = field(default_factory=list)  # (figure, definition) shown beside the chart


def _chart(svg: str, note: str, definitions=()) -> "Chart | str":
    return Chart(svg, str(note), [(str(k), str(v)) for k, v in definitions]) if svg else ""


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.0f}" if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def _truncate(text: str, limit: int = 30) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(x, y, text, css="chart-label", anchor="start") -> str:
    return f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'


def _svg(key: str, title: str, desc: str, height: int, body: list[str], width: int = WIDTH) -> str:
    # A picture, unless its bars are links to the cases behind them: then a group a screen reader
    # enters (an image's children are not read, and links inside one cannot be reached).
    role = "group" if any("<a " in part for part in body) else "img"
    return mark_safe(  # noqa: S308 - every text inside went through escape()
        f'<svg class="chart chart-{key}" viewBox="0 0 {width} {height}" role="{role}" '
        f'aria-labelledby="chart-{key}-title chart-{key}-desc" preserveAspectRatio="xMinYMin meet">'
        f'<title id="chart-{key}-title">{escape(title)}</title><desc id="chart-{key}-desc">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _hbars(key, title, rows, query="", note="", unit=""):
    """Horizontal bars, each under its label (long labels stay whole, on a phone too).

    rows: (label, value, drill params or None, secondary value or None); a row whose value is
    the HEADING marker is a group heading.
    """
    if not rows:
        return ""
    values = [v for r in rows if r[1] is not HEADING for v in (r[1], r[3]) if v is not None]
    top = max([*values, 1])
    plot = WIDTH - 120
    body, y = [], 4
    for label, value, drill, secondary in rows:
        if value is HEADING:
            body.append(_text(0, y + 16, label, "chart-group"))
            y += 26
            continue
        body.append(_text(0, y + 13, _truncate(label, 52)))
        bar_y = y + 21
        if secondary is not None:
            w2 = max(1.5, plot * secondary / top)
            body.append(f'<rect class="bar-secondary" x="0" y="{bar_y}" width="{w2:.1f}" height="{BAR_H}" rx="3"/>')
        w = plot * (value or 0) / top
        width = max(w, 1.5 if value else 0)
        bar = f'<rect class="bar" x="0" y="{bar_y}" width="{width:.1f}" height="{BAR_H}" rx="3"/>'
        end = max(w, (plot * secondary / top) if secondary else 0)
        if secondary is not None:
            text = _("median %(m)s · 90%%: %(p)s days") % {"m": _fmt(value), "p": _fmt(secondary)}
        else:
            text = _fmt(value)
        if end + 6 + 8 * len(text) > WIDTH:
            # No room after the bar: the figure goes on the label's line, at the right edge.
            value_el = _text(WIDTH, y + 13, text, "chart-value", "end")
        else:
            value_el = _text(end + 6, bar_y + BAR_H - 3, text, "chart-value")
        if drill and value:
            href = escape(drill_url(query, drill))
            spoken = f"{label}: {_fmt(value)} {unit}".strip()
            body.append(f'<a href="{href}" aria-label="{escape(spoken)}">{bar}{value_el}</a>')
        else:
            body.append(bar + value_el)
        y += ROW_H
    return _svg(key, title, note or title, y + 4, body)


def funnel_svg(table: Table, query: str, unit: str, drill_col: int = 1) -> str:
    """Bars of the table's first figure column (in `unit`); each bar opens the cases behind the
    step (the drill-down of `drill_col`)."""
    rows = [(r[0].value, r[1].value, r[drill_col].drill, None) for r in table.rows]
    note = _("Bars: number of %(unit)s at each step; each step is inside the one before.") % {"unit": unit}
    definitions = [(r[0].value, d) for r, d in zip(table.rows, table.row_defs, strict=False)]
    return _chart(_hbars(table.key, table.caption, rows, query, note=note, unit=unit), note, definitions)


def bars_svg(table: Table, value_col: int, query: str, unit: str) -> str:
    rows = [(r[0].value, r[value_col].value, r[value_col].drill, None) for r in table.rows[:12]]
    note = _("Bars: number of %(unit)s.") % {"unit": unit}
    return _chart(_hbars(table.key, table.caption, rows, query, note=note, unit=unit), note)


def duration_svg(table: Table) -> str:
    rows, group = [], None
    for r in table.rows:
        if r[3].value is None:
            continue
        if r[0].value != group:
            group = r[0].value
            rows.append((group, HEADING, None, None))
        rows.append((r[1].value, r[3].value, None, r[4].value))
    note = _("Dark bar: median days in the stage, over completed stays; light bar: 90th percentile, in days.")
    return _chart(_hbars(table.key, table.caption, rows, note=note), note)


def interval_svg(table: Table) -> str:
    shown = [(r, d) for r, d in zip(table.rows, table.row_defs, strict=False) if r[2].value is not None]
    rows = [(r[0].value, r[2].value, None, r[3].value) for r, _d in shown]
    note = _("Dark bar: median days; light bar: 90th percentile, in days.")
    definitions = [(r[0].value, d) for r, d in shown]
    return _chart(_hbars(table.key, table.caption, rows, note=note), note, definitions)


SERIES = [(i, css, label) for i, (_key, css, label, _definition) in enumerate(SERIES_DEFS, start=1)]


def trend_svg(table: Table):
    if not table.rows:
        return ""
    left, right, top_pad, bottom = 36, 12, 58, 40
    height = 260
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom
    top = max([max(c.value or 0 for c in r[1:]) for r in table.rows] + [2])
    top += top % 2  # even, so that the middle grid line falls on a whole number and is labelled truly
    step = plot_w / max(1, len(table.rows) - 1)
    body = []
    # Grid: zero line, the maximum, and the middle.
    for frac in (0, 0.5, 1):
        y = top_pad + plot_h * (1 - frac)
        body.append(f'<line class="grid" x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        body.append(_text(left - 6, y + 4, _fmt(round(top * frac)), "chart-axis", "end"))
    for i, row in enumerate(table.rows):
        if i % 2 == 0 or i == len(table.rows) - 1:
            x = left + i * step
            body.append(_text(x, height - bottom + 16, row[0].value[:3], "chart-axis", "middle"))
            if i == 0 or row[0].value.startswith("Jan"):
                body.append(_text(x, height - bottom + 30, row[0].value[-4:], "chart-axis", "middle"))
    for col, css, label in SERIES:
        points = [
            (left + i * step, top_pad + plot_h * (1 - (row[col].value or 0) / top), row[0].value, row[col].value)
            for i, row in enumerate(table.rows)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _m, _v in points)
        body.append(f'<polyline class="line {css}" points="{path}"/>')
        for x, y, month, value in points:
            tip = escape(f"{label}, {month}: {value}")  # the label names the unit
            body.append(f'<circle class="dot {css}" cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{tip}</title></circle>')
    for i, (_col, css, label) in enumerate(SERIES):
        # Two keys a line, so that they fit on a phone with its larger text.
        x, y = left + (i % 2) * 210, 6 + (i // 2) * 22
        body.append(f'<rect class="key {css}" x="{x}" y="{y}" width="12" height="12" rx="2"/>')
        body.append(f'<text class="chart-label" x="{x + 17}" y="{y + 11}">{escape(label)}</text>')
    note = _(
        "Lines by month over the period: cases (by month of rescue), FIRs registered, FIRs chargesheeted, "
        "court cases judged; the table below has the numbers."
    )
    definitions = [(label, definition) for _key, _css, label, definition in SERIES_DEFS]
    return _chart(_svg(table.key, table.caption, note, height, body), note, definitions)
