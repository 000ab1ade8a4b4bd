"""Excel 自评表: sheets as tables, merged cells once, numbers as the sheet shows them."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from auditor.errors import ReadError
from auditor.extract import extract
from auditor.model import BlockKind
from auditor.readers import read_document


@pytest.fixture
def workbook(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "部门整体支出绩效自评表"
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人数", "≥100人", "96人", 10, 9.6],
        [None, "质量指标", "合格率", "≥95%", "97%", 10, 10],
        ["合计", None, None, None, None, 20, 19.6],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("A4:E4")
    sheet["G2"].number_format = "0.00"
    path = tmp_path / "self-evaluation.xlsx"
    book.save(path)
    return path


def test_cells_and_merges(workbook):
    doc = read_document(str(workbook))
    assert doc.kind == "xlsx"
    cells = {(b.row, b.col): doc.block_text(b) for b in doc.iter_blocks(BlockKind.TABLE_CELL)}
    assert cells[(1, 3)] == "三级指标" and cells[(2, 1)] == "产出指标" and (3, 1) not in cells
    assert cells[(2, 7)] == "9.60" and cells[(2, 6)] == "10"


def test_indicators_and_total_row_are_extracted(workbook):
    facts = extract(read_document(str(workbook)))
    names = [(i.name, i.target.value, i.actual.value, i.score.value) for i in facts.indicators]
    assert names == [("培训人数", Decimal("100"), Decimal("96"), Decimal("9.60")),
                     ("合格率", Decimal("95"), Decimal("97"), Decimal("10"))]
    totals = [e for e in facts.enumerations if e.source == "table"]
    assert {str(e.total.value) for e in totals} == {"20", "19.6"}


def test_corrupt_workbook(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(ReadError) as err:
        read_document(str(path))
    assert err.value.code == "corrupt-xlsx"
