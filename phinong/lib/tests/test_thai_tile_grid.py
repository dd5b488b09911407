"""The tile grid holds every province of geothai once, each on its own tile, roughly in place."""

from __future__ import annotations

import geothai

from phinong.lib.thai_tile_grid import ABBREVIATIONS, BANGKOK, TILES, size


def test_every_province_has_one_tile_and_no_tile_holds_two() -> None:
    assert len(TILES) == 77
    assert len(set(TILES.values())) == 77


def test_the_codes_are_geothais_provinces() -> None:
    codes = {p.code for p in geothai.provinces()}

    assert set(TILES) == codes
    assert set(ABBREVIATIONS) == codes
    assert len(set(ABBREVIATIONS.values())) == 77
    assert {BANGKOK, "38"} <= codes  # Bangkok (drawn, outside the CDD) and Bueng Kan


def test_the_grid_is_roughly_geographic() -> None:
    columns, rows = size()
    row = {code: r for code, (_c, r) in TILES.items()}
    column = {code: c for code, (c, _r) in TILES.items()}

    assert (columns, rows) == (9, 18)
    assert row["57"] == 0  # Chiang Rai at the top
    assert row["96"] == rows - 1  # Narathiwat at the bottom
    assert column["34"] == columns - 1  # Ubon Ratchathani at the east edge
    assert row["50"] < row["10"] < row["90"]  # Chiang Mai, Bangkok, Songkhla
    assert column["42"] < column["48"]  # Loei west of Nakhon Phanom
