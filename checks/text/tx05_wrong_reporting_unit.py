"""TX05: the unit named in the title, a table header or 填报单位 is not the unit the report is about."""

from __future__ import annotations

import re
from collections import Counter

from auditor.extract.lexicon import ORGANISATION_ENDINGS
from auditor.extract.places import find_places, in_partner_sentence
from auditor.extract.titles import project_report
from auditor.model import BlockKind
from auditor.model.normalize import fold
from auditor.registry import check

# What an organisation's name ends with: 民政局, 财政局, 人民政府, 红十字会 …
_ORGANISATION = re.compile(rf"[\u4e00-\u9fff]{{0,12}}?(?:人民政府|{ORGANISATION_ENDINGS})")


# A bureau's own team or branch named after it: 公安局交通管理大队, 公安局巡特警大队, 生态环境局高新分局
_SUBUNIT = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:大队|支队|中队|分局|派出所)")


def _organisations(text: str):
    """(place mention, organisation suffix, start, end) for names such as 高邑县民政局 and
    高新区（新市区）民政局 (a closing bracket may stand between the place and the department), a
    bureau's team or branch named with it (南部县公安局交通管理大队)."""
    out = []
    for place in find_places(text):
        after = place.end + (1 if text[place.end:place.end + 1] in ")）" else 0)
        m = _ORGANISATION.match(text, after)
        if m and m.end() - after <= 12:
            end = m.end()
            if m.group().endswith("局") and (sub := _SUBUNIT.match(text, end)):
                end = sub.end()
            out.append((place, text[after:end], place.start, end))
    return out


# An organisation the unit reports to or is approved by (经…批复, 向…报送) is an object of the report's
# sentences, not its subject, however often it is named; so are the finance and audit authorities
# every budget passes through, unless the unit is one of them.
_OBJECT_BEFORE = re.compile(r"(?:经|向|由|报送|上报|提交|报请|呈报|送|报|请|按)$")
_OBJECT_AFTER = re.compile(r"^(?:的)?(?:批复|审核|审批|核准|核定|下达|备案|同意|拨付|批准|报送|所属|下属|直属|管理的)")
_AUTHORITIES = ("财政", "审计")


def _is_object(text: str, start: int, end: int) -> bool:
    if text[max(0, start - 1):start] == "由" and _CARRIES_OUT.match(text, end):
        return False  # "项目由滕州市城市管理局组织实施": who does the work
    return bool(_OBJECT_BEFORE.search(text[max(0, start - 2):start]) or _OBJECT_AFTER.match(text[end:end + 4]))


_CARRY_OUT = r"(?:牵头|负责)?(?:组织)?实施"
_CARRIES_OUT = re.compile(rf"{_CARRY_OUT}|负责")


# A cover's 主管部门 names the department above the unit, not the unit: a report of 元氏县妇幼保健院 under
# 主管部门：元氏县卫生健康局 is about one of that department's own institutions (a 院, 中心, 所 … of its
# county), whereas another department of the county (元氏县财政局) is still not its report.
_PARENT_LABEL = re.compile(r"主管(?:部门|单位)\s*(?:[(（][^)）]{0,4}[)）])?\s*[:：|]?\s*$")
_DEPARTMENT_SUFFIXES = ("局", "委员会", "委", "办公室", "政府", "厅")


def _declared_as_parent(ctx, unit) -> bool:
    return bool(_PARENT_LABEL.search(ctx.doc.text[max(0, unit.start - 16):unit.start]))


# A unit named twice is enough when the body is plainly about its county: a title and header copied onto
# another county's report leave the body naming that county over and over (its 低保对象, its 镇) and the
# declared one at most once more (the copied title).
_ELSEWHERE_MENTIONS = 4


def _body_of_elsewhere(ctx, unit, other: str, declared_places) -> bool:
    own_names = {p.name for p in declared_places}
    own = elsewhere = 0
    for seg in ctx.doc.normalized.segments:
        for place in find_places(seg.text):
            start, end = seg.original_range(place.start, place.end)
            if (start < unit.end and end > unit.start) or in_partner_sentence(seg.text, place.start, place.end):
                continue
            own += place.name in own_names
            elsewhere += place.name == other
    return own <= 1 and elsewhere >= _ELSEWHERE_MENTIONS


# A project report that says which department owns or carries out the project: "县住房和城乡建设局为项目主管部门",
# "项目实施单位为县水利局". Its header should name that department (or another the body names).
_ROLES = r"(?:主管部门|主管单位|实施单位|实施主体|责任单位|牵头单位)"
_ROLE_ORG = rf"[\u4e00-\u9fff()（）]{{2,16}}?(?:{ORGANISATION_ENDINGS})"
_ROLE_AFTER = re.compile(rf"(?P<org>{_ROLE_ORG})(?:为|是|作为)(?:本|该)?项目(?:的)?{_ROLES}")
_ROLE_BEFORE = re.compile(rf"(?:项目(?:的)?{_ROLES}\s*(?:为|是|[:：])|{_ROLES}\s*[:：|｜,，])\s*(?P<org>{_ROLE_ORG})"
                          rf"(?=[,，。;；、\s和及|｜]|{_ROLES}|$)")  # (or a field of its own: "主管部门 | 巫溪县教育委员会")
# "…项目由滕州市城市管理局组织实施"
_ROLE_BY = re.compile(rf"项目由(?P<org>{_ROLE_ORG}){_CARRY_OUT}")


def _project_owners(ctx, unit, sentences_only: bool = False) -> list[tuple[str, tuple[int, int]]]:
    """Who the project report says owns or carries out the project (not in a field of its header, with
    ``sentences_only``: "项目实施单位：…" beside 填报单位 names the unit working for the one filing)."""
    out = []
    for seg in ctx.doc.normalized.segments:
        for pattern in (_ROLE_AFTER, _ROLE_BY) if sentences_only else (_ROLE_AFTER, _ROLE_BEFORE, _ROLE_BY):
            for m in pattern.finditer(seg.text):
                start, end = seg.original_range(m.start("org"), m.end("org"))
                if not (start < unit.end and end > unit.start):
                    out.append((m.group("org"), (start, end)))
    if not sentences_only:
        out += _role_cells(ctx.doc)
    return out


_ROLE_CELL = re.compile(rf"^(?:项目)?{_ROLES}\s*[:：]?$")


def _role_cells(doc) -> list[tuple[str, tuple[int, int]]]:
    """A 自评表's field of the project's department ("主管部门 | 巫溪县教育委员会"): the cell after the field's name."""
    cells = {(b.table, b.row, b.col): b for b in doc.blocks if b.kind == BlockKind.TABLE_CELL}
    out = []
    for (table, row, col), block in cells.items():
        field = fold(doc.block_text(block)).strip()
        if _ROLE_CELL.match(field) and (value := cells.get((table, row, col + 1))):
            text = fold(doc.block_text(value)).strip()
            if re.fullmatch(_ROLE_ORG, text):
                out.append((0 if "主管" in field else 1, text, (value.start, value.end)))
    return [(text, where) for _, text, where in sorted(out, key=lambda o: o[0])]  # (the department over it first)


def _owns_the_project(ctx, unit, suffix: str, sentences_only: bool = False) -> bool:
    """Whether a project report says the organisation of ``suffix`` owns or carries out the project."""
    return project_report(ctx.doc) and any(org.endswith(suffix) for org, _ in _project_owners(ctx, unit, sentences_only))


def _owner_elsewhere(ctx, unit, declared_suffixes) -> tuple[str, tuple[int, int]] | None:
    """The department a project report says owns or carries out the project, when the header names
    another kind of department that the body never names."""
    if not project_report(ctx.doc):
        return None
    owners = _project_owners(ctx, unit)
    if any(org.endswith(s) for org, _ in owners for s in declared_suffixes):
        return None
    text = ctx.doc.text
    if any(text.count(s) > text[unit.start:unit.end].count(s) for s in declared_suffixes):
        return None  # the header's department is named in the body too
    # (a government or its finance bureau over the project says nothing of who carries it out; nor does the
    # 主管部门 over an institution filing its own report: 项目单位：…服务中心 / 主管部门：…住房和城乡建设局)
    institution = not unit.text.strip().endswith(_DEPARTMENT_SUFFIXES)
    owners = [(org, where) for org, where in owners if not org.endswith("政府") and "财政" not in org
              and not (institution and "主管" in ctx.doc.text[max(0, where[0] - 10):where[0]])]
    return owners[0] if owners else None


def _most_specific(places):
    counties = [p for p in places if p.level == "county"]
    return counties or places


@check(
    code="TX05",
    name="wrong-reporting-unit",
    severity="error",
    summary="The reporting unit named in the header (填报单位, title) differs from the unit the report's figures are about.",
    rationale=(
        "The 填报单位 on a 自评表 or the unit in the title is who answers for the figures. When it names "
        "another department (海口市民政局 on a table whose figures are those of 高邑县民政局), the table was "
        "copied from another report and the finance bureau files it under the wrong unit. The same unit "
        "written in long and short forms (乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）民政局 / 高新区（新市区）"
        "民政局) is recognised through the divisions it names."
    ),
    bad="填报单位：海口市民政局\n\n高邑县民政局2021年度整体支出绩效自评报告\n\n高邑县民政局2021年度决算支出6696.24万元，高邑县民政局全年完成各项工作。",
    good="填报单位：高邑县民政局\n\n高邑县民政局2021年度整体支出绩效自评报告\n\n高邑县民政局2021年度决算支出6696.24万元，高邑县民政局全年完成各项工作。",
    known_problems=(
        "Needs the unit's name to start with a division name (省/市/县/区); units named only by a nickname are "
        "not compared. Organisations named as approvers or recipients (经…批复, 向…报送), the finance and audit "
        "authorities (unless the unit is one) and partners in a sentence about aid or joint work (对口支援, 帮扶, "
        "联合, 会同, 配合 …) are not counted. A header that names the 主管部门 admits an institution of that "
        "department's own division (院, 中心, 所) as the report's subject. Another unit named only twice is "
        "reported only when the body names its division at least four times and the declared one at most once. "
        "A department's report whose title opens with another unit than 填报单位 names is that unit's when the "
        "body never names the declared one; a project's title may name the unit carrying it out. A bureau's team "
        "or branch named after it (公安局交通管理大队, 生态环境局高新分局) is a unit of its own; the bureau itself "
        "may head its team's report. A project report whose body never names the header's department is "
        "reported when it says another department owns or carries out the project (X为项目主管部门, a field of its own "
        "such as 主管部门 | X — reported whatever else the body names when it is the 主管部门, "
        "项目实施单位为X, 项目由X组织实施; a government or finance bureau over it does not count), and so is one "
        "whose body names such a department once more (its 落款)."
    ),
)
def wrong_reporting_unit(ctx):
    report = ctx.report()
    if report.unit is None:
        return
    declared = _organisations(report.unit.text)
    if not declared:
        return
    declared_suffixes = {suffix for _, suffix, _, _ in declared}
    authority = any(a in suffix for suffix in declared_suffixes for a in _AUTHORITIES)
    body = Counter()
    where, mention = {}, {}
    for seg in ctx.doc.normalized.segments:
        for place, suffix, s, e in _organisations(seg.text):
            start, end = seg.original_range(s, e)
            if start < report.unit.end and end > report.unit.start:
                continue  # the header itself
            key = (place.name, suffix)
            if (place.name, suffix) not in {(p.name, x) for p, x, _, _ in declared} and (
                    _is_object(seg.text, s, e) or in_partner_sentence(seg.text, s, e)
                    or (not authority and any(a in suffix for a in _AUTHORITIES))):
                continue  # an authority, a partner from elsewhere: named, but not the subject
            body[key] += 1
            where.setdefault(key, seg.original_range(s, e))
            mention.setdefault(key, place)
    owner = _owner_elsewhere(ctx, report.unit, declared_suffixes)
    if not body or (owner is not None and owner[1] in where.values()
                    and "主管" in ctx.doc.text[max(0, owner[1][0] - 10):owner[1][0]]):
        # (or named as the project's 主管部门 in a field of its own, "主管部门 | X", however often the body names it)
        if owner is not None:
            name, (org, where_owner) = report.unit.text, owner
            ctx.finding(
                ctx.t(f"填报单位为“{name}”，但报告称项目由“{org}”主管或实施",
                      f"the reporting unit is '{name}' but the report says '{org}' owns or carries out the project"),
                locations=[(report.unit.start, report.unit.end), where_owner],
                expected=org,
            )
        return
    (top_place, top_suffix), count = body.most_common(1)[0]
    declared_places = _most_specific([p for p, _, _, _ in declared])
    declared_names = {(p.name, suffix) for p, suffix, _, _ in declared}
    # the unit the header declares is itself named in the body: the other unit is a partner or a
    # subject of the report (东西部协作, a 上级 department), not a wrong header
    if sum(body[key] for key in declared_names) >= 2:
        return
    # a department's report whose title opens with another unit than 填报单位 names (永丰县机关事务服务中心2025年度
    # 部门整体支出…, 填报单位：永丰县房产服务中心) says whose report it is, when the body never names the declared
    # unit (a project's title may name the unit carrying it out, its 填报单位 the department owning it)
    named = _organisations(report.title_unit.text) if report.title_unit is not None else []
    # (the county's unit in "桂林市七星区市场监督管理局", not the city's; shown in full)
    titled = [o for o in named if o[0].level == "county"][:1] or named[:1]
    titled_key = (titled[0][0].name, titled[0][1]) if titled else None
    by_title = titled_key in body and titled_key not in declared_names and not project_report(ctx.doc) \
        and not any(body[key] for key in declared_names)
    if by_title:
        (top_place, top_suffix), count = titled_key, body[titled_key]
    elif count < 3 and not (count == 2 and (_body_of_elsewhere(ctx, report.unit, top_place, declared_places)
                                            or _owns_the_project(ctx, report.unit, top_suffix))
                            or _owns_the_project(ctx, report.unit, top_suffix, sentences_only=True)):
        return  # (a project report whose text says that unit carries the project out: once more is enough, its 落款)
    top = mention[(top_place, top_suffix)]
    same_place = any(d.within(t) or t.within(d) for p in declared_places for d in p.divisions for t in top.divisions)
    # (or the bureau and one of its own teams: 公安局 and 公安局交通管理大队, but not two teams of it)
    same_kind = any(top_suffix.endswith(s) or s.endswith(top_suffix) or top_suffix.startswith(s)
                    or s.startswith(top_suffix) for s in declared_suffixes)
    # (but the city's bureau is not its district's bureau of the same name: 日照市应急管理局 / 东港区应急管理局)
    specific = {suffix for p, suffix, _, _ in declared if p in declared_places}
    other_level = top.level not in {p.level for p in declared_places} and top_suffix in specific
    if same_place and same_kind and not other_level:
        return
    if same_place and _declared_as_parent(ctx, report.unit) and not top_suffix.endswith(_DEPARTMENT_SUFFIXES):
        return  # an institution of the declared parent department
    name = report.unit.text
    other = f"{named[0][0].name}{named[0][1]}" if by_title else f"{top_place}{top_suffix}"
    ctx.finding(
        ctx.t(f"填报单位为“{name}”，但报告内容是“{other}”的（出现 {count} 次）",
              f"the reporting unit is '{name}' but the report is about '{other}' (named {count} times)"),
        locations=[(report.unit.start, report.unit.end), where[(top_place, top_suffix)]],
        expected=other,
    )
