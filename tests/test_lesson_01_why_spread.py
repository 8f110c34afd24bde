"""Lesson-level checks for lesson 01 (why spread matters): every source of a row
the lesson reads is in its reference list, and its prose types no number that
the audit found without a data row behind it."""

import re

import pytest
from notebook_tools import ROOT, code_cells, markdown_text, read

from seedsoil.data import load_table

LESSON = ROOT / "notebooks" / "01_why_spread_matters.ipynb"


def _references() -> str:
    return next(t for t in markdown_text(read(LESSON)) if t.startswith("## References"))


def _code() -> str:
    return "\n".join("".join(c["source"]) for c in code_cells(read(LESSON)))


def _sources_read() -> set[str]:
    """Reference keys of the rows the lesson reads: whole tables for us_counts and
    stage_survival, and the bone_metastasis_facts rows named in its code."""
    keys = set(load_table("us_counts")["source"]) | set(load_table("stage_survival")["source"])
    bone = load_table("bone_metastasis_facts").set_index("id")
    named = {i for i in bone.index if f'"{i}"' in _code()}
    assert named, "the lesson should read bone_metastasis_facts rows by id"
    return keys | set(bone.loc[sorted(named), "source"]) | ({"coleman1987"} if '"coleman1987"' in _code() else set())


@pytest.mark.parametrize("key", sorted(_sources_read()))
def test_every_source_the_lesson_reads_is_in_its_references(key):
    ref = load_table("references").set_index("key").loc[key]
    address = ref["doi"] if isinstance(ref["doi"], str) and ref["doi"] else ref["url"]
    # ACS yearly reports share one landing page in the lesson's list.
    if key.startswith("acs20") and key != "acs2015":
        address = "https://www.cancer.org/research/cancer-facts-statistics.html"
    assert address in _references(), f"{key}: {address} not in lesson 01's References"


def test_survival_after_bone_metastasis_is_read_from_the_review_row():
    # The claim about how long women live with bone metastases must rest on a row
    # (Macedo et al. 2017: median 19-25 months), printed by the lesson, not on typed prose.
    assert 'bone.loc["review_survival"]' in _code()
    row = load_table("bone_metastasis_facts").set_index("id").loc["review_survival"]
    assert (row["value_low"], row["value_high"], row["unit"]) == (19, 25, "months")


def test_prose_has_no_unsourced_trend_or_typed_tolerance():
    prose = "\n".join(markdown_text(read(LESSON)))
    assert "rising slowly" not in prose  # no data row records an incidence-rate trend
    assert not re.search(r"within \d+\s*%", prose)  # tolerances belong to the check cells
    assert "finally kills" not in prose  # not supported by the cited review
