"""The normalised view: folding, markup, joined breaks, and the map back to original offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.model import BlockKind, Document, DocumentBuilder
from auditor.model.normalize import fold
from auditor.readers.text import read_text


def txt(text: str, kind: str = "txt") -> Document:
    return read_text("mem.txt", text.encode("utf-8"), kind)


def view(text: str, kind: str = "txt") -> str:
    return txt(text, kind).normalized.text


def original(doc: Document, needle: str) -> list[str]:
    out = []
    for seg, i in doc.normalized.find(needle):
        s, e = seg.original_range(i, i + len(needle))
        out.append(doc.text[s:e])
    return out


@pytest.mark.parametrize("raw, folded", [
    ("执行率为５２．３９％。", "执行率为52.39%。"),
    ("预算数（调整后）：１８，５５８．３４万元", "预算数(调整后):18,558.34万元"),
    ("ＡＢＣ　ｘｙｚ", "ABC xyz"),
    ("①指标", "①指标"),  # circled numbers are heading marks, not digits: never folded
])
def test_fold(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize("raw, expected", [
    ("其中发放残疾人两项补贴资金 358.2 万元，发放困难群众救助补助资金\n\n1657.65 万元，有效保障。",
     "其中发放残疾人两项补贴资金358.2万元,发放困难群众救助补助资金1657.65万元,有效保障。"),
    ("保民生救助人数：该指标预期指标值为等于 3700 人，本次评价保民生救助人数 3984\n\n人，该指标完成率为 107.68%。",
     "保民生救助人数:该指标预期指标值为等于3700人,本次评价保民生救助人数3984人,该指标完成率为107.68%。"),
    ("共 11 个项目", "共11个项目"),
    ("执行率为 57.39 %。", "执行率为57.39%。"),
    ("高新区部门单位整体支出 绩效自评报告", "高新区部门单位整体支出绩效自评报告"),
    ("PM 2.5 指标", "PM 2.5指标"),
    ("金额为 4044.\n35 万元。", "金额为4044.35万元。"),
    # an item's number, then a year: not one number (1.2024年)
    ("1. 2024年全年实际支出3,375.93万元。", "1. 2024年全年实际支出3,375.93万元。"),
])
def test_breaks_and_spaces_are_joined(raw, expected):
    assert view(raw) == expected


def test_short_cover_lines_are_not_joined():
    # a title or cover-page field has no full stop but is not a sentence broken by a line end
    doc = txt("(2023 年度)\n\n部门单位名称（公章）：高新区民政局\n\n填报时间：2024 年 4 月 15 日\n")
    assert [s.text for s in doc.normalized.segments] == [
        "(2023年度)", "部门单位名称(公章):高新区民政局", "填报时间:2024年4月15日"]


@pytest.mark.parametrize("title", ["某县审计局2023年度部门整体支出绩效自评报告", "2023年度项目支出绩效自评表",
                                   "乌鲁木齐高新技术产业开发区民政局部门整体支出绩效评价报告（2023年度）"])
def test_a_long_title_is_not_joined_to_the_paragraph_after_it(title):
    doc = txt(f"{title}\n\n2023年度调整后预算为612.50万元，实际支出572.38万元。\n")
    assert [s.text for s in doc.normalized.segments][-1] == "2023年度调整后预算为612.50万元,实际支出572.38万元。"
    # while a long line broken mid-sentence still is
    assert len(txt("本年度我局认真落实上级关于预算绩效管理工作的部署要求并结合实际开展绩效自评工作\n\n共涉及项目 11 个。\n")
               .normalized.segments) == 1


def test_two_numbers_are_never_glued():
    assert view("各项指标的分值与得分分别列示如下\n\n7 7，合计 14 分。") == "各项指标的分值与得分分别列示如下7 7,合计14分。"
    assert view("| 分值 | 7<br>7 |\n") == "分值\n7 7"


def test_sentence_end_keeps_paragraphs_apart():
    doc = txt("第一段结束。\n\n第二段开始，数字 12 万元。")
    assert [s.text for s in doc.normalized.segments] == ["第一段结束。", "第二段开始,数字12万元。"]


def test_markdown_marks_dropped_and_mapped():
    doc = txt("### **3. 全年预算执行情况**\n\n全年预算数为 **7047.68** 万元，执行率为 52.39%。\n")
    assert doc.normalized.segments[0].text == "3.全年预算执行情况"
    assert doc.normalized.segments[1].text == "全年预算数为7047.68万元,执行率为52.39%。"
    assert original(doc, "7047.68") == ["7047.68"]
    assert original(doc, "52.39%") == ["52.39%"]


def test_markdown_is_only_stripped_from_text_exports():
    builder = DocumentBuilder("x.docx", "docx")
    builder.add(BlockKind.PARAGRAPH, [("代码 **不是** 标记", {"paragraph": 1, "offset": 0})])
    assert builder.build().normalized.text == "代码**不是**标记"


def test_full_width_figure_points_at_original_characters():
    doc = txt("预算执行率为５２．３９％，较上年提高。")
    assert original(doc, "52.39%") == ["５２．３９％"]
    (seg, i), = doc.normalized.find("52.39%")
    loc = doc.locate(*seg.original_range(i, i + 6))
    assert (loc.line, loc.column) == (1, 7)


def test_figure_split_over_paragraphs_maps_to_the_whole_original_stretch():
    doc = txt("本次评价保民生救助人数共计 3984\n\n人，完成率 107.68%。")
    assert original(doc, "3984人") == ["3984\n\n人"]


# Property: whatever the spacing and width, a figure is found in the view and maps back to itself.
_digits = st.text(alphabet="0123456789", min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(
    whole=_digits,
    frac=st.text(alphabet="0123456789", min_size=0, max_size=3),
    wide=st.booleans(),
    pad_before=st.sampled_from(["", " ", "  ", "\u3000", "\n\n"]),
    pad_after=st.sampled_from(["", " ", "\n\n"]),
    unit=st.sampled_from(["万元", "%", "人", "个项目"]),
)
def test_figure_round_trip(whole, frac, wide, pad_before, pad_after, unit):
    number = whole + ("." + frac if frac else "")
    written = fold(number) if not wide else "".join(chr(ord(c) + 0xFEE0) for c in number)
    text = f"本年度部门整体预算执行数为{pad_before}{written}{pad_after}{unit}，完成。"
    doc = txt(text)
    hits = doc.normalized.find(number + unit)
    assert len(hits) == 1
    seg, i = hits[0]
    s, e = seg.original_range(i, i + len(number) + len(unit))
    assert fold(doc.text[s:e]).replace(" ", "").replace("\n", "") == number + unit
    assert doc.text[s:e].startswith(written[0])


def test_fields_a_line_are_parted_as_by_a_semicolon():
    # a line break between two lines that each open with a field's label parts them; a title line before
    # the fields, and a line ending in punctuation, are joined as before
    doc = txt("调减数：7.54万元（压减公用经费）\n调整后预算数：418.66万元\n\n【指标2】资金发放及时率\n年度指标值：100%\n实际完成值：95%\n")
    assert [s.text for s in doc.normalized.segments] == [
        "调减数:7.54万元(压减公用经费);调整后预算数:418.66万元",
        "【指标2】资金发放及时率年度指标值:100%;实际完成值:95%"]
