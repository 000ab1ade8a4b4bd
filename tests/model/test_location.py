"""How a place in the original file is written for people, in English and in Chinese."""

from __future__ import annotations

import pytest

from auditor.model.document import Location


def loc(**kw) -> Location:
    base = dict(start=0, end=1, text="x", block=0, line=None, column=None, page=None, paragraph=None, table=None,
                row=None, col=None, bbox=None, section="")
    return Location(**{**base, **kw})


@pytest.mark.parametrize("where, en, zh", [
    (dict(line=12, column=5), "12:5", "第12行第5列"),
    (dict(page=3, line=7), "p.3 l.7", "第3页第7行"),
    (dict(page=3), "p.3", "第3页"),
    (dict(paragraph=14), "¶14", "第14段"),
    (dict(table=2, row=3, col=4), "table 2 r3 c4", "表2第3行第4列"),
    (dict(page=5, table=1, row=2, col=3), "p.5 table 1 r2 c3", "第5页 表1第2行第3列"),
    (dict(), "", ""),
])
def test_describe(where, en, zh):
    place = loc(**where)
    assert place.describe() == en == place.describe("en")
    assert place.describe("zh") == zh
