"""The claim ledger of lesson 09 and its companion tables: schema, sources, verdicts, traced numbers.

The traced numbers are checked twice: once by selecting the source rows here, independently of
``seedsoil.claims``, and once through :func:`seedsoil.claims.trace`. The expected values of the
traces that matter most are also written out by hand from the sources (231,840 + 2,350 = 234,190;
the 85% of the retracted abstract; Mariotto's 154,794), so that an edit to a source table fails here.
"""

from pathlib import Path

import pandas as pd
import pytest
from notebook_tools import STORY, story_runs
from notebook_tools import words as story_words

from seedsoil import claims
from seedsoil.data import load_table

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ["id", "claim", "claimant", "claim_type", "evidence_2015", "verdict", "best_figure_today",
           "source", "evidence", "note"]  # fmt: skip


@pytest.fixture(scope="module")
def ledger():
    return load_table("claim_ledger")


@pytest.fixture(scope="module")
def references():
    return set(load_table("references")["key"])


def test_schema_has_the_required_columns_and_at_least_15_claims(ledger):
    assert set(COLUMNS) <= set(ledger.columns)
    assert len(ledger) >= 15
    assert ledger["id"].is_unique


def test_every_row_is_sourced_with_a_known_reference_and_an_evidence_level(ledger, references):
    assert ledger["source"].notna().all()
    assert set(ledger["source"]) <= references, sorted(set(ledger["source"]) - references)
    assert set(ledger["evidence"]) <= {"primary", "secondary", "illustrative"}
    assert "illustrative" not in set(ledger["evidence"]), "a verdict on a real claim is never a teaching assumption"


def test_verdicts_claimants_and_types_come_from_the_fixed_vocabularies(ledger):
    assert set(ledger["verdict"]) <= {"supported", "outdated", "misattributed", "unsupported", "retracted", "opinion"}
    assert set(ledger["claim_type"]) <= {"causal claim", "advice", "animal-to-human inference", "statistic"}
    assert set(ledger["claimant"]) <= {"reporter", "study author", "clinician"}
    assert claims.VERDICTS == ("supported", "outdated", "misattributed", "unsupported", "retracted", "opinion")


def test_the_ledger_uses_several_verdicts_and_every_claimant(ledger):
    assert {"supported", "misattributed", "retracted", "unsupported", "opinion"} <= set(ledger["verdict"])
    assert set(ledger["claimant"]) == {"reporter", "study author", "clinician"}


def test_retracted_verdicts_rest_on_the_retraction_or_the_retracted_work(ledger):
    retracted = ledger[ledger["verdict"] == "retracted"]
    assert len(retracted) >= 3
    assert set(retracted["source"]) <= {"cox2015_retraction", "cox2015", "cox2018_review"}


def _rows(table, where):
    frame = load_table(table)
    for part in where.split(";"):
        column, value = part.split("=", 1)
        frame = frame[frame[column].astype(str) == value]
    return frame


def test_every_traced_number_equals_its_source_rows(ledger):
    traced = ledger.dropna(subset=["trace_table"])
    assert len(traced) >= 8
    for _, row in traced.iterrows():
        rows = _rows(row["trace_table"], row["trace_where"])
        assert len(rows) == 1 or (row["trace_rule"] == "sum" and len(rows) > 1), row["id"]
        assert rows[row["trace_column"]].sum() == pytest.approx(row["traced_value"]), row["id"]
        assert claims.trace(row["id"]).value == pytest.approx(row["traced_value"]), row["id"]


def test_the_lessons_traces_match_the_published_values(ledger):
    by_id = ledger.set_index("id")
    assert by_id.at["L12", "traced_value"] == 231840 + 2350 == by_id.at["L12", "story_value"]  # women + men
    assert claims.trace("L12").rows["sex"].tolist() == ["female", "male"]
    assert by_id.at["L13", "traced_value"] == 40290
    assert by_id.at["L15", "traced_value"] == by_id.at["L15", "story_value"] == 85
    assert by_id.at["L16", "traced_value"] == by_id.at["L16", "story_value"] == 22
    assert by_id.at["L17", "traced_value"] == 154794 and by_id.at["L17", "story_value"] == 155000
    assert by_id.at["L06", "traced_value"] == 0.72


def test_the_85_percent_chain_ends_at_a_different_population():
    quoted = load_table("quoted_numbers").set_index("id")
    paper = quoted.loc["cox2015_85"]
    assert paper["source"] == "cox2015" and paper["cites"] == "coleman1987"
    cited = quoted[(quoted["source"] == paper["cites"]) & (quoted["value"] == paper["value"])]
    assert list(cited.index) == ["cr1987_85_hypercalcaemia"]
    assert "hypercalcaemia" in cited["population"].iloc[0]


def test_the_22_percent_is_marked_unconfirmed(ledger):
    row = ledger.set_index("id").loc["L16"]
    # no confirmed source, and AJCC stage IV vs SEER "distant" is not a trend: unsupported, not outdated
    assert row["verdict"] == "unsupported" and "UNCONFIRMED" in row["evidence_2015"]
    assert "not a before-and-after" in row["note"]
    assert load_table("quoted_numbers").set_index("id").at["acs_ajcc_stage4_22", "evidence"] == "secondary"


def test_untraced_rows_leave_every_trace_column_empty(ledger):
    trace_columns = ["trace_table", "trace_where", "trace_column", "trace_rule", "traced_value"]
    filled = ledger[trace_columns].notna()
    assert (filled.all(axis=1) | ~filled.any(axis=1)).all(), "fill all four trace columns or none"


def test_trace_refuses_an_untraced_claim_and_an_ambiguous_one(ledger):
    with pytest.raises(ValueError, match="carries no traced number"):
        claims.trace("L02")
    edited = ledger.set_index("id").copy()
    edited.loc["L12", "trace_rule"] = "equals"
    with pytest.raises(ValueError, match="2 rows match"):
        claims.trace("L12", edited)
    with pytest.raises(ValueError, match="No claim"):
        claims.trace("L99")


def test_parse_where_names_a_malformed_part():
    with pytest.raises(ValueError, match="column=value"):
        claims.parse_where("id=x;oops")


def test_claims_are_paraphrased_not_copied_from_the_story(ledger):
    if not STORY.is_file():
        pytest.skip("the stored story is outside the repository")
    runs = story_runs(7)
    for _, row in ledger.iterrows():
        words = story_words(row["claim"])
        copied = [" ".join(words[i : i + 7]) for i in range(len(words) - 6) if tuple(words[i : i + 7]) in runs]
        assert not copied, f"{row['id']} copies the story: {copied[0]!r}"


def test_timeline_is_sourced_in_order_and_has_the_required_events(references):
    timeline = load_table("story_timeline")
    assert set(timeline["source"]) <= references
    assert list(timeline["date"]) == sorted(timeline["date"])
    by_source = timeline.groupby("source")["date"].apply(list)
    assert by_source["cox2015_retraction"] == ["2023-04-17"]
    assert by_source["erler2006_retraction"] == ["2020-03-18"]
    assert by_source["ebctcg2015"] == ["2015-07-23"]
    assert set(timeline["kind"]) >= {"paper", "news", "trial evidence", "doubt", "retraction"}
    gap = pd.Timestamp("2015-07-23") - pd.Timestamp(by_source["cox2015"][0])
    assert 50 <= gap.days <= 65  # "two months later"


def test_news_criteria_are_the_ten_with_a_score_and_a_reason():
    criteria = load_table("news_criteria")
    assert sorted(criteria["number"]) == list(range(1, 11))
    assert set(criteria["course_score"]) <= {"satisfactory", "unsatisfactory", "not applicable"}
    assert criteria["reason"].str.len().min() > 40
    costs, benefits, harms = (criteria.set_index("number").at[n, "criterion"].lower() for n in (1, 2, 3))
    assert "cost" in costs and "benefit" in benefits and "harm" in harms


def test_sumner_2014_values_are_those_of_the_abstract():
    table = load_table("press_release_exaggeration").set_index("id")
    published = {  # Sumner et al. BMJ 2014;349:g7015, abstract: estimate (95% CI)
        "pr_advice": (40, 33, 46), "pr_causal": (33, 26, 40), "pr_human": (36, 28, 46),
        "news_advice_exag": (58, 48, 68), "news_advice_not": (17, 10, 24),
        "news_causal_exag": (81, 70, 93), "news_causal_not": (18, 9, 27),
        "news_human_exag": (86, 77, 95), "news_human_not": (10, 0, 19),
        "or_advice": (6.5, 3.5, 12), "or_causal": (20, 7.6, 51), "or_human": (56, 15, 211),
    }  # fmt: skip
    assert set(table.index) == set(published)
    for key, (value, low, high) in published.items():
        assert tuple(table.loc[key, ["value", "ci_low", "ci_high"]]) == pytest.approx((value, low, high)), key
    assert (table["ci_low"] <= table["value"]).all() and (table["value"] <= table["ci_high"]).all()


def test_the_85_percent_trace_runs_story_release_abstract_coleman(ledger):
    row = ledger.set_index("id").loc["L15"]
    refs = load_table("references").set_index("key")
    assert row["release_value"] == row["story_value"] == 85 and row["release_source"] == "sheffield2015"
    assert refs.at["sheffield2015", "url"].startswith("https://www.sheffield.ac.uk/news/")
    note = row["note"]
    steps = ["story", "press release", "abstract", "Coleman & Rubens"]
    assert all(s in note for s in steps)
    assert [note.index(s) for s in steps] == sorted(note.index(s) for s in steps)


def test_every_release_number_names_its_release(ledger, references):
    given = ledger.dropna(subset=["release_value"])
    assert len(given) >= 1 and given["release_source"].notna().all()
    assert set(given["release_source"]) <= references
    assert ledger.dropna(subset=["release_source"]).index.equals(given.index)


def test_the_pooled_trial_evidence_is_dated_to_december_2013_and_to_the_2015_paper(ledger):
    by_id = ledger.set_index("id")
    for key in ("L06", "L07", "L10"):
        text = by_id.at[key, "evidence_2015"]
        assert "December 2013" in text and "six weeks after the story" in text, key
        assert "came weeks after the story" not in text and "answer came weeks later" not in text, key


def test_the_timeline_has_the_2013_ebctcg_presentation_before_the_story(references):
    timeline = load_table("story_timeline")
    story = timeline.loc[timeline["kind"] == "news"].set_index("source").at["healthline2015", "date"]
    meeting = timeline[timeline["source"] == "ebctcg2013_s407"]
    assert list(meeting["date"]) == ["2013-12"] and meeting["date"].iloc[0] < story
    assert meeting["kind"].iloc[0] == "trial evidence" and "EBCTCG" in meeting["event"].iloc[0]
    # the conference abstract was seen on an index copy: primary, with its citation in the reference
    assert meeting["evidence"].iloc[0] == "primary" and "S4-07" in meeting["note"].iloc[0]
    citation = load_table("references").set_index("key").at["ebctcg2013_s407", "citation"]
    assert "Cancer Res 2013;73(24 Suppl)" in citation and "S4-07" in citation


def test_simtuzumab_failed_before_the_story_and_the_ledger_says_so(ledger):
    timeline = load_table("story_timeline").set_index("source")
    assert timeline.at["gilead2014_simtuzumab", "date"] == "2014-09-17" < timeline.at["healthline2015", "date"]
    l09 = ledger.set_index("id").loc["L09"]
    assert "September 2014" in l09["best_figure_today"] and "September 2014" in l09["evidence_2015"]
    assert "pancreatic cancer (2017)" not in l09["best_figure_today"]


def test_no_2020_event_is_attached_to_the_2015_paper():
    timeline = load_table("story_timeline")
    in_2020 = timeline[timeline["date"].str.startswith("2020")]
    assert list(in_2020["source"]) == ["erler2006_retraction"] and "2006" in in_2020["event"].iloc[0]
    notices = timeline[timeline["source"].str.startswith("cox2015_")]
    assert list(notices["date"]) == ["2023-04-17"]  # the 2015 paper's only notice
    for text in pd.concat([timeline["event"], timeline["note"].fillna("")]):
        if "2020" in text and "2015 paper" in text:
            assert "no correction or expression of concern" in text, text


def test_the_press_release_is_in_the_timeline_between_paper_and_story():
    timeline = load_table("story_timeline").set_index("source")
    paper, release, story = (timeline.at[s, "date"] for s in ("cox2015", "sheffield2015", "healthline2015"))
    assert paper <= release < story


def test_reworded_rows_say_only_what_the_speaker_said(ledger):
    by_id = ledger.set_index("id")
    assert "only" not in by_id.at["L18", "claim"]  # the clinician did not say "bones only"
    assert by_id.at["L18", "trace_where"] == "id=review_survival" and by_id.at["L18", "traced_value"] == 19
    assert "retracted" not in by_id.at["L08", "claim"]  # the course's comment lives in the note
    assert by_id.at["L08", "evidence"] == "secondary" and "C7" in by_id.at["L08", "evidence_2015"]
    l04 = by_id.at["L04", "note"]
    assert "44%" in l04 and "27%" in l04 and "no effect" in l04  # both halves of Bondareva 2009
    # "still no trial in people" is a statement about today: a 2009 mouse study cannot be its source
    assert by_id.at["L04", "source"] != "bondareva2009" and "not exhaustive" in l04
    # the grade is the vendor quotation's (C7), so the source is the retracted paper itself, not the notice
    assert by_id.at["L08", "source"] == "cox2015"
    # Citrin spoke in the present tense; the ledger must not soften it to a conditional
    assert "would" not in by_id.at["L11", "claim"] and "gives a better chance" in by_id.at["L11", "claim"]
    assert by_id.at["L10", "claim_type"] == "causal claim"  # no number of its own: a claim about trials
    assert "eisen2022" in by_id.at["L07", "best_figure_today"]  # the 2022 update is sourced


def test_the_85_percent_route_through_the_release_is_an_inference_not_a_fact(ledger):
    note = ledger.set_index("id").at["L15", "note"]
    assert "most likely" in note and "inference" in note and "the story took it from the release" not in note


def test_judgement_criteria_say_what_was_not_asked_and_what_came_before():
    reasons = load_table("news_criteria").set_index("number")["reason"]
    assert "half met" in reasons[6] and "conflicts of interest" in reasons[6]
    assert "2002" in reasons[9] and "kirschmann2002" in reasons[9]
    citation = load_table("references").set_index("key").at["kirschmann2002", "citation"]
    assert "Cancer Res 2002;62(15):4478" in citation  # as on the journal's page


def test_criterion_10_rests_on_the_press_release_that_was_found():
    reason = load_table("news_criteria").set_index("number").at[10, "reason"]
    assert "not seen" not in reason and "press release" in reason


def test_sumner_shares_carry_their_own_denominators():
    table = load_table("press_release_exaggeration").set_index("id")
    assert table.at["pr_advice", "condition"] == "all press releases"
    assert table.at["pr_causal", "condition"] == "press releases on correlational studies"
    assert table.at["pr_human", "condition"] == "press releases on non-human studies"
