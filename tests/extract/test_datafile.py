"""The shipped vocabularies read the same with libyaml as with PyYAML's own parser."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor import patterncache
from auditor.extract.datafile import load_yaml, safe_loader

REPO = Path(__file__).resolve().parent.parent.parent
DATA_FILES = sorted(p for p in [*REPO.glob("auditor/**/*.yaml"), *REPO.glob("checks/**/*.yaml")])


def test_the_data_files_are_found():
    names = {p.name for p in DATA_FILES}
    assert {"units.yaml", "lexicon.yaml", "claims.yaml"} <= names


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_fast_and_pure_python_parsers_agree(path):
    assert load_yaml(path) == load_yaml(path, yaml.SafeLoader)
    assert load_yaml(path)  # not empty


def test_only_safe_tags(tmp_path):
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text("x: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(yaml.constructor.ConstructorError):
        load_yaml(hostile)


def test_libyaml_is_used_where_available():
    assert safe_loader() is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.fixture
def kept_between_runs(tmp_path, monkeypatch):
    """The CLI's cache of compiled artefacts, installed in a directory of the test's own."""
    monkeypatch.setattr(patterncache, "_directory", tmp_path / "compiled")
    return tmp_path / "compiled"


def test_a_data_file_is_kept_and_read_back_unchanged(kept_between_runs, tmp_path, monkeypatch):
    data = tmp_path / "vocabulary.yaml"
    data.write_text("名称:\n  - 预算执行率\n  - 执行率\nmin_chars: 4\nratio: 0.9\nflag: true\nnone: null\n",
                    encoding="utf-8")
    first = load_yaml(data)
    assert list(kept_between_runs.glob("data-vocabulary-*.marshal"))

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(yaml, "load", no_parsing)
    assert load_yaml(data) == first == {"名称": ["预算执行率", "执行率"], "min_chars": 4, "ratio": 0.9,
                                         "flag": True, "none": None}
    data.write_text("名称: [变了]\n", encoding="utf-8")  # another content is another key: parsed
    with pytest.raises(AssertionError, match="parsed again"):
        load_yaml(data)


def test_data_marshal_cannot_keep_is_parsed_every_time(kept_between_runs, tmp_path):
    data = tmp_path / "dates.yaml"
    data.write_text("day: 2024-01-01\n", encoding="utf-8")
    assert str(load_yaml(data)["day"]) == "2024-01-01" == str(load_yaml(data)["day"])
    assert not list(kept_between_runs.glob("data-dates-*.marshal"))


def test_the_place_names_are_kept_and_read_back_unchanged(kept_between_runs, monkeypatch):
    from auditor.extract import places

    places.divisions.cache_clear()
    try:
        built = places.divisions()
        assert built and list(kept_between_runs.glob("places.marshal"))
        places.divisions.cache_clear()

        def no_building(*args):
            raise AssertionError("built again")

        monkeypatch.setattr(places, "_division_rows", no_building)
        assert places.divisions() == built
        assert list(places.divisions()) == list(built)  # the same order too
    finally:
        places.divisions.cache_clear()
