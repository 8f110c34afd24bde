"""Lesson 10's tables and what its prose and activities say about them.

The lesson states, in words its code does not check: that survival with disease confined to the skeleton was
several times that after relapse in the liver (Predict 1); that all three Stopeck hazard ratios and their
intervals lie below 1 (Figure 1); that one radiotherapy fraction relieves pain about as often as several, the
odds ratio's interval including 1 (Check 4); that the simulated rates give about a third with a first event by
the horizon, of the order of the trials' on-study shares, and that 1 − KM lies above the cumulative incidence
(Predict 5); and that exactly one of Check 7's four statements is not rated "supported". Its clinician
statements are paraphrases, not quotations of the 2015 story. Round 2 adds: Saito's pooled complete-relief odds
ratio, the placebo-controlled survival row behind "did not lengthen life", the Stopeck title, no concept check
whose right answer is its longest option, the hand-worked 1 − KM column (5/8 against 1/2), the medical-advice
note at the top, and glossary links for the statistics terms.
"""

import re
from pathlib import Path

import pytest

from seedsoil.competing_risks import exponential_incidence
from seedsoil.data import describe_table, load_table

NEW_TABLES = ["skeletal_events", "radiotherapy_fractions", "competing_risks_parameters", "clinician_statements"]
STORY = Path(__file__).resolve().parents[2] / "shared" / "sources" / "news-story-2015.txt"


@pytest.mark.parametrize("name", NEW_TABLES)
def test_new_tables_have_sources_in_references_and_graded_evidence(name):
    frame = load_table(name)
    keys = set(load_table("references")["key"])
    assert frame["source"].notna().all() and set(frame["source"]) <= keys
    assert set(frame["evidence"]) <= {"primary", "secondary", "illustrative"}
    assert describe_table(name)["schema"]["primaryKey"]


@pytest.mark.parametrize("name", NEW_TABLES)
def test_new_tables_match_their_declared_columns(name):
    declared = [field["name"] for field in describe_table(name)["schema"]["fields"]]
    assert list(load_table(name).columns) == declared


def test_new_references_have_an_address():
    refs = load_table("references").set_index("key")
    for key in ["coleman1997", "plunkett2000", "bmccancer2010_pain", "saito2019", "chow2019", "elhawwari2012",
                "himelstein2015_asco", "cancertreatmenttoday2015"]:  # fmt: skip
        assert isinstance(refs.at[key, "doi"], str) or isinstance(refs.at[key, "url"], str), key


def test_coleman_rubens_hypercalcaemia_and_pain_rows():
    # Coleman & Rubens 1987 abstract: 10% developed hypercalcaemia; 15% of those with disease confined to bone.
    events = load_table("skeletal_events").set_index("id")
    assert events.at["hypercalcaemia_breast", "value_high"] == 10
    assert events.at["hypercalcaemia_bone_only", "value_high"] == 15
    # BMC Cancer 2010: 270 with pain, 396 without, 666 with known status.
    assert events.at["pain_at_diagnosis", "value_high"] + 396 == events.at["pain_known_total", "value_high"] == 666
    assert events.at["pain_at_diagnosis", "value_high"] / events.at["pain_known_total", "value_high"] < 0.5
    # Martin 2012: first radiation to bone 123 (12%) vs 162 (16%) of 1,026 and 1,020 women.
    assert round(100 * 123 / 1026) == events.at["radiation_first_denosumab", "value_high"]
    assert round(100 * 162 / 1020) == events.at["radiation_first_zoledronic", "value_high"]


def test_bone_only_survival_is_several_times_that_after_liver_relapse():
    facts = load_table("bone_metastasis_facts").set_index("id")
    assert facts.at["cr1987_survival_bone_only", "value_high"] / facts.at["cr1987_survival_liver", "value_high"] > 2


def test_all_three_stopeck_intervals_lie_below_one():
    stopeck = load_table("bone_agent_trials").query("trial == 'Stopeck 2010'")
    assert len(stopeck) == 3
    assert (stopeck["ci_high"] < 1).all()


def test_radiotherapy_rates_match_the_published_counts_and_the_interval_includes_one():
    # Saito 2019 abstract: 884 of 1321 vs 953 of 1360 (overall); 195 of 753 vs 289 of 821 (complete).
    radio = load_table("radiotherapy_fractions").set_index("id")
    overall, complete = radio.loc["saito_overall_response"], radio.loc["saito_complete_response"]
    assert (overall["single_fraction"], overall["multiple_fraction"]) == (
        round(100 * 884 / 1321),
        round(100 * 953 / 1360),
    )
    assert (complete["single_fraction"], complete["multiple_fraction"]) == (
        round(100 * 195 / 753),
        round(100 * 289 / 821),
    )
    assert overall["ci_low"] < 1 < overall["ci_high"]
    assert radio.at["chow2019_meta", "studies"] == 29


def test_simulation_parameters_are_illustrative_and_give_about_a_third_by_the_horizon():
    params = load_table("competing_risks_parameters").set_index("parameter")
    assert (params["evidence"] == "illustrative").all() and (params["source"] == "course_assumption").all()
    value = params["value"]
    true_cif, true_naive = exponential_incidence([value["horizon"]], value["event_rate"], value["death_rate"])
    findings = load_table("bone_agent_findings").set_index("id")
    trial_shares = findings.loc[["stopeck_sre_denosumab", "stopeck_sre_zoledronic", "calgb70604_sre_12w"], "value"]
    assert trial_shares.min() / 100 - 0.01 <= true_cif[0] <= trial_shares.max() / 100  # "of the order of the trials"
    assert true_naive[0] > true_cif[0]  # Predict 5: 1 - KM above the cumulative incidence


def test_check_7s_answer_is_the_statement_without_any_measurement():
    # Check 7's key is "c" (statement 5, quality of life): the only one of its four options that the course rates
    # "not tested here", so the printed verdicts single it out; pain (statement 3) has a measure, severity aside.
    statements = load_table("clinician_statements").set_index("id")
    verdicts = statements["verdict"]
    assert verdicts["live_for_years"] == verdicts["lox_no_help_now"] == "supported"
    assert verdicts["pain_varies"] == "partly supported"
    assert verdicts["good_quality_of_life"] == "not tested here"
    assert "no quality-of-life numbers" in statements.at["good_quality_of_life", "note"].lower()
    assert "severity" in statements.at["pain_varies", "note"]
    assert "any kind" in statements.at["fracture_mobility", "evidence_in_lesson"]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


@pytest.mark.skipif(not STORY.exists(), reason="the 2015 story is not in this checkout")
def test_statements_paraphrase_the_story_rather_than_quote_it():
    story = _words(STORY.read_text(encoding="utf-8"))
    runs = {" ".join(story[i : i + 6]) for i in range(len(story) - 5)}
    for statement in load_table("clinician_statements")["statement"]:
        words = _words(statement)
        copied = [" ".join(words[i : i + 6]) for i in range(len(words) - 5) if " ".join(words[i : i + 6]) in runs]
        assert not copied, f"six words in a row from the story: {copied[0]!r}"


@pytest.mark.skipif(not STORY.exists(), reason="the 2015 story is not in this checkout")
def test_the_lesson_prose_does_not_copy_the_story():
    import nbformat

    story = _words(STORY.read_text(encoding="utf-8"))
    runs = {" ".join(story[i : i + 8]) for i in range(len(story) - 7)}
    path = Path(__file__).resolve().parents[1] / "notebooks" / "10_living_with_bone_metastasis.ipynb"
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            words = _words(cell.source)
            copied = [" ".join(words[i : i + 8]) for i in range(len(words) - 7) if " ".join(words[i : i + 8]) in runs]
            assert not copied, f"eight words in a row from the story: {copied[0]!r}"


NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "10_living_with_bone_metastasis.ipynb"


def _cells():
    import nbformat

    return nbformat.read(NOTEBOOK, as_version=4).cells


def test_saito_complete_relief_has_the_pooled_odds_ratio_and_no_difference():
    # Saito 2019 abstract: complete response pooled OR 0.89 (95% CI 0.70-1.13); no significant difference.
    complete = load_table("radiotherapy_fractions").set_index("id").loc["saito_complete_response"]
    assert (complete["odds_ratio"], complete["ci_low"], complete["ci_high"]) == (0.89, 0.70, 1.13)
    assert complete["ci_low"] < 1 < complete["ci_high"]


def test_survival_claim_rests_on_placebo_controlled_evidence_graded_as_seen():
    # Cochrane CD003474.pub4, as quoted in summaries: overall survival RR 1.01 (0.91-1.11) against placebo or none.
    row = load_table("skeletal_events").set_index("id").loc["ocarrigan2017_os_rr"]
    assert row["value_high"] == 1.01 and row["source"] == "ocarrigan2017_cochrane" and row["evidence"] == "secondary"
    refs = load_table("references").set_index("key")
    assert refs.at["ocarrigan2017_cochrane", "doi"] == "10.1002/14651858.CD003474.pub4"
    assert "compared with zoledronic acid for the treatment of bone metastases" in refs.at["stopeck2010", "citation"]
    assert "21060033" in refs.at["stopeck2010", "url"]


def test_clinicians_first_statement_is_judged_and_paraphrases_do_not_overreach():
    statements = load_table("clinician_statements").set_index("id")
    assert statements.at["treatable_not_curable", "verdict"] == "supported"
    assert "restored" not in statements.at["good_quality_of_life", "statement"]


def _options(markdown: str) -> dict[str, str]:
    return dict(re.findall(r"^- `([a-d])` (.+)$", markdown, flags=re.M))


def test_the_right_answer_is_never_the_longest_option():
    # A test-wise student should not score by picking the longest, most hedged option.
    cells = _cells()
    for name in ["Check 1", "Check 2", "Check 3", "Check 4", "Predict 5", "Check 7"]:
        stem = next(c.source for c in cells if c.cell_type == "markdown" and c.source.startswith(f"**{name}."))
        key = next(
            re.search(r'check_choice\((?:answer|guess)_\d, "([a-d])"', c.source).group(1)
            for c in cells
            if c.cell_type == "code" and c.get("metadata", {}).get("seedsoil", {}).get("activity") == name
        )
        lengths = {letter: len(_words(text)) for letter, text in _options(stem).items()}
        assert len(lengths) == 4 and lengths[key] < max(lengths.values()), (name, key, lengths)


def test_worked_example_shows_one_minus_km_beside_the_cumulative_incidence():
    # By hand: F(3) = 1/4 + 1/2 x 1/2 = 1/2; 1 - KM(3) = 1 - 3/4 x 1/2 = 5/8 (the death censored).
    table = next(c.source for c in _cells() if c.source.startswith("**Exercise 6."))
    row_3 = next(line for line in table.splitlines() if line.startswith("| 3 |"))
    assert row_3.rstrip(" |").endswith("= 5/8") and "= 1/2 |" in row_3


def test_not_medical_advice_near_the_top_and_at_the_end_and_no_lint_markers_for_students():
    cells = _cells()
    assert "not medical advice" in cells[1].source and "not medical advice" in cells[-1].source
    visible = [c for c in cells if c.cell_type == "code" and not c.metadata.get("jupyter", {}).get("source_hidden")]
    assert not [c.id for c in visible if "# noqa" in c.source]


def test_statistics_terms_link_to_the_glossary():
    prose = "\n".join(c.source for c in _cells() if c.cell_type == "markdown")
    for slug in ["one-sided-test", "odds-ratio", "non-inferiority-margin"]:
        assert f"glossary.ipynb#{slug})" in prose, slug


def _core():
    cells = _cells()
    end = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("## Going further"))
    return cells[:end], cells[end:]


def _activity(cells, name):
    return next(c for c in cells if c.get("metadata", {}).get("seedsoil", {}).get("activity") == name)


def test_the_intro_counts_the_core_questions_it_has():
    core, _ = _core()
    names = [
        c.metadata["seedsoil"]["activity"] for c in core if "activity" in c.get("metadata", {}).get("seedsoil", {})
    ]
    questions = [n for n in names if not n.startswith("Exercise")]
    words = {4: "four", 5: "five", 6: "six"}
    intro = next(c.source for c in core if c.source.startswith("## Before you start"))
    assert f"{words[len(questions)]} quick questions" in intro, questions
    for name in questions:
        assert name.replace("Check ", "").replace("Predict ", "") in intro, name


def test_check_1_comes_after_both_old_medians_and_the_recent_registry_median():
    # Objective 1 is checked after the data (not only by a guess before it), and the 3-month liver figure is
    # balanced in Section 1 by the recent registry median (Gong 2018: 30 months, from first diagnosis).
    core, _ = _core()
    ids = [c.id for c in core]
    data = next(c for c in core if c.cell_type == "code" and "cr1987_survival_liver" in c.source)
    check = _activity(core, "Check 1")
    assert not data.metadata.get("jupyter", {}).get("source_hidden")
    assert "survival_bone_at_diagnosis_seer" in data.source and ids.index(data.id) < ids.index(check.id)
    assert load_table("skeletal_events").set_index("id").at["survival_bone_at_diagnosis_seer", "value_high"] == 30
    objectives = next(c for c in core if c.get("metadata", {}).get("seedsoil", {}).get("objectives"))
    assert objectives.metadata["seedsoil"]["objectives"][0] == ["Check 1"]


def test_predict_5_asks_for_the_reason_and_labels_its_numbers_simulated():
    core, _ = _core()
    stem = next(c.source for c in core if c.source.startswith("**Predict 5."))
    options = _options(stem)
    assert len(options) == 4 and "why" in stem.splitlines()[0]
    assert sum(text.startswith("1 − KM higher") for text in options.values()) == 2  # the direction alone is not enough
    check = _activity(core, "Predict 5").source
    for line in check.splitlines():
        if "naive_2:" in line and "cif_2:" in line:
            assert "SIMULATED" in line, line


def test_check_7_options_name_statements_and_only_the_key_is_unmeasured():
    core, _ = _core()
    stem = next(c.source for c in core if c.source.startswith("**Check 7."))
    statements = load_table("clinician_statements")
    verdicts = dict(enumerate(statements["verdict"], start=1))
    numbers = {letter: int(re.match(r"statement (\d)", text).group(1)) for letter, text in _options(stem).items()}
    unmeasured = [letter for letter, n in numbers.items() if verdicts[n] == "not tested here"]
    assert unmeasured == ["c"]
    assert "lox" not in stem.lower()  # LOX is not introduced before the question, so it is not an option


def test_the_deaths_in_the_incidence_slip_gets_the_hint_about_the_incidence_line():
    # A student who writes incidence += free * (d + c) / at_risk gets 1 - S (3/4 at time 3 by hand, not 1/2);
    # the check matches that slip, so its hint must name the incidence line, not only the return.
    from seedsoil.competing_risks import event_counts, stepwise_incidence

    def slipped(times, events, t):
        free, incidence = 1.0, 0.0
        for at_risk, d, c in event_counts(times, events, t):
            incidence += free * (d + c) / at_risk
            free *= 1 - (d + c) / at_risk
        return incidence

    assert slipped([1, 2, 3, 4], [1, 2, 1, 0], 3) == pytest.approx(3 / 4)
    assert slipped([1, 2, 3, 4], [1, 2, 1, 0], 3) == stepwise_incidence(
        [1, 2, 3, 4], [1, 2, 1, 0], 3, slip="deaths in F"
    )
    setup = next(c.source for c in _cells() if "slips_6 = {" in c.source)
    hint = re.search(r'"deaths in F": (.+?),\n    "', setup, flags=re.S).group(1)  # may span two string literals
    assert "incidence line" in hint and "d + c" in hint
    slips = setup[setup.index("slips_6 = {") :]
    # "returns 1 - S" gives the same numbers; if listed at all, it must come after, or its hint would win.
    assert '"returns 1 - S"' not in slips or slips.index('"deaths in F"') < slips.index('"returns 1 - S"')


def test_the_exercise_6_stub_gives_equation_1_and_asks_for_equation_2():
    stub = next(c.source for c in _cells() if c.cell_type == "code" and "def my_incidence" in c.source)
    assert "incidence += free * d / at_risk" in stub and "free *=" not in stub.split("raise")[0]


def test_the_star_in_figure_1_is_explained_the_way_the_data_record_it():
    # The Stopeck primary HR row was seen only as quoted in the trial group's own 2009 conference abstract.
    row = load_table("bone_agent_trials").query("trial == 'Stopeck 2010' and evidence == 'secondary'").iloc[0]
    assert "trial group" in row["note"]
    section_2 = next(c.source for c in _cells() if c.source.startswith("## 2. Drugs"))
    assert "trial group" in section_2 and "by others" not in section_2


def test_figure_1s_hypercalcaemia_row_is_called_a_separate_endpoint():
    stopeck = load_table("bone_agent_trials").query("trial == 'Stopeck 2010'")
    assert stopeck["outcome"].str.contains("hypercalcaemia").sum() == 1
    prose = next(c.source for c in _cells() if c.source.startswith("A hazard ratio below 1"))
    assert "separate endpoint" in prose and "hypercalcaemia" in prose


def test_the_cord_compression_warning_cites_public_health_information():
    cells = _cells()
    section_1 = next(c.source for c in cells if c.source.startswith("## 1. What cancer in bone does"))
    number = int(re.search(r"NHS patient information \[(\d+)\]", section_1).group(1))
    import ast

    call = next(c.source for c in cells if "show_references([" in c.source)
    ast_keys = ast.literal_eval(call[call.index("[") : call.rindex("]") + 1])
    keys = load_table("references").set_index("key")
    assert ast_keys[number - 1] == "rnoh_mscc" and keys.at["rnoh_mscc", "url"].startswith("https://www.rnoh.nhs.uk/")


def test_dense_material_moved_to_going_further_not_deleted():
    core, further = _core()
    core_md = "\n".join(c.source for c in core if c.cell_type == "markdown")
    further_md = "\n".join(c.source for c in further if c.cell_type == "markdown")
    assert "one-sided-test" in further_md and "one-sided-test" not in core_md
    assert "as the course guesses" in further_md and "as seems likely" not in core_md + further_md
    assert core_md.count("acute-phase") == 0 and further_md.count("glossary.ipynb#hypocalcaemia") == 1
    visible = [c for c in core if c.cell_type == "code" and not c.metadata.get("jupyter", {}).get("source_hidden")]
    assert not [c.id for c in visible if "swapped" in c.source or "shown = " in c.source]
