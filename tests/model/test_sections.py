"""Headings from Chinese numbering and explicit marks, and the section path of every block."""

from __future__ import annotations

import pytest

from auditor.model import BlockKind
from auditor.model.sections import numbering_of
from auditor.readers.text import read_text


def blocks(text: str):
    doc = read_text("mem.txt", text.encode("utf-8"), "txt")
    return doc, [(b.kind, doc.block_text(b), b.section_path) for b in doc.blocks]


@pytest.mark.parametrize("line, style", [
    ("一、基本概况", "cn_dun"),
    ("（三）部门单位整体预算", "cn_paren"),
    ("(三) 部门单位整体预算", "cn_paren"),
    ("1. 年初预算安排情况", "arabic_dot"),
    ("2、组织机构", "arabic_dot"),
    ("（1）管理制度健全性", "arabic_paren"),
    ("(2) 本级财力项目", "arabic_paren"),
    ("①城市低保", "circled"),
    ("第一章 总则", "chapter"),
    ("指标一：学前教育毛入园率", "indicator"),
])
def test_numbering_styles(line, style):
    assert numbering_of(line).style == style


@pytest.mark.parametrize("line", ["1.5万元用于办公", "2023年度", "12345热线", "一般公共预算", "指标值为95%", "第2季度"])
def test_not_numbering(line):
    assert numbering_of(line) is None


def test_section_paths_follow_numbering_styles():
    doc, rows = blocks(
        "报告标题\n\n一、基本概况\n\n正文甲。\n\n（一）部门情况\n\n1. 职能\n\n正文乙。\n\n"
        "（二）重点工作\n\n正文丙。\n\n二、绩效分析\n\n（六）指标六：\n\n救助人数 3984 人。\n"
    )
    paths = {text: path for _, text, path in rows}
    assert paths["正文甲。"] == "一、基本概况"
    assert paths["正文乙。"] == "一、基本概况 › （一）部门情况 › 1. 职能".replace("1. ", "1.")
    assert paths["正文丙。"] == "一、基本概况 › （二）重点工作"
    assert paths["救助人数 3984 人。"] == "二、绩效分析 › （六）指标六"


def test_a_report_that_skips_levels_or_reorders_them():
    # arabic numbers directly under 一、, and （一） under 1. in another part: depth follows the order seen
    doc, rows = blocks("一、概况\n\n1. 职能\n\n正文。\n\n二、分析\n\n1. 指标\n\n（一）数量指标\n\n正文二。\n")
    paths = {text: path for _, text, path in rows}
    assert paths["正文。"] == "一、概况 › 1.职能"
    assert paths["正文二。"] == "二、分析 › 1.指标 › （一）数量指标"


def test_long_numbered_sentences_are_list_items_not_headings():
    doc, rows = blocks(
        "五、存在的主要问题\n\n1. 各业务科对绩效管理方面专业知识的系统性学习有待加强。各项项目指标的设置要进一步优化。\n\n"
        "(2) 本级财力项目：共计 3 个项目，本级财力全年总预算金额为 2245.80 万元，执行金额为 1200.01 万元。\n"
    )
    kinds = [k for k, _, _ in rows]
    assert kinds == [BlockKind.HEADING, BlockKind.LIST_ITEM, BlockKind.LIST_ITEM]
    assert all(path == "五、存在的主要问题" for _, _, path in rows[1:])


def test_markdown_headings_with_wrong_depth_follow_numbering():
    doc, rows = blocks("# 报告\n\n## 一、基本情况\n\n#### (一)部门\n\n## **(二)重点工作**\n\n正文。\n\n### **三、分析**\n\n正文二。\n")
    paths = {text: path for _, text, path in rows}
    assert paths["正文。"] == "一、基本情况 › (二)重点工作"
    assert paths["正文二。"] == "三、分析"


def test_unnumbered_title_starts_a_new_part():
    doc, rows = blocks("## 自评表\n\n一、甲\n\n正文。\n\n## 另一份报告\n\n正文二。\n\n一、乙\n\n正文三。\n")
    paths = {text: path for _, text, path in rows}
    assert paths["正文。"] == "一、甲"
    # an unnumbered heading after numbered ones is a (plain) section, not a title
    assert paths["正文二。"] == "一、甲 › 另一份报告"
    assert paths["正文三。"] == "一、乙"


def test_table_cells_belong_to_the_enclosing_section():
    doc, rows = blocks("三、自评表\n\n| 指标 | 分值 |\n|---|---|\n| 时效指标 | 10 |\n")
    cells = [(text, path) for kind, text, path in rows if kind == BlockKind.TABLE_CELL]
    assert (" 时效指标 ".strip(), "三、自评表") in [(t.strip(), p) for t, p in cells]
