"""The shipped vocabularies read the same with libyaml as with PyYAML's own parser."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.extract.datafile import SAFE_LOADER, load_yaml

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
    assert SAFE_LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)
