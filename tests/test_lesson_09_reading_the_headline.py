"""Lesson-level checks for lesson 09: what its prose and activities say must hold in the data.

The lesson states in words: that the EBCTCG meta-analysis was shown at a meeting 18 months before the
story and published weeks after it (Section 3); that the 85% chain runs through the press release and
that figures fitting the 85% claim are "nearer two in three" (Section 2); that at Ana's illustrative
risk the drug spares "a few women in a hundred" (Section 3); that news exaggerated far more often when
the press release had (Figure 2: the intervals do not even overlap); that the metadata record it reads
is CONSTRUCTED and Ana FICTIONAL; and that it paraphrases the story rather than copying it.
"""

from pathlib import Path

import nbformat
import pandas as pd
import pytest
from notebook_tools import STORY, story_runs
from notebook_tools import words as story_words

from seedsoil import claims
from seedsoil.absolute_risk import absolute_risk_reduction
from seedsoil.data import load_table
from seedsoil.paper_status import read_status

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "09_reading_the_headline.ipynb"


@pytest.fixture(scope="module")
def prose():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.fixture(scope="module")
def timeline():
    return load_table("story_timeline").set_index("id")


def _date(timeline, source):
    return pd.Timestamp(timeline.loc[timeline["source"] == source, "date"].iloc[0])


def test_ebctcg_paper_came_weeks_after_the_story_but_its_results_were_shown_18_months_before(timeline):
    paper, story, ebctcg = (_date(timeline, s) for s in ("cox2015", "healthline2015", "ebctcg2015"))
    assert paper < story < ebctcg
    assert 4 * 7 <= (ebctcg - story).days <= 8 * 7  # "weeks after the story": 43 days
    assert 50 <= (ebctcg - paper).days <= 65
    meeting = _date(timeline, "ebctcg2013_s407")  # San Antonio, December 2013
    assert (meeting.year, meeting.month) == (2013, 12)
    assert (story - meeting).days // 30 == 18  # the ledger says the results were presented 18 months before


def test_the_lesson_no_longer_says_the_pooled_answer_came_only_after_the_story(prose):
    assert "December 2013" in prose
    assert "The trials answered within weeks" not in prose and "came weeks later" not in prose


def test_figures_that_fit_the_85_percent_claim_are_near_two_in_three():
    bone = load_table("bone_metastasis_facts").set_index("id")
    for key in ("cr1987_bone_at_death", "gong2018_denovo"):
        assert 60 <= bone.at[key, "value_low"] <= 70
    assert claims.trace("L15").value == 85 > bone.at["cr1987_bone_at_death", "value_low"]


def test_the_22_percent_and_seer_distant_differ_and_the_22_is_unconfirmed():
    ajcc = load_table("quoted_numbers").set_index("id").loc["acs_ajcc_stage4_22"]
    distant = load_table("stage_survival").set_index("stage").loc["Distant"]
    assert ajcc["value"] < distant["survival_low_pct"]
    assert ajcc["evidence"] == "secondary" and "UNCONFIRMED" in ajcc["note"]


def test_ana_gains_a_few_in_a_hundred_at_the_illustrative_risk():
    assumptions = load_table("bisphosphonate_assumptions").set_index("parameter")
    assert assumptions.at["baseline_risk", "evidence"] == "illustrative"
    trials = load_table("bisphosphonate_trials").set_index(["outcome", "population"])
    rr = trials.at[("bone recurrence", "postmenopausal women"), "rate_ratio"]
    per_1000 = 1000 * absolute_risk_reduction(assumptions.at["baseline_risk", "value"], rr)
    assert per_1000 == pytest.approx(1000 * 0.10 * (1 - 0.72))  # 28, by hand
    assert 10 <= per_1000 < 100  # "a few women in a hundred"


def test_the_exercise_hints_differ_from_the_right_answer():
    for p0 in (0.05, 0.10, 0.20):
        for rr in (0.72, 0.83):
            right = 1000 * (p0 - p0 * rr)
            for wrong in (1000 * (1 - rr), 1000 * p0 * rr, p0 - p0 * rr, 100 * (p0 - p0 * rr)):
                assert abs(wrong - right) > 1e-6


def test_news_exaggerated_more_when_the_release_did_with_intervals_apart():
    table = load_table("press_release_exaggeration").set_index("id")
    for category in ("advice", "causal", "human"):
        exaggerated, plain = table.loc[f"news_{category}_exag"], table.loc[f"news_{category}_not"]
        assert exaggerated["ci_low"] > plain["ci_high"]
    gap = {
        c: table.at[f"news_{c}_exag", "value"] - table.at[f"news_{c}_not", "value"]
        for c in ("advice", "causal", "human")
    }
    assert max(gap, key=gap.get) == "human"  # Figure 2's alt text names the largest gap


def test_the_course_scores_criterion_2_unsatisfactory_and_the_85_began_in_the_paper():
    assert load_table("news_criteria").set_index("number").at[2, "course_score"] == "unsatisfactory"  # Check 4
    assert load_table("quoted_numbers").set_index("id").at["cox2015_85", "source"] == "cox2015"  # Check 2


def test_the_85_percent_chain_in_the_lesson_has_the_press_release_step():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    chain = next(c.source for c in nb.cells if c.cell_type == "code" and "cox2015_85" in c.source)
    steps = [line for line in chain.splitlines() if line.startswith("print(")]
    assert [s.split(".")[0][-1] for s in steps] == ["1", "2", "3", "4"]
    assert "Story" in steps[0] and "press release" in steps[1] and "abstract" in steps[2] and "Cited" in steps[3]
    assert "release_value" in steps[1]  # the release's number comes from the ledger row, not from prose


def test_the_discussion_answer_uses_the_press_release(prose):
    answer = prose.split("**Where did it begin?**")[1].split("**Who owns a quote?**")[0]
    assert "press release [28]" in answer and "Without the press release" not in answer
    assert "could not find" not in prose.split("### 1. Score the other nine criteria")[1].split("###")[0]


def test_the_constructed_record_reads_as_the_retraction_the_references_record(timeline):
    refs = load_table("references").set_index("key")
    date = [int(p) for p in _date(timeline, "cox2015_retraction").strftime("%Y-%m-%d").split("-")]
    paper = {"DOI": refs.at["cox2015", "doi"], "type": "retraction", "updated": {"date-parts": [date]}}
    status = read_status(
        {"DOI": refs.at["cox2015_retraction", "doi"], "update-to": [paper]}
    )  # CONSTRUCTED, as in the lesson
    assert status.retracted and status.updates[0].date == "2023-04-17"
    assert status.updates[0].doi == "10.1038/nature14492"  # the notice points at the 2015 paper
    assert refs.at["cox2015", "status"] == "retracted"


def _cells():
    return nbformat.read(NOTEBOOK, as_version=4).cells


def _code(marker):
    return next(c.source for c in _cells() if c.cell_type == "code" and marker in c.source)


def test_check_5_record_is_a_correction_notice_and_the_made_up_dois_use_the_test_prefix():
    namespace = {"read_status": read_status, "print": lambda *a: None}
    exec(_code("record_5 = {").replace("answer_5 = ...", ""), namespace)
    status = read_status(namespace["record_5"])
    assert status.updates and not status.retracted and status.updates[0].kind == "correction"  # answer b
    assert status.doi.startswith("10.5555/") and status.updates[0].doi.startswith("10.5555/")  # Crossref's test prefix


def test_check_feedback_for_wrong_answers_does_not_name_the_right_one():
    namespace = {"quoted": load_table("quoted_numbers").set_index("id"), "check_choice": lambda *a, **k: None}
    exec(_code("options_2 = {"), {**namespace, "answer_2": None}, namespace)
    options, right = namespace["options_2"], namespace["origin_2"]
    assert right == "c"
    for letter, text in options.items():
        if letter != right:  # no "first appears", "the shift happened", no mention of the abstract's step
            assert "abstract" not in text and "shift" not in text and "first appears" not in text, letter


def test_check_6_is_a_labelled_made_up_headline_after_the_checklist(prose):
    section = prose.split("## 7. A checklist for the next headline")[1].split("## Key points")[0]
    assert "CONSTRUCTED headline" in section and "made this story up" in section and "no such study" in section
    namespace = {"check_choice": lambda *a, **k: None}
    exec(_code("headlines_6 = {"), {**namespace, "answer_6": None}, namespace)
    assert namespace["correct_6"] == "b" and "In mice" in section.split("`b`")[1].split("\n")[0]
    for letter, headline in namespace["headlines_6"].items():  # the checker grades the headlines the student reads
        assert f'`{letter}` "{headline}"' in section, letter


def test_the_checklist_has_every_row_the_reviews_asked_for(prose):
    table = prose.split("## 7. A checklist for the next headline")[1].split("**A CONSTRUCTED headline.**")[0]
    for row in ("Harms and costs", "conflicts of interest", "press release", "control group"):
        assert row in table, row
    for address in (
        "https://doi.org/",
        "https://pubmed.ncbi.nlm.nih.gov",
        "https://api.crossref.org/works/",
        "http://retractiondatabase.org",
    ):
        assert address in table, address


def test_the_155000_is_in_going_further_and_the_alt_text_code_is_folded(prose):
    core, further = prose.split("## Going further")
    assert "The 155,000" not in core and "The 155,000" in further
    folded = {c.get("id") for c in _cells() if c.metadata.get("jupyter", {}).get("source_hidden")}
    assert {"l09-039", "l09-053"} <= folded  # alt-text builders, not lesson content


def test_terms_are_defined_before_they_are_used(prose):
    assert prose.index("**misattributed**") < prose.index("The table counts claims")  # verdicts before the crosstab
    section_2 = prose.split("## 2. Numbers that moved")[1]
    assert section_2.index("hypercalcaemia") < section_2.index("**Check 2.**")
    assert "roughly the same patients" in section_2.split("**Check 2.**")[0]
    assert "Early Breast Cancer Trialists' Collaborative Group (EBCTCG)" in prose.split("## Going further")[0]


def test_made_up_things_are_labelled_in_the_lesson(prose):
    assert "CONSTRUCTED" in prose and "FICTIONAL" in prose and "UNCONFIRMED" in prose
    assert (
        "not downloaded"
        in "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code")
        or "Nothing is fetched" in prose
    )


def test_the_lesson_paraphrases_the_story(prose):
    if not STORY.is_file():
        pytest.skip("the stored story is outside the repository")
    runs = story_runs(8)
    words = story_words(prose)
    copied = [" ".join(words[i : i + 8]) for i in range(len(words) - 7) if tuple(words[i : i + 8]) in runs]
    assert not copied, f"the lesson copies the story: {copied[:3]}"
