"""The SVG charts parse as XML, carry their numbers as text (Thai digits unless told otherwise),
escape what they are given and draw "no data" with a pattern, not a colour."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from phinong.lib import svgchart
from phinong.lib.thai_tile_grid import TILES

NS = {"s": "http://www.w3.org/2000/svg"}


def parsed(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("role") == "img"
    return root


def find(root: ET.Element, path: str) -> ET.Element:
    found = root.find(path, NS)
    assert found is not None, path
    return found


def attr(element: ET.Element, name: str) -> str:
    return element.get(name) or ""


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_a_progress_bar_writes_its_label_value_target_and_share_in_thai_digits() -> None:
    root = parsed(svgchart.progress_bar(12, 15, "คู่ตำบล", chart_id="p"))

    assert texts(root) == ["คู่ตำบล", "๑๒ / ๑๕ (๘๐%)"]
    assert find(root, "s:title").text == "คู่ตำบล: ๑๒ / ๑๕ (๘๐%)"


def test_a_progress_bar_in_english_mode_uses_arabic_digits() -> None:
    root = parsed(svgchart.progress_bar(1200, 1500, "Pairs", thai_digits=False))

    assert "1,200 / 1,500 (80%)" in texts(root)


def test_a_progress_bar_without_data_is_hatched_and_says_so() -> None:
    svg = svgchart.progress_bar(None, 15, "ผู้นำ", chart_id="nodata")
    root = parsed(svg)

    assert "ไม่มีข้อมูล" in texts(root)
    assert 'fill="url(#nodata-hatch)"' in svg
    assert attr(find(root, "s:defs/s:pattern"), "id") == "nodata-hatch"


def test_text_is_escaped_everywhere() -> None:
    nasty = '<script>alert("x")</script> & "quotes"'
    svg = svgchart.bar_chart([(nasty, 1, 2)], title=nasty, links=['/a?b=1&c="2"'])
    root = parsed(svg)

    assert "<script>" not in svg
    assert root.find(".//s:script", NS) is None
    assert nasty in texts(root)
    assert attr(find(root, ".//s:a"), "href") == '/a?b=1&c="2"'


def test_bars_are_ranked_laggards_first_with_no_data_last() -> None:
    rows = [("ก", 9, 10), ("ข", None, 10), ("ค", 1, 10), ("ง", 5, 10)]
    root = parsed(svgchart.bar_chart(rows, thai_digits=False))

    labels = [t for t in texts(root) if t in {"ก", "ข", "ค", "ง"}]
    assert labels == ["ค", "ง", "ก", "ข"]
    assert "1/10 · 10%" in texts(root)
    assert "ไม่มีข้อมูล" in texts(root)


def test_bars_keep_their_order_when_not_ranked_and_can_show_shares_only() -> None:
    rows = [("ก", 9, 10), ("ค", 1, 10)]
    root = parsed(svgchart.bar_chart(rows, rank=False, percent_only=True))

    assert texts(root) == ["ก", "๙๐%", "ค", "๑๐%"]


def test_long_labels_are_cut_with_an_ellipsis_and_kept_whole_in_the_title() -> None:
    long = "พระนครศรีอยุธยา" * 4
    root = parsed(svgchart.bar_chart([(long, 1, 2)], width=300))

    shown = texts(root)[0]
    assert shown.endswith("…") and len(shown) < len(long)
    assert (find(root, ".//s:g/s:title").text or "").startswith(long)


def test_the_line_chart_numbers_its_due_dates_and_explains_them() -> None:
    day = dt.date(2021, 8, 1)
    series = [(day, 1, 0), (day + dt.timedelta(days=10), 5, 2)]
    due = [(dt.date(2021, 8, 15), "กิจกรรมที่ 1"), (dt.date(2021, 8, 15), "รายงาน <1>")]
    svg = svgchart.line_chart(series, due, expected=10, chart_id="l")
    root = parsed(svg)
    shown = texts(root)

    assert len(root.findall(".//s:g[@class='due']", NS)) == 1  # one day, one marker
    assert "๑๕ ส.ค. ๖๔ · กิจกรรมที่ 1, รายงาน <1>" in " ".join(shown)
    assert "๕" in shown and "๒" in shown  # the last values of both lines
    assert "ที่ต้องส่ง ๑๐" in shown
    assert "ส่งแล้ว" in shown and "อนุมัติแล้ว" in shown  # the legend
    assert len(root.findall(".//s:polyline", NS)) == 2


def test_an_empty_line_chart_says_there_is_nothing_yet() -> None:
    assert "ยังไม่มีรายงาน" in texts(parsed(svgchart.line_chart([], [])))


def test_the_map_draws_every_province_once_with_its_value_and_a_legend() -> None:
    values: dict[str, float | None] = dict.fromkeys(TILES, 50.0)
    values["42"] = 12.4
    values["45"] = None
    svg = svgchart.tile_map(
        values,
        names={"42": "เลย", "45": "ร้อยเอ็ด"},
        links={"42": "/areas/42/"},
        legend_title="ร้อยละ",
        chart_id="m",
    )
    root = parsed(svg)
    tiles = root.findall(".//s:g[@class='tile']", NS)

    assert sorted(attr(t, "data-code") for t in tiles) == sorted(TILES)
    loei = next(t for t in tiles if t.get("data-code") == "42")
    assert "".join(find(loei, "s:title").itertext()) == "เลย: ๑๒%"
    roi_et = next(t for t in tiles if t.get("data-code") == "45")
    assert attr(find(roi_et, "s:rect"), "fill") == "url(#m-hatch)"
    bangkok = next(t for t in tiles if t.get("data-code") == "10")
    assert attr(find(bangkok, "s:rect"), "stroke-dasharray")
    links = root.findall(".//s:a", NS)
    assert [a.get("href") for a in links] == ["/areas/42/"]
    legend = texts(find(root, ".//s:g[@class='legend']"))
    assert legend[0] == "ร้อยละ"
    assert "๐–๒๐%" in legend and "๘๐% +" in legend and "ไม่มีข้อมูล" in legend


def test_ids_differ_between_charts_on_one_page() -> None:
    first = parsed(svgchart.progress_bar(None, 1, "ก"))
    second = parsed(svgchart.progress_bar(None, 1, "ก"))

    assert attr(find(first, "s:defs/s:pattern"), "id") != attr(
        find(second, "s:defs/s:pattern"), "id"
    )
