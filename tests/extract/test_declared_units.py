"""A list's lead-in that declares its amounts' unit ("各项目情况如下（金额单位：万元）：") gives the items' bare
amounts that unit."""

from auditor.extract import extract
from auditor.readers import read_document


def _amounts(tmp_path, text):
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    facts = extract(read_document(str(path)))
    return [(f.label, f.quantity.unit, str(f.quantity.base_value)) for f in facts.figures if f.quantity.dimension == "money"]


def test_items_under_a_declared_unit_are_amounts(tmp_path):
    text = ("本所2022年安排项目2个，各项目情况如下（金额单位：万元）：\n"
            "1.强制检定计量器具免费检定：全年预算38.00，实际支出36.42，执行率95.84%；\n"
            "2.计量标准设备购置：全年预算50.00，实际支出48.64，执行率97.28%。\n")
    amounts = _amounts(tmp_path, text)
    assert ("实际支出", "万元", "486400.00") in amounts and len(amounts) == 4


def test_without_the_declaration_or_after_other_text_they_stay_bare(tmp_path):
    text = ("本所2022年安排项目2个，各项目情况如下（金额单位：万元）：\n\n"
            "二、其他说明\n\n"
            "1.强制检定计量器具免费检定：全年预算38.00，实际支出36.42。\n")
    assert _amounts(tmp_path, text) == []
    assert _amounts(tmp_path, "1.强制检定计量器具免费检定：全年预算38.00，实际支出36.42。\n") == []
