"""The fact model: figures placed in the document with what they measure, and the structures over them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import display_path
from ..model import Document, Location
from .quantities import Quantity


@dataclass(eq=False)
class Figure:
    """A quantity found in the document, with its label and the concept it measures."""

    quantity: Quantity
    segment: int  # index in ``doc.normalized.segments``
    start: int  # original offsets (Document.text) of the number and its unit
    end: int
    label: str = ""  # the phrase that names what is measured, as normalised text
    concept: str | None = None  # canonical key, e.g. "execution_rate", "project.adjusted_budget"
    terms: frozenset[str] = frozenset()  # content bigrams of the label, for loose matching
    period: str | None = None  # None = this year's figure; "previous" | "midyear" | "other-year"
    year: int | None = None  # a year its clause or headers name (2022年度调整后预算…), if any
    negative: bool = False  # named by a decreasing verb (调减)
    table: int | None = None
    row: int | None = None
    col: int | None = None

    @property
    def value(self) -> Decimal:
        return self.quantity.value

    @property
    def unit(self) -> str:
        return self.quantity.unit

    @property
    def signed_base_value(self) -> Decimal:
        v = self.quantity.base_value
        return -v if self.negative else v

    def location(self, doc: Document) -> Location:
        return doc.locate(self.start, self.end)

    def to_json(self, doc: Document) -> dict:
        q = self.quantity
        return {
            "value": str(q.value),
            "decimals": q.decimals,
            "unit": q.unit,
            "dimension": q.dimension,
            "label": self.label,
            "concept": self.concept,
            "period": self.period,
            "approx": bool(q.approx),
            "approx_marks": sorted(q.approx),
            "comparator": q.comparator,
            "negative": self.negative,
            "location": self.location(doc).to_json(),
        }


@dataclass(eq=False)
class TextField:
    text: str  # normalised text
    start: int  # original offsets
    end: int

    def to_json(self, doc: Document) -> dict:
        return {"text": self.text, "location": doc.locate(self.start, self.end).to_json()}


INDICATOR_FIGURES = ("target", "midyear", "actual", "completion", "weight", "score")
INDICATOR_TEXTS = ("reason", "measure", "rule")


@dataclass(eq=False)
class Indicator:
    """A performance indicator (绩效指标) from a narrative section or a 自评表 row."""

    name: str
    source: str  # "narrative" | "table"
    start: int
    end: int
    number: str | None = None  # "指标六", or the row's ordinal
    comparator: str | None = None
    target: Figure | None = None
    midyear: Figure | None = None
    actual: Figure | None = None
    completion: Figure | None = None
    weight: Figure | None = None
    score: Figure | None = None
    reason: TextField | None = None
    measure: TextField | None = None
    rule: TextField | None = None  # how the score is worked out (a 自评表's 评分标准 cell)
    section: str = ""
    name_start: int | None = None
    name_end: int | None = None
    figures: list[Figure] = field(default_factory=list)  # every figure inside the indicator's text
    table: int | None = None  # a 自评表 row's table and row (1-based), as the document numbers them
    row: int | None = None
    # the indicator's other statement (its 自评表 row for a narrative one, and so on): one indicator told twice
    same: list["Indicator"] = field(default_factory=list, repr=False, compare=False)

    def to_json(self, doc: Document) -> dict:
        out: dict = {"name": self.name, "number": self.number, "source": self.source,
                     "comparator": self.comparator, "section": self.section}
        for key in INDICATOR_FIGURES:
            fig = getattr(self, key)
            out[key] = fig.to_json(doc) if fig else None
        for key in INDICATOR_TEXTS:
            text = getattr(self, key)
            out[key] = text.to_json(doc) if text else None
        out["location"] = doc.locate(self.start, self.end).to_json() | {"text": None}
        return out


@dataclass(eq=False)
class Enumeration:
    """A total with its listed parts (其中/分别/合计), or a count with its listed items."""

    kind: str  # "sum" | "count"
    total: Figure
    parts: list[Figure] = field(default_factory=list)
    items: list[TextField] = field(default_factory=list)  # for counts: the names listed
    source: str = "narrative"  # "narrative" | "table"

    def to_json(self, doc: Document) -> dict:
        return {
            "kind": self.kind,
            "source": self.source,
            "total": self.total.to_json(doc),
            "parts": [p.to_json(doc) for p in self.parts],
            "items": [i.to_json(doc) for i in self.items],
        }


@dataclass(eq=False)
class ReportFacts:
    unit: TextField | None = None
    # the unit the title opens with (东阳市数据资源管理局2023年度部门整体支出绩效自评报告), whether or not a field names one
    title_unit: TextField | None = field(default=None, repr=False)
    year: int | None = None
    year_field: TextField | None = None
    filled: TextField | None = None  # 填报时间 as written
    execution_score: Figure | None = None
    # the rate the execution score was read after, and the weight written between them, when stated
    execution_rate: Figure | None = field(default=None, repr=False)
    execution_weight: Figure | None = field(default=None, repr=False)
    total_score: Figure | None = None
    # every sentence of the narrative stating the evaluation's total (a summary and a conclusion may both)
    total_statements: list[Figure] = field(default_factory=list, repr=False)
    table_total: Figure | None = field(default=None, repr=False)  # the 得分 of a 自评表's 总分 row
    grade: TextField | None = None
    grade_key: str | None = None  # 优 | 良 | 中 | 差
    grade_statements: list = field(default_factory=list, repr=False)  # (TextField, key, segment) of each grade given

    def to_json(self, doc: Document) -> dict:
        return {
            "unit": self.unit.to_json(doc) if self.unit else None,
            "year": self.year,
            "filled": self.filled.to_json(doc) if self.filled else None,
            "execution_score": self.execution_score.to_json(doc) if self.execution_score else None,
            "total_score": self.total_score.to_json(doc) if self.total_score else None,
            "grade": self.grade.to_json(doc) if self.grade else None,
            "grade_key": self.grade_key,
        }


@dataclass(eq=False)
class Facts:
    doc: Document
    figures: list[Figure] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    enumerations: list[Enumeration] = field(default_factory=list)
    report: ReportFacts = field(default_factory=ReportFacts)

    def by_concept(self, concept: str) -> list[Figure]:
        return [f for f in self.figures if f.concept == concept]

    def to_json(self) -> dict:
        doc = self.doc
        return {
            "version": 1,
            "path": display_path(doc.path),
            "kind": doc.kind,
            "unit": self.report.unit.text if self.report.unit else None,
            "year": self.report.year,
            "quantities": [f.to_json(doc) for f in self.figures],
            "indicators": [i.to_json(doc) for i in self.indicators],
            "enumerations": [e.to_json(doc) for e in self.enumerations],
            "totals": {
                "execution_score": self.report.execution_score.to_json(doc) if self.report.execution_score else None,
                "total_score": self.report.total_score.to_json(doc) if self.report.total_score else None,
                "grade": self.report.grade.to_json(doc) if self.report.grade else None,
            },
            "report": self.report.to_json(doc),
        }
