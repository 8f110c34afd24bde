"""The glossary page: alphabetical, complete for the course's jargon, and linked from every lesson."""

import json
import re

import pytest
from notebook_tools import NOTEBOOKS, ROOT, read

from seedsoil.glossary import PAGE, TERMS, TERMS_BY_SLUG, glossary_markdown, prose_lines, prose_uses, terms_in

IDS = [p.stem[:2] for p in NOTEBOOKS]

# Words a first-year met before they were explained (the student read of lessons 00-07).
JARGON = [
    "SEER", "LCIS", "age-adjusted", "progression-free survival", "PTHrP", "NFATc1", "proteomics", "4T1",
    "conditioned medium", "covariate", "reference level", "Greenwood", "hypercalcaemia", "intention-to-treat",
]  # fmt: skip


def test_the_page_is_what_the_glossary_module_renders():
    nb = read(ROOT / "notebooks" / PAGE)
    assert ["".join(c["source"]) for c in nb["cells"]] == glossary_markdown(), "run python tools/build_glossary.py"
    assert all(c["cell_type"] == "markdown" for c in nb["cells"])


def test_terms_are_alphabetical_and_slugs_unique():
    keys = [t.term.lower().lstrip("0123456789") for t in TERMS]
    assert keys == sorted(keys)
    assert len(TERMS_BY_SLUG) == len(TERMS)


@pytest.mark.parametrize("word", JARGON)
def test_the_jargon_students_stumbled_on_is_explained(word):
    assert terms_in(word), f"{word!r} has no glossary entry"


def test_terms_match_whole_words_and_plurals_only():
    osteoclast = TERMS_BY_SLUG["osteoclast"]
    assert osteoclast.pattern.search("two osteoclasts") and not osteoclast.pattern.search("preosteoclast")
    assert not TERMS_BY_SLUG["hazard"].pattern.search("hazardous")


def test_a_term_in_code_or_a_link_is_not_a_use_in_prose():
    seer = TERMS_BY_SLUG["seer"]
    assert prose_uses("`SEER` and [SEER](x.ipynb)", seer) == []
    assert len(prose_uses("SEER counts", seer)) == 1
    assert prose_uses("## SEER", seer) == []


def _prose_cells(path):
    nb = read(path)
    return [
        "".join(c["source"])
        for c in nb["cells"]
        if c["cell_type"] == "markdown" and "solution" not in c.get("metadata", {}).get("tags", [])
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_glossary_term_a_lesson_uses_is_linked_at_its_first_use(path):
    cells = _prose_cells(path)
    unlinked = []
    for term in TERMS:
        target = f"({PAGE}#{term.slug})"
        for text in cells:
            if target in text:
                break
            if any(prose_uses(line, term) for _, line in prose_lines(text)):
                unlinked.append(term.term)
                break
    assert not unlinked, f"first uses not linked to the glossary: {unlinked} (python tools/build_glossary.py --link)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_glossary_links_point_at_entries_that_exist(path):
    text = json.dumps(read(path))
    slugs = set(re.findall(re.escape(PAGE) + r"#([a-z0-9-]+)", text))
    assert slugs <= set(TERMS_BY_SLUG), f"links to missing entries: {sorted(slugs - set(TERMS_BY_SLUG))}"


def test_other_forms_are_words_not_letters():
    from seedsoil.glossary import Term

    with pytest.raises(TypeError, match=r"also must be a tuple of words"):
        Term("circulating tumour cell", "a cancer cell in the blood", ("CTC"))
    assert all(len(form) > 1 for t in TERMS for form in t.also)


def test_display_maths_and_code_blocks_are_not_prose():
    text = "SEER one\n$$\nT = SEER\n$$\n```\nSEER\n```\n$$ x = T $$\nlast"
    assert [line for _, line in prose_lines(text)] == ["SEER one", "last"]
    assert prose_uses("see $$T_1$$ and $x$ here", TERMS_BY_SLUG["seer"]) == []
