"""Text and Markdown reports: encodings, positions, paragraphs, headings and pipe tables."""

from __future__ import annotations

import pytest

from auditor.errors import ReadError
from auditor.model import BlockKind
from auditor.readers import read_document


def read_txt(tmp_path, text: str):
    """The document a .txt file of ``text`` is read into."""
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    return read_document(str(path))


def blocks(tmp_path, text: str) -> list[str]:
    """The text of each block a .txt file of ``text`` is read into."""
    doc = read_txt(tmp_path, text)
    return [doc.block_text(b) for b in doc.blocks]


def table_cells(doc, numbered: bool = True) -> dict:
    """Each table cell's text by (table, row, col), or by (row, col) when ``numbered`` is false."""
    return {((b.table, b.row, b.col) if numbered else (b.row, b.col)): doc.block_text(b)
            for b in doc.iter_blocks(BlockKind.TABLE_CELL)}


REPORT = "三、部门单位整体支出绩效分析\n\n全年预算数为 7047.68 万元，执行金额为 4044.35 万元，执行率为 57.39%。\n"


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""), ("utf-16-le", b"\xff\xfe"),
])
def test_encodings(tmp_path, encoding, bom):
    path = tmp_path / "report.txt"
    path.write_bytes(bom + REPORT.encode(encoding))
    doc = read_document(str(path))
    assert doc.text == REPORT
    (seg, i), = doc.normalized.find("4044.35")
    loc = doc.locate(*seg.original_range(i, i + 7))
    # columns count characters after the BOM, lines are file lines
    assert (loc.line, loc.column, loc.text) == (3, 25, "4044.35")


def test_crlf_line_endings_keep_line_numbers(tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes(REPORT.replace("\n", "\r\n").encode("utf-8"))
    doc = read_document(str(path))
    assert doc.kind == "md"
    (seg, i), = doc.normalized.find("57.39%")
    assert doc.locate(*seg.original_range(i, i + 6)).line == 3


def test_nul_bytes_are_not_text(tmp_path):
    path = tmp_path / "bin.txt"
    path.write_bytes(b"abc\x00\x01\x02" * 10)
    with pytest.raises(ReadError) as err:
        read_document(str(path))
    assert err.value.code == "not-text"


def test_consecutive_lines_form_one_paragraph_and_numbered_lines_start_blocks(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("部门单位名称(公章): 高新区(新市区)  \n人力资源和社会保障局\n1. 职能\n正文。\n", encoding="utf-8")
    doc = read_document(str(path))
    texts = [(b.kind, doc.block_text(b)) for b in doc.blocks]
    assert texts[0] == (BlockKind.PARAGRAPH, "部门单位名称(公章): 高新区(新市区)  \n人力资源和社会保障局")
    # a short numbered line that ends like a title is a heading even without a blank line after it
    assert texts[1:] == [(BlockKind.HEADING, "1. 职能"), (BlockKind.PARAGRAPH, "正文。")]
    assert doc.blocks[2].section == ("1.职能",)  # section titles are cleaned of spaces
    assert [s.line for s in doc.blocks[0].spans] == [1, 2]


def test_heading_directly_followed_by_its_text(tmp_path):
    doc = read_txt(tmp_path, "二、预算执行情况\n调整后预算为100.00万元，实际支出90.00万元，预算执行率90.00%。\n"
                    "（一）基本支出\n基本支出50.00万元。\n")
    texts = [(b.kind, doc.block_text(b)) for b in doc.blocks]
    assert texts == [(BlockKind.HEADING, "二、预算执行情况"),
                     (BlockKind.PARAGRAPH, "调整后预算为100.00万元，实际支出90.00万元，预算执行率90.00%。"),
                     (BlockKind.HEADING, "（一）基本支出"), (BlockKind.PARAGRAPH, "基本支出50.00万元。")]
    assert doc.blocks[1].section == ("二、预算执行情况",)
    assert doc.blocks[3].section == ("二、预算执行情况", "（一）基本支出")


@pytest.mark.parametrize("heading", ["一、部门收支决算情况", "（二）存在的问题", "3.绩效目标"])
def test_a_title_then_a_sentence_opening_with_a_year(tmp_path, heading):
    assert blocks(tmp_path, f"{heading}\n2022年度本年收入合计865.42万元。\n") == [heading, "2022年度本年收入合计865.42万元。"]


@pytest.mark.parametrize("first", ["1. 我单位年初预算数为", "（1）本年度共发放资金", "2. 全年预算执行率达到",
                                   "3. 完成了以下工作：", "（二）预算执行情况，全年共支出 1200"])
def test_a_numbered_line_that_leads_on_keeps_its_next_line(tmp_path, first):
    doc = read_txt(tmp_path, f"{first}\n1200.00万元，较上年增长5%。\n")
    assert len(doc.blocks) == 1 and doc.blocks[0].kind != BlockKind.HEADING


def test_pipe_tables_become_cells_with_coordinates(tmp_path):
    path = tmp_path / "t.md"
    path.write_text(
        "一、自评表\n\n| 指标 | 分值 | 得分 |\n|------|:---:|---|\n| 时效指标 | 5 | 7<br>7 |\n|  | | |\n\n正文。\n",
        encoding="utf-8",
    )
    doc = read_document(str(path))
    cells = {(b.table, b.row, b.col): doc.block_text(b).strip() for b in doc.iter_blocks(BlockKind.TABLE_CELL)}
    assert cells == {(1, 1, 1): "指标", (1, 1, 2): "分值", (1, 1, 3): "得分",
                     (1, 2, 1): "时效指标", (1, 2, 2): "5", (1, 2, 3): "7<br>7"}
    five = next(b for b in doc.blocks if b.kind == BlockKind.TABLE_CELL and doc.block_text(b) == "5")
    loc = doc.locate(five.start, five.end)
    assert (loc.line, loc.column) == (5, 10)
    assert doc.text.split("\n")[4][9] == "5"
    assert doc.blocks[-1].kind == BlockKind.PARAGRAPH and doc.blocks[-1].section == ("一、自评表",)


def test_markdown_heading_is_a_heading_even_without_numbering(tmp_path):
    path = tmp_path / "h.md"
    path.write_text("# 高新区部门单位整体支出 绩效自评报告\n\n## 一、基本情况\n\n正文。\n", encoding="utf-8")
    doc = read_document(str(path))
    assert [b.kind for b in doc.blocks] == [BlockKind.HEADING, BlockKind.HEADING, BlockKind.PARAGRAPH]
    assert doc.blocks[0].level == 0 and doc.blocks[1].level == 1
    assert doc.blocks[2].section_path == "一、基本情况"


@pytest.mark.parametrize("bullet", ["• ", "● ", "- ", "* ", "·"])
def test_bulleted_lines_are_items_of_their_own(tmp_path, bullet):
    doc = read_txt(tmp_path, f"二、绩效指标\n{bullet}培训人次：权重15分，得分15分。\n{bullet}学员满意度：权重20分，得分20分，\n"
                    "第三行接着写。\n")
    texts = [doc.block_text(b) for b in doc.blocks]
    assert texts[1:] == [f"{bullet}培训人次：权重15分，得分15分。", f"{bullet}学员满意度：权重20分，得分20分，\n第三行接着写。"]


def test_a_line_ending_a_sentence_ends_its_paragraph(tmp_path):
    assert blocks(tmp_path, "四是定点医药机构现场检查覆盖率。计划为100%，实际100%。\n六是脱贫人口参保资助到位率。计划为100%，\n"
                          "实际100%。\n") == [
        "四是定点医药机构现场检查覆盖率。计划为100%，实际100%。", "六是脱贫人口参保资助到位率。计划为100%，\n实际100%。"]



def test_records_written_one_a_line_are_paragraphs_of_their_own(tmp_path):
    assert blocks(tmp_path, "年度绩效指标：\n"
                          "一级指标：产出指标；三级指标：监督抽检批次；实际完成值：4712批次；偏差原因：—\n"
                          "一级指标：产出指标；三级指标：快检批次；实际完成值：33580批次；偏差原因：—\n"
                          "项目资金：全年预算数405.00万元；全年执行数392.76万元\n"
                          "其中：市级财政资金：全年预算数360.00万元\n"
                          "其中：省级补助资金：全年预算数45.00万元\n") == [
        "年度绩效指标：\n一级指标：产出指标；三级指标：监督抽检批次；实际完成值：4712批次；偏差原因：—",
        "一级指标：产出指标；三级指标：快检批次；实际完成值：33580批次；偏差原因：—",
        "项目资金：全年预算数405.00万元；全年执行数392.76万元",
        "其中：市级财政资金：全年预算数360.00万元",
        "其中：省级补助资金：全年预算数45.00万元"]


def test_a_record_written_one_field_a_line_stays_one_paragraph(tmp_path):
    assert blocks(tmp_path, "【指标1】困难群众救助人数\n年度指标值：≥3000人\n实际完成值：3210人\n完成率：107%\n") == ["【指标1】困难群众救助人数\n年度指标值：≥3000人\n实际完成值：3210人\n完成率：107%"]


def test_a_short_field_line_before_a_line_of_prose_is_whole(tmp_path):
    assert blocks(tmp_path, "资金来源：县级财政资金和省级人工影响天气专项补助\n年初预算数86.50万元，调整数-8.70万元，调整后预算数78.70万元\n\n"
                          "资金使用范围：用于作业弹药购置、作业人员补助、作业点标准化建设和设备维护等方面的支出以及\n"
                          "人影作业安全管理\n") == [
        "资金来源：县级财政资金和省级人工影响天气专项补助", "年初预算数86.50万元，调整数-8.70万元，调整后预算数78.70万元",
        # (a long line is wrapped: the next one goes on with it)
        "资金使用范围：用于作业弹药购置、作业人员补助、作业点标准化建设和设备维护等方面的支出以及\n人影作业安全管理"]


def test_rows_with_bars_but_no_outer_bars_are_a_table(tmp_path):
    doc = read_txt(tmp_path, "四、绩效自评得分\n序号 | 指标名称 | 分值 | 实际完成值 | 得分\n1 | 预算执行率 | 10 | 86.96% | 8.70\n"
                    "2 ｜ 核酸检测样本数 ｜ 8 ｜ 138.6万份 ｜ 8\n合计 | | 100 | | 88.54\n自评得分88.54分。\n")
    cells = table_cells(doc)
    assert cells[(1, 1, 2)] == "指标名称" and cells[(1, 2, 4)] == "86.96%" and cells[(1, 3, 2)] == "核酸检测样本数"
    assert (1, 4, 2) not in cells and cells[(1, 4, 5)] == "88.54" and len(cells) == 18  # an empty cell is no block
    loc = doc.locate(doc.text.index("8.70"), doc.text.index("8.70") + 4)
    assert (loc.line, loc.row, loc.col) == (3, 2, 5)
    assert doc.block_text(doc.blocks[-1]) == "自评得分88.54分。"


def test_lines_of_bar_parted_fields_stay_text_one_block_per_indicator(tmp_path):
    """"指标1 预算执行率｜分值10｜…": each field labels itself, no header row; each indicator's line is a
    block of its own, whatever the line before it ended with."""
    path = tmp_path / "r.txt"
    lines = ["指标1 预算执行率｜分值10｜年度指标值100%｜实际完成值93.47%｜得分9.35",
             "指标2 困难残疾人生活补贴发放人次｜分值10｜年度指标值≥3.6万人次｜实际完成值3.62万人次｜得分10",
             "指标十一 残疾人及亲属满意度｜分值10｜年度指标值≥90%｜实际完成值94.3%｜得分10"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_document(str(path))
    assert not list(doc.iter_blocks(BlockKind.TABLE_CELL))
    assert [doc.block_text(b) for b in doc.blocks] == lines
    assert len(doc.normalized.segments) == 3


def test_tab_separated_rows_are_a_table(tmp_path):
    doc = read_txt(tmp_path, "填报单位：\t某县自然资源局\n\n序号\t指标名称\t完成率\t得分\n1\t不动产登记办理量\t105.70%\t45\n"
                    "2\t历史遗留问题化解数量\t85.00%\t38.25\n\n正文。\n")
    cells = table_cells(doc)
    assert cells[(1, 1, 2)] == "指标名称" and cells[(1, 3, 4)] == "38.25" and len(cells) == 12
    loc = doc.locate(doc.text.index("38.25"), doc.text.index("38.25") + 5)
    assert (loc.line, loc.column, loc.row, loc.col) == (5, 21, 3, 4)
    # a single tabbed line is a field and its value, not a table
    assert doc.block_text(doc.blocks[0]) == "填报单位：\t某县自然资源局"


def test_columns_aligned_with_spaces_are_a_table(tmp_path):
    doc = read_txt(tmp_path, "（三）项目支出明细\n项目名称  年初预算  全年预算  支出数  执行率\n城市道路及桥梁日常维护  686.00  686.00  679.20  99.01%\n"
                    "　　路灯节能改造　　180.00　　60.00　　58.90　　98.17%\n合计  866.00  746.00  738.10  98.94%\n"
                    "主管部门：某市住房和城乡建设局　　实施单位：某市市政设施管理处\n全年支出738.10万元。\n")
    cells = table_cells(doc)
    assert cells[(1, 1, 1)] == "项目名称" and cells[(1, 2, 4)] == "679.20" and cells[(1, 3, 1)] == "路灯节能改造"
    assert cells[(1, 4, 5)] == "98.94%" and len(cells) == 20
    loc = doc.locate(doc.text.index("679.20"), doc.text.index("679.20") + 6)
    assert (loc.line, loc.column, loc.row, loc.col) == (3, 30, 2, 4)
    # one gap is two fields of a cover, and prose is prose
    assert doc.blocks[-1].kind != BlockKind.TABLE_CELL
    assert doc.block_text(doc.blocks[-1]).startswith("主管部门：某市住房和城乡建设局　　实施单位：")


def test_a_wide_spaced_tables_rows_stand_under_the_headers_they_line_up_with(tmp_path):
    """Rows of a 自评表 aligned with spaces that leave the 一级/二级指标 cells empty (a Chinese character takes two
    columns): each field goes under the header it starts under."""
    doc = read_txt(tmp_path, "一级指标    二级指标        三级指标              年度指标值   实际完成值   完成率   分值  得分\n"
        "产出指标    数量指标        门急诊人次            ≥20万人次    20.35万人次  101.75%  10    10.00\n"
        "                            出院人次              ≥13,000人次  12,846人次   98.82%   10    9.88\n"
        "            质量指标        平均住院日            ≤9天         8.3天        100.00%  10    10.00\n"
        "合计                                                                                 30    29.88\n")
    cells = table_cells(doc, numbered=False)
    assert cells[(3, 3)] == "出院人次" and cells[(3, 7)] == "10" and cells[(3, 8)] == "9.88"
    assert cells[(4, 2)] == "质量指标" and cells[(4, 8)] == "10.00" and (4, 1) not in cells
    assert cells[(5, 1)] == "合计" and cells[(5, 7)] == "30" and cells[(5, 8)] == "29.88"


def test_a_spaced_rows_fewer_fields_stand_under_the_headers_they_line_up_with(tmp_path):
    """A 小计 row that leaves 序号 and 执行率 empty, and a 合计 row whose 总分 stands under 完成率: the figures go
    under the headers they end under (right-aligned), the words under the ones they start under."""
    doc = read_txt(tmp_path, "序号  项目名称                        全年预算        支出数   执行率\n"
        "1     法律援助经费                1,200,000.00  1,146,800.00   95.57%\n"
        "2     人民调解以案定补经费          860,000.00    842,650.00   97.98%\n"
        "      小计                        2,060,000.00  1,989,450.00\n\n"
        "三级指标                    分值  年度指标值  实际完成值  完成率    得分\n"
        "办理法律援助案件数            10  ≥580件      612件       105.52%     10\n"
        "普法宣传活动场次               8  ≥120场      108场       90.00%    7.20\n"
        "合计                          18                          总分     17.20\n")
    cells = table_cells(doc)
    assert cells[(1, 4, 2)] == "小计" and cells[(1, 4, 3)] == "2,060,000.00" and cells[(1, 4, 4)] == "1,989,450.00"
    assert (1, 4, 5) not in cells
    assert cells[(2, 4, 1)] == "合计" and cells[(2, 4, 2)] == "18" and cells[(2, 4, 5)] == "总分" \
        and cells[(2, 4, 6)] == "17.20"


def test_two_tab_separated_columns_under_a_header_are_a_table(tmp_path):
    doc = read_txt(tmp_path, "收支情况如下表（单位：万元）：\n项目\t金额\n本年收入合计\t8,100.00\n其他收入\t300.00\n"
                    "本年支出合计\t7,759.80\n填报单位：\t某县交通运输局\n\n联系人：\t张三\n电话：\t0731-1234567\n")
    cells = table_cells(doc)
    assert cells[(1, 1, 2)] == "金额" and cells[(1, 4, 1)] == "本年支出合计" and cells[(1, 5, 2)] == "某县交通运输局"
    assert len(cells) == 10  # (two field lines after a blank line stay fields)


def test_an_indented_line_after_a_semicolon_goes_on_with_its_list(tmp_path):
    doc = read_txt(tmp_path, "2. 项目支出4,114.16万元，其中：医疗设备购置1,386.40万元；住院楼改造1,520.00万元；\n"
                    "   中医药传承创新能力建设468.56万元；基本公共卫生服务739.20万元。\n"
                    "指标名称：门急诊人次；\n"
                    "  目标值：≥20万人次\n")
    texts = [doc.block_text(b) for b in doc.blocks]
    assert len(texts) == 3 and texts[0].endswith("基本公共卫生服务739.20万元。")


def test_a_spaced_first_line_with_figures_is_no_header(tmp_path):
    doc = read_txt(tmp_path, "全年预算  686.00  执行  679.20\n基本支出  420.00  执行  415.00\n")
    assert not list(doc.iter_blocks(BlockKind.TABLE_CELL))


def test_a_short_total_row_under_figure_columns_keeps_its_figures_right(tmp_path):
    """"合计\\t\\t\\t100\\t99.18" under six headers ending in 得分: 100 is the weights' total, 99.18 the scores'."""
    doc = read_txt(tmp_path, "一级指标\t三级指标\t年度指标值\t实际完成值\t权重\t得分\n"
                    "预算执行\t预算执行率\t100%\t98.03%\t10\t9.80\n"
                    "产出指标\t代表履职培训人次\t≥480人次\t450人次\t90\t89.38\n"
                    "合计\t\t\t100\t99.18\n")
    cells = table_cells(doc, numbered=False)
    assert cells[(4, 1)] == "合计" and cells[(4, 5)] == "100" and cells[(4, 6)] == "99.18"


def test_a_short_row_under_a_text_column_stays_as_written(tmp_path):
    doc = read_txt(tmp_path, "三级指标\t分值\t得分\t偏差原因\n培训人次\t50\t48\t部分学员缺考\n满意度\t50\t50\t无\n"
                    "合计\t100\t98\n")
    cells = table_cells(doc, numbered=False)
    assert cells[(4, 2)] == "100" and cells[(4, 3)] == "98"


def test_a_grid_table_is_one_table_past_its_rule_lines(tmp_path):
    """"+----+----+" above, between and below the rows (and "+====+" under the header): one table, the header
    its first row, and no rule line read as text."""
    doc = read_txt(tmp_path, "四、项目绩效自评表\n\n"
                   "+----------+----------+------+\n"
                   "| 三级指标 | 年度指标值 | 得分 |\n"
                   "+==========+==========+======+\n"
                   "| 预算执行率 | 100% | 9.77 |\n"
                   "+----------+----------+------+\n"
                   "| 医疗机构覆盖率 | ≥95% | 10 |\n"
                   "+----------+----------+------+\n\n"
                   "五、结论\n")
    cells = table_cells(doc)
    assert cells[(1, 1, 2)] == "年度指标值" and cells[(1, 2, 3)] == "9.77" and cells[(1, 3, 1)] == "医疗机构覆盖率"
    assert not any("+---" in doc.block_text(b) for b in doc.blocks)


def test_a_note_under_a_spaced_row_goes_on_with_its_last_cell(tmp_path):
    """An indented line of one field under a row of a space-aligned table ("改进措施：…") is the row's note: the
    table goes on after it, and the note is part of the row's last cell."""
    doc = read_txt(tmp_path, "三级指标            年度指标值   实际完成值   完成率    分值  得分   偏差原因\n"
        "新建村级服务点      ≥40个        36个         90.00%    10    9.00   2个村选址调整\n"
        "                    改进措施：提前开展选址论证\n"
        "服务点运行率        ≥95%         97.2%        102.32%   10    10.00  —\n"
        "群众满意度          ≥90%         92.4%        102.67%   10    10.00  —\n\n"
        "一、其他说明\n")
    cells = table_cells(doc)
    assert cells[(1, 3, 1)] == "服务点运行率" and cells[(1, 4, 6)] == "10.00"
    assert cells[(1, 2, 7)].startswith("2个村选址调整") and cells[(1, 2, 7)].endswith("改进措施：提前开展选址论证")
    assert doc.blocks[-1].kind == BlockKind.HEADING or doc.blocks[-1].kind == BlockKind.PARAGRAPH
    loc = doc.locate(doc.text.index("提前开展"), doc.text.index("提前开展") + 4)
    assert (loc.line, loc.row, loc.col) == (3, 2, 7)


def test_an_indented_line_after_a_spaced_tables_last_row_is_no_note(tmp_path):
    doc = read_txt(tmp_path, "三级指标            年度指标值   实际完成值   完成率    分值  得分\n"
        "服务点运行率        ≥95%         97.2%        102.32%   10    10.00\n"
        "群众满意度          ≥90%         92.4%        102.67%   10    10.00\n"
        "    注：满意度由第三方调查取得。\n")
    cells = table_cells(doc)
    assert all("注：" not in text for text in cells.values())
    assert doc.block_text(doc.blocks[-1]) == "注：满意度由第三方调查取得。"


def test_two_cells_parted_by_one_space_under_two_headers(tmp_path):
    """"满意度指标 服务对象满意度": a category name that fills its column leaves one space before the next cell."""
    doc = read_txt(tmp_path, "一级指标   三级指标                年度指标值   实际完成值   分值   得分\n"
        "产出指标   新建村级服务点          ≥40个        36个         10     9.00\n"
        "满意度指标 服务对象满意度          ≥90%         92.4%        10     10.00\n")
    cells = table_cells(doc, numbered=False)
    assert cells[(3, 1)] == "满意度指标" and cells[(3, 2)] == "服务对象满意度" and cells[(3, 6)] == "10.00"


@pytest.mark.parametrize("sep", ["\t", "    "])
def test_a_header_of_other_columns_under_rows_of_figures_starts_a_table(tmp_path, sep):
    rows = [["资金情况(万元)", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"],
            ["年度资金总额", "300.00", "385.00", "357.50", "92.86%", "9.29"],
            ["一级指标", "分值", "得分"],
            ["产出指标", "50", "46.95"],
            ["总分", "100", "95.53"]]
    doc = read_txt(tmp_path, "".join(sep.join(r) + "\n" for r in rows))
    cells = table_cells(doc)
    assert cells[(1, 2, 6)] == "9.29" and (1, 3, 1) not in cells
    assert cells[(2, 1, 1)] == "一级指标" and cells[(2, 3, 3)] == "95.53"


def test_rows_of_text_with_fewer_fields_stay_in_their_table(tmp_path):
    doc = read_txt(tmp_path, "指标名称    偏差原因    改进措施\n新建服务点    选址调整    提前论证\n"
                             "培训人次    汛期抢险    线上补训\n服务满意度    —    \n")
    cells = table_cells(doc)
    assert {k[0] for k in cells} == {1} and cells[(1, 3, 2)] == "汛期抢险"


def test_a_spaced_header_leaving_the_label_column_unnamed(tmp_path):
    """"              年初预算  调整数 …" over rows that open with their label: the header's fields stand one
    column to the right."""
    doc = read_txt(tmp_path, "              年初预算     调整数     全年预算     支出数      执行率\n"
        "  基本支出    2,614.30       0.00     2,614.30    2,598.72     99.40%\n"
        "  项目支出      672.45     182.40       854.85      786.43     92.00%\n"
        "  合    计    3,286.75     182.40     3,469.15    3,385.15     97.58%\n")
    cells = table_cells(doc)
    assert cells[(1, 1, 2)] == "年初预算" and cells[(1, 1, 6)] == "执行率" and (1, 1, 1) not in cells
    assert cells[(1, 3, 1)] == "项目支出" and cells[(1, 3, 6)] == "92.00%" and cells[(1, 4, 5)] == "3,385.15"


def test_a_short_total_row_under_headers_ending_in_two_text_columns(tmp_path):
    doc = read_txt(tmp_path, "一级指标\t三级指标\t完成率\t分值\t得分\t偏差原因\t改进措施\n"
                             "产出指标\t参保人数\t98.50%\t50\t49.25\t外出务工\t扩面\n"
                             "效益指标\t激活率\t81.24%\t50\t40.62\t老年人多\t宣传\n"
                             "合计\t100\t89.87\n")
    cells = table_cells(doc)
    assert cells[(1, 4, 1)] == "合计" and cells[(1, 4, 4)] == "100" and cells[(1, 4, 5)] == "89.87"
