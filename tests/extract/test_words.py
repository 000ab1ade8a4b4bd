"""``lexicon.Words``: finding words by their first character gives what a loop over every word gives."""

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.extract.lexicon import Words, lexicon

_CHARS = "预算执行率全年调整后年度中间我院的为资金"
_WORD = st.text(alphabet=_CHARS, min_size=1, max_size=4)


def _loop(words, text, replacement=""):
    for word in words:
        text = text.replace(word, replacement)
    return text


@given(st.lists(_WORD, max_size=12), st.text(alphabet=_CHARS, max_size=30))
@settings(max_examples=300, deadline=None)
def test_remove_is_the_loop_over_every_word(words, text):
    assert Words(words).remove(text) == _loop(words, text)
    assert Words(words).remove(text, "\x00") == _loop(words, text, "\x00")


@given(st.lists(_WORD, max_size=12), st.text(alphabet=_CHARS, max_size=30))
@settings(max_examples=300, deadline=None)
def test_candidates_hold_every_word_in_the_text_in_order(words, text):
    found = Words(words).candidates(text)
    assert found == sorted(found)
    assert {n for n, w in enumerate(words) if w in text} <= set(found)


def test_the_lexicons_filler_as_before():
    lex = lexicon()
    for label in ("我院2023年度全年预算数", "年度中间追加资金", "部门整体支出绩效自评得分", "该项目的实际支出"):
        assert lex.without_filler(label) == _loop(lex.filler, label)
