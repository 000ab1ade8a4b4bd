"""TX01: the same 偏差原因 or 改进措施 attached to several indicators."""

from __future__ import annotations

import re

from auditor.extract.compare import similarity
from auditor.extract.indicators import split_remedy
from auditor.registry import check

_FIELDS = (("reason", "偏差原因", "deviation reason"), ("measure", "改进措施", "improvement measure"))


def _normal(text: str) -> str:
    return re.sub(r"[\s,，。;；:：、]", "", text)


def _figures(text: str) -> list[str]:
    return sorted(re.findall(r"\d+(?:\.\d+)?", text))


# A 偏差原因 that only says there was none — 已按年初计划全部完成，未出现偏差 — is the form's answer for an
# indicator on target, written the same way under each of them: repeating it copies no analysis. It is
# that answer when every clause says "no deviation" or "met" (not negated: 未全部完成 is a shortfall) and
# nothing in it names a cause or a gap (受…影响, 部分, 滞后, 超额 …), which a copied explanation would.
_NO_DEVIATION = re.compile(r"(?:无|没有|未出现|未发生|未产生|不存在|未见)(?:任何|明显|较大)?(?:偏差|偏离|差异|差距)")
_ON_TARGET = re.compile(r"完成|达到|达成|实现|达标|一致|相符|符合")
_NEGATED = re.compile(r"[未没不无]")
_CAUSE_OR_GAP = re.compile(r"(?<!原)因|由于|影响|导致|致使|造成|部分|个别|推迟|延期|延至|延迟|滞后|减少|下降|不足|超额|超出|"
                           r"高于|低于|较少|较多|偏低|偏高")
_CLAUSE = re.compile(r"[,，。;；!！]")


def _says_no_deviation(text: str) -> bool:
    if _CAUSE_OR_GAP.search(text):
        return False
    clauses = [c for c in _CLAUSE.split(text) if c.strip()]
    return bool(clauses) and all(_NO_DEVIATION.search(c) or _on_target(c) for c in clauses)


def _on_target(clause: str) -> bool:
    hits = list(_ON_TARGET.finditer(clause))
    return bool(hits) and not any(_NEGATED.search(clause, max(0, m.start() - 4), m.start()) for m in hits)


def _reused(a: str, b: str, threshold: float) -> bool:
    """Nearly the same words, and the same figures: a template filled in with each indicator's own
    figures (``2.45万为2022年目标数…`` / ``2.70万为2022年目标数…``) was written for each, not copied. A copy
    may lose or gain one figure (``2个申报…的企业`` / ``部分申报…的企业``) while keeping all the others."""
    return _same_figures_but_one(_figures(a), _figures(b)) and similarity(_normal(a), _normal(b)) >= threshold


def _same_figures_but_one(a: list[str], b: list[str]) -> bool:
    shorter, longer = sorted((a, b), key=len)
    if len(longer) - len(shorter) > 1:
        return False
    rest = list(longer)
    for figure in shorter:
        if figure not in rest:
            return False
        rest.remove(figure)
    return True


def _names_both(text: str, a: str | None, b: str | None) -> bool:
    """Whether the text names both indicators: one cause told once for the two it affects ("“年度接待观众
    人次”和“社教活动场次”两项指标均受此影响") is written for both, not copied from one to the other."""
    a, b = _normal(a or ""), _normal(b or "")
    return bool(a and b and a != b) and a in _normal(text) and b in _normal(text)


@check(
    code="TX01",
    name="reused-reason",
    severity="warning",
    summary="Several indicators carry the same (or nearly the same) 偏差原因 or 改进措施.",
    rationale=(
        "Each indicator's deviation has its own cause and needs its own measure (财预〔2020〕10号 第十二条: "
        "分析偏差原因，提出改进措施). The same paragraph under several indicators — an unemployment rate and "
        "a certification rate both told to 强化年初预算工作 — is copied, not analysed, and the reviewer "
        "learns nothing about either deviation. Similarity is character-level (edit distance), so a copy "
        "with a few words changed is still one."
    ),
    bad=("（一）指标一：\n\n培训人数：该指标预期指标值为大于等于 100 人，本次评价培训人数为 90 人，该指标完成率为 90%。"
         "偏差原因：受疫情影响，部分培训班次未能按计划开班。\n\n（二）指标二：\n\n城镇登记失业率：该指标预期指标值为小于等于 4.5%，"
         "本次评价调查失业率 5.5%，该指标完成率为 81.81%。偏差原因：受疫情影响，部分培训班次未能按计划开班。"),
    good=("（一）指标一：\n\n培训人数：该指标预期指标值为大于等于 100 人，本次评价培训人数为 90 人，该指标完成率为 90%。"
          "偏差原因：受疫情影响，部分培训班次未能按计划开班。\n\n（二）指标二：\n\n城镇登记失业率：该指标预期指标值为小于等于 4.5%，"
          "本次评价调查失业率 5.5%，该指标完成率为 81.81%。偏差原因：企业经营困难，裁员人数增加。"),
    known_problems=("Texts shorter than `min_chars` (15) are not compared: a short stock phrase such as 合理安排制定下年度目标 "
                    "is often reused on purpose. Texts that state different figures are not compared either: a "
                    "template filled in with each indicator's own figures was written for each (a copy that lost or "
                    "gained one figure and kept the others still is one). A text that only says "
                    "the target was met or there was no deviation (已按计划全部完成，未出现偏差) is the stock answer "
                    "for an indicator on target and is not compared. A text that names both indicators it is "
                    "given for (one cause of two shortfalls, told once for both) is not a copy. A reason written with its "
                    "remedies (偏差原因：…。下一步将…, …；措施：…) is compared as its cause and, for an indicator with no "
                    "改进措施 of its own, its remedies."),
    options={"min_chars": 15, "similarity": 80},
)
def reused_reason(ctx):
    minimum, threshold = ctx.options["min_chars"], ctx.options["similarity"]
    indicators = ctx.indicators()
    # a reason written with its remedies (偏差原因：…。下一步将…) is compared as its cause and, for an indicator
    # with no 改进措施 of its own, its remedies: a copied remedy under a cause of its own is still a copy
    split = {id(ind): split_remedy(ind.reason) for ind in indicators if ind.reason is not None}
    fields = {"reason": lambda ind: split[id(ind)][0] if ind.reason is not None else None,
              "measure": lambda ind: ind.measure or (split[id(ind)][1] if ind.reason is not None else None)}
    for field, zh_name, en_name in _FIELDS:
        texts = [(ind, fields[field](ind)) for ind in indicators if fields[field](ind) is not None]
        texts = [(ind, t) for ind, t in texts if len(_normal(t.text)) >= minimum and not _says_no_deviation(t.text)]
        # one indicator told twice (its narrative paragraph and its 自评表 row) is not two indicators
        # (and one text given to both statements of an indicator is one text)
        seen_names: set[str] = set()
        seen_texts: set[tuple[int, int]] = set()
        unique = []
        for ind, t in texts:
            key = _normal(ind.name or "")
            if key and key in seen_names or (t.start, t.end) in seen_texts:
                continue
            seen_names.add(key)
            seen_texts.add((t.start, t.end))
            unique.append((ind, t))
        texts = unique
        used: set[int] = set()
        for i, (ind, text) in enumerate(texts):
            if i in used:
                continue
            group = [(ind, text)]
            for j in range(i + 1, len(texts)):
                if j not in used and _reused(text.text, texts[j][1].text, threshold) \
                        and not _names_both(text.text, ind.name, texts[j][0].name):
                    group.append(texts[j])
                    used.add(j)
            if len(group) < 2:
                continue
            names = "、".join(f"「{g.name or g.number}」" for g, _ in group)
            ctx.finding(
                ctx.t(f"{names}的{zh_name}相同或几乎相同：“{text.text[:30]}{'…' if len(text.text) > 30 else ''}”",
                      f"{', '.join(repr(g.name or g.number) for g, _ in group)} share the same {en_name}: "
                      f"“{text.text[:30]}{'…' if len(text.text) > 30 else ''}”"),
                locations=[(t.start, t.end) for _, t in group],
            )
