"""seedsoil.notebook: the generated References list and the source listings."""

import pytest

from seedsoil.data import DataError, load_table
from seedsoil.notebook import references_markdown


def _row(key):
    return load_table("references").set_index("key").loc[key]


def test_references_are_numbered_in_the_lessons_order_with_their_address():
    text = references_markdown(["mundy2002", "paget1889"])
    first, second = text.splitlines()
    assert first.startswith("1. Mundy GR") and f"doi:{_row('mundy2002')['doi']}" in first
    assert second.startswith("2. Paget S")


def test_a_retracted_paper_is_marked_retracted():
    assert "RETRACTED" in references_markdown(["cox2015"])
    assert _row("cox2015")["status"] == "retracted"


def test_a_source_without_address_says_it_cannot_be_traced():
    row = _row("seer_1995_2002")
    assert not isinstance(row["doi"], str) and not isinstance(row["url"], str)
    assert "cannot be traced" in references_markdown(["seer_1995_2002"])


def test_an_unknown_key_is_refused_by_name():
    with pytest.raises(DataError, match="No reference with key 'nobody2099'"):
        references_markdown(["paget1889", "nobody2099"])


@pytest.mark.parametrize("bad", ["paget1889", [], None])
def test_keys_must_be_a_non_empty_list(bad):
    with pytest.raises(TypeError, match="list of reference keys"):
        references_markdown(bad)


def test_a_key_listed_twice_is_refused():
    with pytest.raises(ValueError, match=r"\['paget1889'\] listed twice"):
        references_markdown(["paget1889", "mundy2002", "paget1889"])


def test_the_course_own_assumptions_are_not_called_untraceable():
    assert "cannot be traced" not in references_markdown(["course_assumption"])
