"""Run every extractor over a document once and assemble its ``Facts``."""

from __future__ import annotations

from ..model import Document
from .enumerations import (classified_lists, continued_lists, count_enumerations, counted_lists, parts_before_total,
                           scores_in_other_tables, sum_enumerations, table_enumerations)
from .facts import Facts, Figure
from .figures import cell_figures, narrative_segments, parts_named_by_their_sum, segment_figures
from .indicators import heading_reasons, narrative_indicators, same_indicators, table_indicators
from .lexicon import key_terms, lexicon, normalized_label
from .report import report_facts, report_year
from .tables import build_tables
from .titles import project_names, project_report


def _name_actual_values(indicators) -> None:
    """An indicator's actual value labelled by a generic phrase ("年末实际完成12,860人次") measures what
    the indicator names: label it so, so that the figure meets its other statements."""
    lex = lexicon()
    shortest = lex.raw["labels"]["min_chars"]
    for ind in indicators:
        fig = ind.actual
        if fig is None or fig.concept or not ind.name or fig.table is not None:
            continue
        rest = lex.without_filler(normalized_label(fig.label))
        if len(rest) < shortest <= len(normalized_label(ind.name)):
            fig.label, fig.terms = ind.name, key_terms(ind.name)


def extract(doc: Document) -> Facts:
    facts = Facts(doc=doc)
    by_segment: dict[int, list[Figure]] = {}
    own_names = project_names(doc)
    for index, seg in narrative_segments(doc):
        figs = segment_figures(doc, index, seg, own_names)
        if figs:
            by_segment[index] = figs
    tables = build_tables(doc)
    by_cell: dict[tuple[int, int, int], list[Figure]] = {}
    for table in tables:
        for fig in cell_figures(doc, table):
            by_cell.setdefault((fig.table, fig.row, fig.col), []).append(fig)
            by_segment.setdefault(fig.segment, []).append(fig)
    facts.figures = sorted((f for figs in by_segment.values() for f in figs), key=lambda f: (f.start, f.end))
    if own_names or project_report(doc):
        for fig in facts.figures:  # a project's report: its 项目支出 is the whole report's spending
            if fig.concept and fig.concept.startswith("project."):
                fig.concept = fig.concept.removeprefix("project.")
    parts_named_by_their_sum(doc, facts.figures)  # "基本支出842.50万元、项目支出517.50万元" adding up to the budget
    facts.indicators = narrative_indicators(doc, by_segment) + table_indicators(doc, tables, by_cell)
    facts.indicators.sort(key=lambda i: i.start)
    heading_reasons(doc, facts.indicators)
    same_indicators(facts.indicators)
    _name_actual_values(facts.indicators)
    for index, seg in narrative_segments(doc):
        figs = by_segment.get(index, [])
        facts.enumerations.extend(sum_enumerations(seg, figs))
        facts.enumerations.extend(parts_before_total(seg, figs))
        facts.enumerations.extend(count_enumerations(seg, figs))
    continued = continued_lists(doc, by_segment)  # a 其中 list running on over the next paragraphs
    listed = {id(e.total) for e in continued}
    facts.enumerations = [e for e in facts.enumerations if id(e.total) not in listed] + continued
    facts.enumerations.extend(counted_lists(doc, by_segment, facts.figures, facts.enumerations))  # "项目支出共6项，其中：A…，B…"
    facts.enumerations.extend(classified_lists(doc, by_segment, facts.figures))  # "按功能分类，支出分别为：…"
    for table in tables:
        facts.enumerations.extend(table_enumerations(table, by_cell))
    scores_in_other_tables(facts.enumerations, tables, by_cell, facts.figures)
    facts.enumerations.sort(key=lambda e: e.total.start)
    year = report_year(doc)
    if year:
        # A figure its clause dates to another year than the report's (2022年度调整后预算 in a 2023
        # report) is not this year's figure, however its label reads; nor is a score after it this
        # year's execution score ("2020年…执行率95.66%，…得分96.12分"), so this comes before the report's facts
        for fig in facts.figures:
            if fig.period is None and fig.year is not None and fig.year != year[0]:
                fig.period = "other-year"
    facts.report = report_facts(doc, facts.figures, year)
    return facts
