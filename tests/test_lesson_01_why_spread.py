"""Lesson-level checks for lesson 01 (why spread matters): every source of a row
the lesson reads is listed, with its address, in its generated References, and
its prose types no number that the audit found without a data row behind it."""

import ast
import re

import pytest
from notebook_tools import ROOT, code_cells, markdown_text, read, source

from seedsoil.data import load_table

LESSON = ROOT / "notebooks" / "01_why_spread_matters.ipynb"


def _references_cell():
    return next(c for c in code_cells(read(LESSON)) if "show_references(" in source(c))


def _reference_keys() -> list[str]:
    tree = ast.parse(source(_references_cell()))
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "show_references")
    return ast.literal_eval(call.args[0])


def _references_shown() -> str:
    outputs = _references_cell().get("outputs", [])
    return "".join("".join(o["data"].get("text/markdown", "")) for o in outputs if "data" in o)


def _code() -> str:
    return "\n".join(source(c) for c in code_cells(read(LESSON)))


def _prose() -> str:
    return "\n".join(markdown_text(read(LESSON)))


def _sources_read() -> set[str]:
    """Reference keys of the rows the lesson reads: whole tables for us_counts and
    stage_survival, and the bone_metastasis_facts rows named in its code."""
    keys = set(load_table("us_counts")["source"]) | set(load_table("stage_survival")["source"])
    bone = load_table("bone_metastasis_facts").set_index("id")
    named = {i for i in bone.index if f'"{i}"' in _code()}
    assert named, "the lesson should read bone_metastasis_facts rows by id"
    return keys | set(bone.loc[sorted(named), "source"])


@pytest.mark.parametrize("key", sorted(_sources_read()))
def test_every_source_the_lesson_reads_is_in_its_references_with_its_address(key):
    assert key in _reference_keys(), f"{key} is read by lesson 01 but not in its show_references list"
    ref = load_table("references").set_index("key").loc[key]
    address = next((a for a in (ref["doi"], ref["url"]) if isinstance(a, str) and a), None)
    if address:
        assert address in _references_shown(), f"{key}: {address} not in lesson 01's stored References"


def _cited_numbers(prose: str) -> list[int]:
    """Reference numbers in the order the prose cites them: "[1, 3–5]" gives 1, 3, 4, 5."""
    numbers = []
    for group in re.findall(r"\[(\d+(?:\s*[,–]\s*\d+)*)\]", prose):
        for part in group.split(","):
            first, _, last = part.strip().partition("–")
            numbers += range(int(first), int(last or first) + 1)
    return numbers


def _read_text() -> str:
    """What a student reads, in order: the prose and the captions the code displays (not the References)."""
    texts = []
    for cell in read(LESSON)["cells"]:
        if cell["cell_type"] == "markdown":
            texts.append(source(cell))
        elif "show_references(" not in source(cell):
            shown = [o["data"] for o in cell.get("outputs", []) if "text/markdown" in o.get("data", {})]
            texts += ["".join(data["text/markdown"]) for data in shown]
    return "\n".join(texts)


def test_the_prose_cites_every_reference_in_order():
    cited = _cited_numbers(_read_text())
    assert sorted(set(cited)) == list(range(1, len(_reference_keys()) + 1)), "cite each reference, and no other"
    first_uses = list(dict.fromkeys(cited))
    assert first_uses == sorted(first_uses), f"references are first cited out of order: {first_uses}"


def test_survival_after_bone_metastasis_is_read_from_the_review_row():
    # The claim about how long women live with bone metastases must rest on a row
    # (Macedo et al. 2017: median 19-25 months), printed by the lesson, not on typed prose.
    assert 'bone.loc["review_survival"]' in _code()
    row = load_table("bone_metastasis_facts").set_index("id").loc["review_survival"]
    assert (row["value_low"], row["value_high"], row["unit"]) == (19, 25, "months")


def test_prose_has_no_unsourced_trend_or_typed_tolerance():
    prose = _prose()
    assert "rising slowly" not in prose  # no data row records an incidence-rate trend
    assert not re.search(r"within \d+\s*%", prose)  # tolerances belong to the check cells
    assert "finally kills" not in prose  # not supported by the cited review
    if "most common cancer" in prose:  # ACS: the most common cancer in US women *excluding skin cancers*
        assert "excluding skin cancer" in prose.lower()


CHAIN = ["cox2015_85", "cr1987_10_hypercalcaemia", "cr1987_85_hypercalcaemia", "cr1987_69_dying_with"]


def test_the_85_percent_chain_is_read_from_quoted_numbers_and_its_sources_listed():
    # Issue 14: the "about 85%" is the retracted 2015 paper's sentence, citing Coleman & Rubens,
    # whose 85% concerns hypercalcaemic patients; lesson 01 prints the chain from the data.
    code = _code()
    assert 'load_table("quoted_numbers")' in code
    assert all(f'"{key}"' in code for key in CHAIN), "print every row of the chain"
    quotes = load_table("quoted_numbers").set_index("id")
    assert quotes.at["cox2015_85", "cites"] == "coleman1987"
    assert "hypercalcaem" in quotes.at["cr1987_85_hypercalcaemia", "population"]
    keys = _reference_keys()
    assert {"cox2015", "coleman1987", "acs_ajcc_ncdb"} <= set(keys)
    printed = "".join(
        "".join(o.get("text", ""))
        for c in code_cells(read(LESSON))
        if "quoted_numbers" in source(c)
        for o in c["outputs"]
    )
    for key in CHAIN:
        assert key in printed
