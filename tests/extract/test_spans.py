"""The range lookup FG01's statements use agrees with the plain scan it replaced."""

from hypothesis import given, strategies as st

from auditor.extract.conflicts import _Spans

spans = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1])), max_size=8)


@given(spans, st.integers(-5, 240))
def test_a_position_is_inside_exactly_when_some_range_holds_it(ranges, position):
    assert (position in _Spans(ranges)) == any(s <= position < e for s, e in ranges)


def test_empty_and_touching_ranges():
    assert 5 not in _Spans([])
    assert 5 not in _Spans([(5, 5)]) and 4 not in _Spans([(0, 4)]) and 4 in _Spans([(0, 4), (4, 6)])
