"""Lesson-level checks for lesson 06 (survival statistics): its reference list
covers every source of the tables it reads, and its facts are labelled as the
sources state them."""

import math

import pytest
from notebook_tools import ROOT, markdown_text, read

from seedsoil.data import cite, load_table

LESSON = ROOT / "notebooks" / "06_survival_statistics.ipynb"
TABLES = ["life_table_female", "stage_survival", "survival_trend", "metastatic_disease_facts", "bone_metastasis_facts"]


def _references() -> str:
    return next(t for t in markdown_text(read(LESSON)) if t.startswith("## References"))


@pytest.mark.parametrize("table", TABLES)
def test_every_source_the_lesson_reads_is_in_its_references(table):
    refs = _references()
    keys = set(load_table(table)["source"]) - {"course_assumption"}
    missing = [k for k in sorted(keys) if cite(k) not in refs]
    assert not missing, f"{table}: sources not listed (cite() text) in lesson 06's References: {missing}"


def test_mariotto_2017_prevalence_is_labelled_a_projection():
    # The abstract: "by January 1, 2017, there will be 154,794" -- a forecast from data through 2013.
    row = load_table("metastatic_disease_facts").set_index("id").loc["mbc_prevalence_2017"]
    assert "projected" in row["period"]
    assert "through 2013" in row["note"]


def test_exercise_1_by_hand_value_is_within_the_check_tolerance():
    # Equation (2) for one woman aged 60: prod over ages 60..64 of (1 - q_x). Rounded by hand
    # to three decimals (0.959) it must pass the exercise's rel_tol of 5e-4, while the
    # shortcut 1 - sum(q) (adding death probabilities) must not.
    life = load_table("life_table_female")
    q = life[life["table"] == "illustrative"].set_index("age")["q_x"].loc[60:64]
    exact = math.prod(1 - q)
    assert math.isclose(round(exact, 3), exact, rel_tol=5e-4)
    assert not math.isclose(1 - q.sum(), exact, rel_tol=5e-4)
