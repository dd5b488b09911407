"""Charts as SVG strings: progress bars, ranked bars, a cumulative line chart and a tile map.

One module serves the dashboard pages and the PDF memo (WeasyPrint draws inline SVG), so there is
no JavaScript and nothing is fetched. Every chart:

- is sized by its viewBox (and width/height attributes for WeasyPrint); `svg.chart { max-width:
  100%; height: auto }` lets it shrink to a 360 px phone;
- carries its numbers as text (value labels, legend text) and draws "no data" with a hatch
  pattern, so it reads in black and white and to a screen reader (role="img" with a <title>);
- escapes every text it is given, and writes numbers with Thai digits unless `thai_digits=False`.

Words are the caller's (Thai defaults, since the charts print in Thai documents); this module has
no Django and no translations.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from xml.sax.saxutils import escape as _escape

from phinong.lib import thai_tile_grid
from phinong.lib.dates import MONTHS_TH_ABBR, be_year
from phinong.lib.thai import to_thai_digits

FONT = "Sarabun, 'TH Sarabun New', sans-serif"
INK = "#1b2430"
MUTED = "#5b6573"
TRACK = "#e3e8ef"
BAR = "#1f5fa8"
DONE = "#1d7a46"
LINE_A = "#1f5fa8"  # submitted
LINE_B = "#1d7a46"  # approved
DUE = "#a3461c"
# Light to dark, for the map: each step also differs in lightness, so it survives grey printing.
RAMP = ("#e8f0f8", "#bcd2ea", "#7fa9d6", "#3f78b8", "#14467f")
RAMP_INK = (INK, INK, INK, "#ffffff", "#ffffff")

_ids = itertools.count(1)


def _new_id(given: str | None) -> str:
    return given or f"chart{next(_ids)}"


def esc(text: object) -> str:
    """Text for an element's content or a double-quoted attribute."""
    return _escape(str(text), {'"': "&quot;", "'": "&#39;"})


def number(value: float | int | None, *, thai_digits: bool = True, decimals: int = 0) -> str:
    """1234 -> '๑,๒๓๔'; None -> '–'."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}" if isinstance(value, float) or decimals else f"{value:,}"
    return to_thai_digits(text) if thai_digits else text


def percent_text(percent: float | None, *, thai_digits: bool = True) -> str:
    """80.4 -> '๘๐%'; None -> '–'."""
    if percent is None:
        return "–"
    return number(round(percent), thai_digits=thai_digits) + "%"


def percent_of(value: float | int | None, target: float | int | None) -> float | None:
    if value is None or not target:
        return None
    return 100.0 * float(value) / float(target)


def short_date(day: dt.date, *, thai_digits: bool = True) -> str:
    """'12 ส.ค. 64': a date short enough for an axis, in the Buddhist Era."""
    text = f"{day.day} {MONTHS_TH_ABBR[day.month - 1]} {be_year(day) % 100:02d}"
    return to_thai_digits(text) if thai_digits else text


def text_width(text: str, size: float) -> float:
    """A rough width: Thai vowel and tone marks above and below take no room of their own."""
    return (
        sum(
            0 if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn" else 1 for ch in text
        )
        * size
        * 0.55
    )


def fit(text: str, size: float, room: float) -> str:
    """`text`, cut with '…' where it would run past `room` user units."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    # Never leave a combining mark orphaned at the cut.
    while text and unicodedata.category(text[-1]) == "Mn":
        text = text[:-1]
    return text + "…"


def _open(cid: str, width: float, height: float, title: str, css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {esc(css_class)}" '
        f'viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        f'role="img" aria-labelledby="{cid}-title" font-family="{esc(FONT)}" fill="{INK}">'
        f'<title id="{cid}-title">{esc(title)}</title>'
    )


def _hatch(cid: str) -> str:
    return (
        f'<defs><pattern id="{cid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" '
        f'stroke="{MUTED}" stroke-width="1.5"/></pattern></defs>'
    )


def _link(href: str | None, body: str) -> str:
    return f'<a href="{esc(href)}">{body}</a>' if href else body


# -- progress bar ---------------------------------------------------------------------------------


def progress_bar(
    value: float | int | None,
    target: float | int | None,
    label: str,
    *,
    thai_digits: bool = True,
    width: float = 480,
    no_data: str = "ไม่มีข้อมูล",
    chart_id: str | None = None,
) -> str:
    """A labelled bar: '<label>' above, the bar, and '12 / 15 (80%)' beside it."""
    cid = _new_id(chart_id)
    percent = percent_of(value, target)
    size, height = 14, 44
    bar_y, bar_h = 22, 16
    room = width * 0.68
    if value is None:
        caption = no_data
    elif target:
        caption = (
            f"{number(value, thai_digits=thai_digits)} / {number(target, thai_digits=thai_digits)}"
            f" ({percent_text(percent, thai_digits=thai_digits)})"
        )
    else:
        caption = number(value, thai_digits=thai_digits)
    parts = [_open(cid, width, height, f"{label}: {caption}", "progress"), _hatch(cid)]
    parts.append(f'<text x="0" y="15" font-size="{size}">{esc(fit(label, size, width))}</text>')
    if percent is None:
        parts.append(
            f'<rect x="0" y="{bar_y}" width="{room:g}" height="{bar_h}" fill="url(#{cid}-hatch)" '
            f'stroke="{MUTED}" stroke-width="0.5"/>'
        )
    else:
        filled = room * min(percent, 100.0) / 100.0
        colour = DONE if percent >= 100 else BAR
        parts.append(
            f'<rect x="0" y="{bar_y}" width="{room:g}" height="{bar_h}" fill="{TRACK}" '
            f'stroke="{MUTED}" stroke-width="0.5"/>'
        )
        parts.append(
            f'<rect x="0" y="{bar_y}" width="{filled:.1f}" height="{bar_h}" fill="{colour}"/>'
        )
    parts.append(
        f'<text x="{room + 8:g}" y="{bar_y + 13}" font-size="{size - 1}">{esc(caption)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


# -- ranked horizontal bars -----------------------------------------------------------------------

BarRow = tuple[str, float | int | None, float | int | None]  # (label, value, target)


def bar_chart(
    rows: Sequence[BarRow],
    *,
    title: str = "",
    links: Sequence[str | None] | None = None,
    thai_digits: bool = True,
    width: float = 480,
    rank: bool = True,
    label_share: float = 0.34,
    percent_only: bool = False,
    no_data: str = "ไม่มีข้อมูล",
    chart_id: str | None = None,
) -> str:
    """Horizontal bars of value against target, one per row, the laggards first when `rank`.

    A row with a target shows its share of it ('12/15 · 80%', or '80%' with `percent_only`); a
    row without one shows its value and a hatched track; a row with no value says `no_data`.
    """
    cid = _new_id(chart_id)
    order = list(range(len(rows)))
    if rank:
        # Lowest share of target first; rows with no share (no data) last; ties by label.
        def key(i: int) -> tuple[int, float, str]:
            label, value, target = rows[i]
            share = percent_of(value, target)
            return (1 if share is None else 0, share or 0.0, label)

        order.sort(key=key)
    size, row_h, bar_h = 13, 24, 14
    top = 24 if title else 4
    label_w = min(width * label_share, max((text_width(r[0], size) for r in rows), default=0) + 8)
    caption_w = width * 0.24
    track = max(width - label_w - caption_w, 40)
    height = top + row_h * max(len(rows), 1) + 4
    parts = [_open(cid, width, height, title or "bar chart", "bars"), _hatch(cid)]
    if title:
        parts.append(
            f'<text x="0" y="16" font-size="{size + 1}" font-weight="700">{esc(title)}</text>'
        )
    for slot, i in enumerate(order):
        label, value, target = rows[i]
        y = top + slot * row_h
        share = percent_of(value, target)
        if value is None:
            caption = no_data
        elif target and percent_only:
            caption = percent_text(share, thai_digits=thai_digits)
        elif target:
            caption = (
                f"{number(value, thai_digits=thai_digits)}/{number(target, thai_digits=thai_digits)}"
                f" · {percent_text(share, thai_digits=thai_digits)}"
            )
        else:
            caption = number(value, thai_digits=thai_digits)
        row = [
            f'<g class="bar-row"><title>{esc(label)}: {esc(caption)}</title>',
            f'<text x="{label_w - 6:g}" y="{y + 15}" font-size="{size}" text-anchor="end">'
            f"{esc(fit(label, size, label_w - 8))}</text>",
        ]
        if share is None:
            row.append(
                f'<rect x="{label_w:g}" y="{y + 4}" width="{track:g}" height="{bar_h}" '
                f'fill="url(#{cid}-hatch)" stroke="{MUTED}" stroke-width="0.5"/>'
            )
        else:
            filled = track * min(share, 100.0) / 100.0
            row.append(
                f'<rect x="{label_w:g}" y="{y + 4}" width="{track:g}" height="{bar_h}" '
                f'fill="{TRACK}"/>'
                f'<rect x="{label_w:g}" y="{y + 4}" width="{filled:.1f}" height="{bar_h}" '
                f'fill="{DONE if share >= 100 else BAR}"/>'
            )
        row.append(
            f'<text x="{label_w + track + 6:g}" y="{y + 15}" font-size="{size - 1}">'
            f"{esc(caption)}</text></g>"
        )
        parts.append(_link(links[i] if links else None, "".join(row)))
    parts.append("</svg>")
    return "".join(parts)


# -- cumulative line chart ------------------------------------------------------------------------


def _nice_step(top: float, ticks: int = 4) -> float:
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * power:
            return max(step * power, 1)
    return 10 * power


def line_chart(
    series: Sequence[tuple[dt.date, float | int, float | int]],
    due: Sequence[tuple[dt.date, str]] = (),
    *,
    title: str = "",
    names: tuple[str, str] = ("ส่งแล้ว", "อนุมัติแล้ว"),
    expected: float | int | None = None,
    expected_label: str = "ที่ต้องส่ง",
    thai_digits: bool = True,
    date_label: Callable[[dt.date], str] | None = None,
    width: float = 440,
    plot_height: float = 170,
    no_data: str = "ยังไม่มีรายงาน",
    chart_id: str | None = None,
) -> str:
    """Two cumulative lines over time (solid with circles, dashed with squares) and the last value
    of each written at its end. Each due date is a dashed vertical line numbered at its top; the
    numbers are explained under the legend ('๑ ๑๕ ส.ค. ๖๔ · กิจกรรมที่ ๑ ครบกำหนด'), dates that fall
    on the same day sharing one number, so any number of them stays legible."""
    cid = _new_id(chart_id)
    label_of = date_label or (lambda day: short_date(day, thai_digits=thai_digits))
    points = sorted(series)
    groups: dict[dt.date, list[str]] = {}
    for day, label in sorted(due, key=lambda item: item[0]):
        groups.setdefault(day, []).append(label)
    days = [p[0] for p in points] + list(groups)
    size = 12
    left, right = 44, 40
    top = (28 if title else 8) + 16  # room for the due dates' numbers
    plot_w, plot_h = width - left - right, plot_height
    axis_y = top + plot_h
    legend_y = axis_y + 38
    notes_y = legend_y + 20
    height = notes_y + 16 * len(groups) + (4 if groups else -12)
    parts = [_open(cid, width, height, title or " / ".join(names), "line")]
    if title:
        parts.append(
            f'<text x="0" y="16" font-size="{size + 2}" font-weight="700">{esc(title)}</text>'
        )
    if not days:
        parts.append(
            f'<text x="{width / 2:g}" y="{axis_y - plot_h / 2:g}" font-size="{size + 1}" '
            f'text-anchor="middle" fill="{MUTED}">{esc(no_data)}</text></svg>'
        )
        return "".join(parts)
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    peak = max([expected or 0] + [max(a, b) for _d, a, b in points] + [1])
    step = _nice_step(peak)
    y_top = step * math.ceil(peak / step)

    def x_of(day: dt.date) -> float:
        return left + plot_w * (day - first).days / span

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / y_top)

    # Grid and y axis
    tick = 0.0
    while tick <= y_top + 1e-9:
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w:g}" y2="{y:.1f}" '
            f'stroke="{TRACK}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="{size - 1}" text-anchor="end" '
            f'fill="{MUTED}">{esc(number(int(tick), thai_digits=thai_digits))}</text>'
        )
        tick += step
    parts.append(
        f'<line x1="{left}" y1="{axis_y:g}" x2="{left + plot_w:g}" y2="{axis_y:g}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    for day, anchor in ((first, "start"), (last, "end")):
        parts.append(
            f'<text x="{x_of(day):.1f}" y="{axis_y + 16:g}" font-size="{size - 1}" '
            f'text-anchor="{anchor}" fill="{MUTED}">{esc(label_of(day))}</text>'
        )
    if expected:
        y = y_of(expected)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w:g}" y2="{y:.1f}" stroke="{INK}" '
            f'stroke-width="1" stroke-dasharray="2 3"/>'
            f'<text x="{left + 4}" y="{y - 4:.1f}" font-size="{size - 1}">'
            f"{esc(expected_label)} {esc(number(expected, thai_digits=thai_digits))}</text>"
        )
    # Due dates: a numbered dashed line each; numbers too close to the last one step up a row.
    previous_x, raised = -100.0, False
    for index, day in enumerate(groups, start=1):
        x = x_of(day)
        raised = (not raised) if x - previous_x < 14 else False
        previous_x = x
        mark = number(index, thai_digits=thai_digits)
        parts.append(
            f'<g class="due"><line x1="{x:.1f}" y1="{top - 2:g}" x2="{x:.1f}" y2="{axis_y:g}" '
            f'stroke="{DUE}" stroke-width="1.2" stroke-dasharray="5 3"/>'
            f'<text x="{x:.1f}" y="{top - (16 if raised else 5):g}" font-size="{size - 1}" '
            f'text-anchor="middle" fill="{DUE}" font-weight="700">{esc(mark)}</text></g>'
        )
    # The two lines
    for column, colour, dash, marker in ((0, LINE_A, "", "circle"), (1, LINE_B, "6 4", "square")):
        values = [float(p[1] if column == 0 else p[2]) for p in points]
        coords = [(x_of(p[0]), y_of(v)) for p, v in zip(points, values, strict=True)]
        if not coords:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.2"{dash_attr}/>'
        )
        x, y = coords[-1]
        if marker == "circle":
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
        else:
            parts.append(
                f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
            )
        last_value = points[-1][1] if column == 0 else points[-1][2]
        final = number(last_value, thai_digits=thai_digits)
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + (-4 if column == 0 else 13):.1f}" '
            f'font-size="{size}" fill="{colour}" font-weight="700">{esc(final)}</text>'
        )
    # Legend: a sample of each line with its name
    x = left
    for name, colour, dash in ((names[0], LINE_A, ""), (names[1], LINE_B, "6 4")):
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x}" y1="{legend_y - 4}" x2="{x + 22}" y2="{legend_y - 4}" '
            f'stroke="{colour}" stroke-width="2.2"{dash_attr}/>'
            f'<text x="{x + 26}" y="{legend_y}" font-size="{size}">{esc(name)}</text>'
        )
        x += int(26 + text_width(name, size) + 18)
    # What each due-date number stands for
    for index, (day, labels) in enumerate(groups.items(), start=1):
        y = notes_y + 16 * (index - 1)
        text = f"{label_of(day)} · {', '.join(labels)}"
        parts.append(
            f'<text x="{left}" y="{y:g}" font-size="{size - 1}"><tspan fill="{DUE}" '
            f'font-weight="700">{esc(number(index, thai_digits=thai_digits))}</tspan> '
            f"{esc(fit(text, size - 1, width - left - 16))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


# -- tile map -------------------------------------------------------------------------------------


def _bin(value: float, bounds: Sequence[float]) -> int:
    for index, bound in enumerate(bounds):
        if value < bound:
            return index
    return len(bounds)


def tile_map(
    values: Mapping[str, float | None],
    *,
    names: Mapping[str, str],
    links: Mapping[str, str] | None = None,
    legend_title: str = "",
    bounds: Sequence[float] = (20, 40, 60, 80),
    unit: str = "%",
    thai_digits: bool = True,
    outside: Sequence[str] = (thai_tile_grid.BANGKOK,),
    no_data: str = "ไม่มีข้อมูล",
    outside_label: str = "นอกพื้นที่ พช.",
    tile: float = 40,
    chart_id: str | None = None,
) -> str:
    """Thailand's 77 provinces as squares in roughly their place, each shaded by its value (one
    of five steps split at `bounds`) and labelled with its abbreviation and its value. A province
    without a value is hatched; those in `outside` (Bangkok) are drawn with a dashed outline.
    A province in `links` is a link (drilling down to it)."""
    cid = _new_id(chart_id)
    columns, rows = thai_tile_grid.size()
    gap = 2
    width, height = columns * tile, rows * tile
    # The legend sits in the Gulf and the Andaman Sea: the empty tiles east of the peninsula.
    legend_x, legend_top, legend_w = 4 * tile + 10, 13 * tile, 5 * tile - 12
    parts = [_open(cid, width, height, legend_title or "map", "map"), _hatch(cid)]
    outside_set = set(outside)

    def caption(value: float | None) -> str:
        if value is None:
            return no_data
        return number(round(value), thai_digits=thai_digits) + unit

    for code, (column, row) in sorted(thai_tile_grid.TILES.items()):
        x, y = column * tile, row * tile
        value = values.get(code)
        name = names.get(code, code)
        abbr = thai_tile_grid.ABBREVIATIONS[code]
        if code in outside_set:
            fill, ink, extra, shown = "#ffffff", MUTED, ' stroke-dasharray="3 2"', ""
            note = outside_label
        elif value is None:
            fill, ink, extra, shown = f"url(#{cid}-hatch)", INK, "", "–"
            note = no_data
        else:
            step = _bin(value, bounds)
            fill, ink, extra, shown = RAMP[step], RAMP_INK[step], "", caption(value)
            note = caption(value)
        body = (
            f'<g class="tile" data-code="{esc(code)}"><title>{esc(name)}: {esc(note)}</title>'
            f'<rect x="{x + gap / 2:g}" y="{y + gap / 2:g}" width="{tile - gap:g}" '
            f'height="{tile - gap:g}" rx="3" fill="{fill}" stroke="{MUTED}" stroke-width="0.6"{extra}/>'
        )
        if value is None and code not in outside_set:
            # The hatching stops behind the texts, so they stay legible.
            body += (
                f'<rect x="{x + tile * 0.12:g}" y="{y + tile * 0.14:g}" width="{tile * 0.76:g}" '
                f'height="{tile * 0.72:g}" fill="#ffffff"/>'
            )
        body += (
            f'<text x="{x + tile / 2:g}" y="{y + tile * 0.45:g}" font-size="{tile * 0.3:g}" '
            f'text-anchor="middle" fill="{ink}" font-weight="700">{esc(abbr)}</text>'
        )
        if shown:
            body += (
                f'<text x="{x + tile / 2:g}" y="{y + tile * 0.8:g}" '
                f'font-size="{tile * 0.24:g}" text-anchor="middle" fill="{ink}">{esc(shown)}</text>'
            )
        body += "</g>"
        parts.append(_link((links or {}).get(code), body))
    # Legend: title, the five steps with their ranges, no data, outside
    size = 12
    y = legend_top + 14
    parts.append(
        f'<g class="legend"><text x="{legend_x:g}" y="{y:g}" font-size="{size + 1}" '
        f'font-weight="700">{esc(fit(legend_title, size + 1, legend_w))}</text>'
    )
    edges = [0.0, *bounds]
    swatches: list[tuple[str, str, str]] = []
    for index, colour in enumerate(RAMP):
        low = number(round(edges[index]), thai_digits=thai_digits)
        text = (
            f"{low}–{number(round(bounds[index]), thai_digits=thai_digits)}{unit}"
            if index < len(bounds)
            else f"{low}{unit} +"
        )
        swatches.append((colour, "", text))
    swatches.append((f"url(#{cid}-hatch)", "", no_data))
    swatches.append(("#ffffff", ' stroke-dasharray="3 2"', outside_label))
    for index, (fill, extra, text) in enumerate(swatches):
        y = legend_top + 24 + index * 20
        parts.append(
            f'<rect x="{legend_x:g}" y="{y:g}" width="16" height="14" fill="{fill}" '
            f'stroke="{MUTED}" stroke-width="0.6"{extra}/>'
            f'<text x="{legend_x + 22:g}" y="{y + 12:g}" font-size="{size}">'
            f"{esc(fit(text, size, legend_w - 22))}</text>"
        )
    parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
