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
    assert {"supported", "misattributed", "retracted", "unsupported", "outdated", "opinion"} <= set(ledger["verdict"])
    assert set(ledger["claimant"]) == {"reporter", "study author", "clinician"}


def test_retracted_verdicts_rest_on_the_retraction_or_the_retracted_work(ledger):
    retracted = ledger[ledger["verdict"] == "retracted"]
    assert len(retracted) >= 3
    assert set(retracted["source"]) <= {"cox2015_retraction", "cox2018_review"}


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
    assert row["verdict"] == "outdated" and "UNCONFIRMED" in row["evidence_2015"]
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
