"""``compare.similarity`` scores two texts exactly as ``rapidfuzz.fuzz.ratio`` does, without importing it."""

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from auditor.extract.compare import similarity

# few letters, so that texts share characters often; CJK and an astral character among them
_TEXT = st.text(alphabet="资金执行率偏差原因受疫情影响abc1,。𠀋", max_size=80)


@given(_TEXT, _TEXT)
@settings(max_examples=400, deadline=None)
def test_equals_rapidfuzz_ratio(a, b):
    assert similarity(a, b) == fuzz.ratio(a, b)


def test_known_values():
    assert similarity("", "") == 100.0
    assert similarity("abc", "") == 0.0
    assert similarity("受疫情影响部分培训未开班", "受疫情影响部分培训未开班") == 100.0
    # one of 13 characters changed: 24 of 26 kept
    assert round(similarity("受疫情影响部分培训班未开班", "受疫情影响部分培训课未开班"), 4) == round(100 * 24 / 26, 4)
    assert similarity("this is a test", "this is a test!") == fuzz.ratio("this is a test", "this is a test!")


def test_long_texts():
    a = "因项目前期手续办理时间较长，部分资金未能按期支付，" * 20
    b = a.replace("较长", "偏长", 3)
    assert similarity(a, b) == fuzz.ratio(a, b)
