"""Whether a file is a masked export is decided by the marker the masked export writes above the
header, never by an "x" in some ID cell."""

from __future__ import annotations

import pytest

from conftest import Cast
from phinong.programmes.models import Programme
from phinong.register.columns import MASKED_MARKER
from phinong.register.importer import ImportRefused, import_register
from phinong.register.models import Member
from phinong.register.sheets import read_sheet
from phinong.register.tests.sheetmaker import row, xlsx


def test_an_x_in_one_id_of_a_normal_register_refuses_only_that_row(
    cast: Cast, phase2: Programme
) -> None:
    rows = [row(seq=n) for n in range(1, 4)]
    rows[1]["national_id"] = "x-xxxx-xxxxx-12-3"
    sheet = read_sheet(xlsx(rows), "r.xlsx")
    result = import_register(actor=cast.dist_a1, programme=phase2, sheet=sheet, valid_only=True)
    assert (result.written, result.created, result.rejected_rows) == (True, 2, 1)
    [problem] = result.problems
    assert problem.row == 5 and problem.heading == "เลขประจำตัวประชาชน"
    assert Member.objects.count() == 2


def test_the_marker_refuses_the_whole_file_even_with_full_ids(
    cast: Cast, phase2: Programme
) -> None:
    rows = [row(seq=n) for n in range(1, 4)]
    sheet = read_sheet(xlsx(rows, title=f"{MASKED_MARKER} (นำเข้ากลับไม่ได้)"), "m.xlsx")
    with pytest.raises(ImportRefused):
        import_register(actor=cast.dist_a1, programme=phase2, sheet=sheet)
    assert not Member.objects.exists()
