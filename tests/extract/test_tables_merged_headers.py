"""Column headers of Word tables whose header cells are merged across rows and columns."""

from __future__ import annotations

import io

import docx

from auditor.engine import audit_bytes
from auditor.extract.tables import build_tables
from auditor.readers import read_bytes

# A 自评表 with a two-row header: 绩效指标 spans 一级/二级/三级指标 across, and 指标值, 分值, 得分 and 偏差原因
# span both header rows down (python-docx gives them once, at the first row).
_ROWS = [
    ("产出指标", "数量指标", "农村公路养护里程", "≥300公里", "9", "8.7", "部分路段推迟养护"),
    ("", "质量指标", "养护工程验收合格率", "≥95%", "10", "10", ""),
    ("效益指标", "社会效益指标", "道路安全事故发生率", "≤0.5%", "40", "40", ""),
    ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥85%", "31", "31", ""),
    ("预算执行", "预算执行", "预算执行率", "100%", "10", "9.7", "个别款项年底未结算"),
]


def _score_table(total_score: str) -> bytes:
    word = docx.Document()
    word.add_paragraph("某县交通运输局2023年度部门整体支出绩效自评表")
    table = word.add_table(rows=2 + len(_ROWS) + 1, cols=7)
    top, sub = table.rows[0].cells, table.rows[1].cells
    top[0].merge(top[2]).text = "绩效指标"
    for col, name in zip(range(3, 7), ("年度指标值", "分值", "得分", "偏差原因")):
        top[col].merge(sub[col]).text = name
    for col, name in enumerate(("一级指标", "二级指标", "三级指标")):
        sub[col].text = name
    for r, values in enumerate(_ROWS, start=2):
        for col, value in enumerate(values):
            table.rows[r].cells[col].text = value
    last = table.rows[-1].cells
    last[0].merge(last[2]).text = "合计"
    last[4].text, last[5].text = "100", total_score
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_vertically_merged_headers_name_their_own_column():
    doc = read_bytes(_score_table("99.4"), "report.docx")
    (table,) = build_tables(doc)
    headers = {table.column_header(3, col) for col in range(1, 8)}
    assert {"一级指标", "二级指标", "三级指标", "年度指标值", "分值", "得分", "偏差原因"} <= headers
    assert table.column_header(3, 5) == "分值"
    assert table.column_header(3, 6) == "得分"
    assert table.column_header(table.rows, 6) == "得分"


def test_a_header_spanning_columns_still_heads_them():
    doc = read_bytes(_score_table("99.4"), "report.docx")
    (table,) = build_tables(doc)
    # 绩效指标 spans columns 1-3 of the first row: a figure in row 2 column 2 would fall under it
    assert table.column_header(2, 2) == "绩效指标"


def _sum_findings(data: bytes):
    """Findings of the sums: AM01 for the 分值 column, SC04 for the 得分 column against its 总分."""
    result = audit_bytes(data, "docx")
    return [f for f in result.findings if f.code in ("AM01", "SC04")]


def test_scores_and_weights_are_added_column_by_column():
    assert _sum_findings(_score_table("99.4")) == []


def test_a_wrong_score_total_under_a_merged_header_fires():
    findings = _sum_findings(_score_table("98.4"))
    assert [f.code for f in findings] == ["SC04"], [f.message for f in findings]
    assert findings[0].expected == "99.4"
