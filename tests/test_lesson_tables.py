"""Facts in the lesson 01 and 06 tables that can be checked by arithmetic or by
reading the source, independently of the code that uses them."""

import pytest

from seedsoil.data import load_table


def _count(year, kind, measure, sex):
    counts = load_table("us_counts")
    row = counts[
        (counts["year"] == year) & (counts["kind"] == kind) & (counts["measure"] == measure) & (counts["sex"] == sex)
    ]
    assert len(row) == 1, f"expected one row for {year} {kind} {measure} {sex}"
    return int(row["count"].item())


def test_the_often_quoted_234190_is_women_plus_men_2015():
    # 231,840 invasive cases in women + 2,350 in men = 234,190 (2015 news story).
    women = _count(2015, "estimate", "invasive cases", "female")
    men = _count(2015, "estimate", "invasive cases", "male")
    assert (women, men) == (231_840, 2_350)
    assert women + men == 234_190


def test_2015_deaths_match_the_news_story():
    # The 2015 story: 40,290 women and 440 men expected to die.
    assert _count(2015, "estimate", "deaths", "female") == 40_290
    assert _count(2015, "estimate", "deaths", "male") == 440


def test_2020_observed_cases_fell_short_of_the_projection():
    # ACS projected 276,480; CDC observed 239,612: 36,868 fewer (about 13%).
    projected = _count(2020, "estimate", "invasive cases", "female")
    observed = _count(2020, "observed", "invasive cases", "female")
    assert projected - observed == 36_868
    assert (projected - observed) / projected == pytest.approx(0.1333, abs=1e-3)


def test_unconfirmed_2026_figures_are_not_in_the_table():
    assert 2026 not in set(load_table("us_counts")["year"])


def test_primary_count_rows_are_only_the_2015_women_rows_seen_in_the_source():
    counts = load_table("us_counts")
    primary = counts[counts["evidence"] == "primary"]
    assert set(zip(primary["year"], primary["sex"], primary["measure"], strict=True)) == {
        (2015, "female", "invasive cases"),
        (2015, "female", "deaths"),
    }


def test_stage_shares_sum_to_100():
    stages = load_table("stage_survival")
    parts = stages[stages["stage"] != "All stages"]["share_of_cases_pct"].sum()
    assert parts == pytest.approx(100)
    assert stages.set_index("stage").at["All stages", "share_of_cases_pct"] == 100


def test_ranges_are_ordered():
    for name, low, high in [
        ("bone_metastasis_facts", "value_low", "value_high"),
        ("survival_trend", "survival_low_pct", "survival_high_pct"),
        ("stage_survival", "survival_low_pct", "survival_high_pct"),
    ]:
        frame = load_table(name).dropna(subset=[low, high])
        assert (frame[low] <= frame[high]).all(), name


def test_coleman_rubens_values():
    # Coleman & Rubens 1987 abstract: 69% at death; 24 vs 3 months median survival.
    bone = load_table("bone_metastasis_facts").set_index("id")
    assert bone.at["cr1987_bone_at_death", "value_low"] == 69
    assert bone.at["cr1987_survival_bone_only", "value_low"] == 24
    assert bone.at["cr1987_survival_liver", "value_low"] == 3
    assert bone.loc[bone.index.str.startswith("cr1987"), "source"].eq("coleman1987").all()
    # The 85% belongs to hypercalcaemic patients only, and the row says so.
    assert "hypercalcaemi" in bone.at["cr1987_hypercalcaemia", "population"]


def test_mariotto_prevalence_grew_from_2013_to_2017():
    facts = load_table("metastatic_disease_facts").set_index("id")
    assert facts.at["mbc_prevalence_2017", "value"] == 154_794
    assert facts.at["mbc_prevalence_2013", "value"] == 138_622
    # De novo 5-year relative survival doubled: 18% -> 36%.
    assert facts.at["denovo_rs5_2005", "value"] / facts.at["denovo_rs5_1992", "value"] == 2


def test_life_table_probabilities_rise_with_age_and_illustrative_rows_say_so():
    table = load_table("life_table_female")
    for name, part in table.groupby("table"):
        assert part["age"].diff().dropna().eq(1).all(), f"{name}: ages must be consecutive"
        assert part["q_x"].is_monotonic_increasing, f"{name}: q_x should rise with age here"
    illustrative = table[table["table"] == "illustrative"]
    assert illustrative["evidence"].eq("illustrative").all()
    assert illustrative["source"].eq("course_assumption").all()


def test_simulation_parameters_are_all_illustrative():
    params = load_table("survival_simulation_parameters")
    assert params["evidence"].eq("illustrative").all()


def test_survival_trend_records_the_measure_of_each_source():
    # Each source uses one survival measure; the 2000-2005 ASCO analysis (the 22% quoted in
    # 2015 news) may be cause-specific, so it must not be labelled relative.
    trend = load_table("survival_trend")
    per_source = trend.groupby("source")["measure"].nunique()
    assert (per_source == 1).all(), per_source
    asco = trend[trend["source"] == "asco_seer_2000_2005"]
    assert set(asco["measure"]) == {"possibly cause-specific"}
    assert asco.set_index("stage").at["Distant", "survival_low_pct"] == 22
