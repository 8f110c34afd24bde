"""Lesson-level checks for lesson 05: what its prose and its activities say must hold in the data and the model.

The lesson states, in words the code does not print: that only one charted interval crosses 1 and that
postmenopausal women had the lower rate ratio on every outcome (Figure 1); that their intervals are the longer
ones (Predict 2); that halving the baseline
risk doubles the NNT (Predict 4) and that equation (2) flatters the drug at high risk (Going further, part 2);
that in the tumour model a late drug stops further loss but gives nothing back, while under the LOX assumption a
drug started on arrival meets the full loss and then lets bone recover most of the way (Figures 3 and 4,
Predict 6, Exercise 10); and that the weakest dose ends above normal bone (part 3).
"""

import numpy as np
import pytest

from seedsoil import bone
from seedsoil.absolute_risk import ci_crosses_one, number_needed_to_treat
from seedsoil.bisphosphonate import bisphosphonate
from seedsoil.data import load_table
from seedsoil.lox import bone_lost, lox_drive


@pytest.fixture(scope="module")
def trials():
    return load_table("bisphosphonate_trials").dropna(subset=["rate_ratio"])


@pytest.fixture(scope="module")
def assumptions():
    return load_table("bisphosphonate_assumptions").set_index("parameter")["value"]


def _group(trials, population):
    return trials[trials["population"] == population].set_index("outcome")


def test_only_recurrence_in_all_women_crosses_one(trials):
    crossing = [
        (o, p)
        for o, p, lo, hi in trials[["outcome", "population", "ci_low", "ci_high"]].to_numpy()
        if ci_crosses_one(lo, hi)
    ]
    assert crossing == [("recurrence", "all women")]


def test_postmenopausal_women_lower_on_every_outcome_and_bone_moves_most(trials):
    post, everyone = _group(trials, "postmenopausal women"), _group(trials, "all women")
    assert (post["rate_ratio"] < everyone.loc[post.index, "rate_ratio"]).all()
    assert (post["ci_high"] < 1).all()
    assert post["rate_ratio"].idxmin() == everyone["rate_ratio"].idxmin() == "bone recurrence"


def test_postmenopausal_intervals_are_longer_on_the_log_axis_and_rest_on_fewer_women(trials):
    post, everyone = _group(trials, "postmenopausal women"), _group(trials, "all women")
    length = {name: np.log(g["ci_high"] / g["ci_low"]) for name, g in (("post", post), ("all", everyone))}
    assert (length["post"] > length["all"].loc[post.index]).all()  # Predict 2: option a
    assert (post["n_women"] < everyone.loc[post.index, "n_women"]).all()


@pytest.mark.parametrize("population", ["postmenopausal women", "all women"])
def test_halving_the_baseline_risk_doubles_the_nnt(trials, assumptions, population):
    rr = _group(trials, population).at["bone recurrence", "rate_ratio"]
    p0 = assumptions["baseline_risk"]
    assert number_needed_to_treat(p0 / 2, rr) / number_needed_to_treat(p0, rr) == pytest.approx(2.0)


def test_the_all_women_curve_lies_above_and_the_approximation_flatters_at_high_risk(trials, assumptions):
    risks = np.linspace(assumptions["baseline_risk_min"], assumptions["baseline_risk_max"], 200)
    post_rr = _group(trials, "postmenopausal women").at["bone recurrence", "rate_ratio"]
    all_rr = _group(trials, "all women").at["bone recurrence", "rate_ratio"]
    assert (number_needed_to_treat(risks, all_rr) > number_needed_to_treat(risks, post_rr)).all()
    gap = number_needed_to_treat(risks, post_rr, method="proportional hazards") - number_needed_to_treat(risks, post_rr)
    assert (gap > 0).all() and gap[-1] > gap[0]


def test_the_nnt_hints_of_exercise_3_can_each_be_told_apart(trials, assumptions):
    # Each known mistake must differ from the right answer on the checked cases, or its hint could never show.
    rrs = [_group(trials, g).at["bone recurrence", "rate_ratio"] for g in ("postmenopausal women", "all women")]
    risks = [assumptions[k] for k in ("baseline_risk", "baseline_risk_min", "baseline_risk_max")]
    right = np.array([number_needed_to_treat(p, rr) for p in risks for rr in rrs])
    mistakes = [
        lambda p0, rr: 1 / (1 - rr),
        lambda p0, rr: 1 / (p0 * rr),
        lambda p0, rr: 1 / (100 * (p0 - p0 * rr)),
        lambda p0, rr: 100 / (p0 - p0 * rr),
        lambda p0, rr: 1 / (p0 * rr - p0),
        lambda p0, rr: p0 - p0 * rr,
    ]
    for wrong in mistakes:
        assert not np.allclose([wrong(p, rr) for p in risks for rr in rrs], right, rtol=1e-6)
    assert np.allclose([1 / (p - p * rr) for p in risks for rr in rrs], right)


@pytest.fixture(scope="module")
def tumour(assumptions):
    rows = load_table("bone_model_parameters").query("model == 'ayati2010_tumour'").set_index(["kind", "name"])
    start = tuple(rows.at[("start", n), "value"] for n in ("osteoclasts", "osteoblasts", "bone_mass", "tumour"))
    days = rows.at[("setting", "days"), "value"]
    params = bone.Parameters.ayati2010_tumour()

    def run(**drug):
        return bone.simulate(params, start, days, modifiers=bisphosphonate(**drug) if drug else ())

    return run, assumptions


def test_tumour_case_no_drug_rises_above_normal_then_falls(tumour):
    run, _ = tumour
    mass = run()["bone_mass"]
    assert mass.max() > 105 and mass.iloc[-1] < 50


def test_tumour_case_early_drug_prevents_and_late_drug_gives_nothing_back(tumour):
    run, a = tumour
    early = run(removal_factor=a["removal_factor"])["bone_mass"]
    assert abs(early.iloc[-1] - 100) < 1
    late = run(removal_factor=a["removal_factor"], start=a["late_start_day"]).set_index("day")["bone_mass"]
    at_start = late[late.index >= a["late_start_day"]].iloc[0]
    after = late[late.index >= a["late_start_day"]]
    assert at_start < 100  # some loss already made
    assert after.max() <= at_start + 0.1 and after.min() >= at_start - 0.5  # no gain back, no further loss


def test_the_weakest_dose_ends_above_normal(tumour):
    run, a = tumour
    assert run(removal_factor=a["removal_factor_low"])["bone_mass"].iloc[-1] > 100


@pytest.fixture(scope="module")
def lox_runs(assumptions):
    values = load_table("lox_assumptions").set_index("name")["value"]
    kom = bone.Parameters.komarova2003()
    rest = (*bone.steady_state(kom), 100.0)
    priming = lox_drive(values["effect"], 0.0, values["lox_days"])
    starts = {"LOX, no drug": None, "LOX + drug": 0.0, "LOX + late drug": values["arrival_day"]}
    runs = {}
    for name, day in starts.items():
        drug = () if day is None else bisphosphonate(removal_factor=assumptions["removal_factor"], start=day)
        runs[name] = bone.simulate(kom, rest, values["days"], modifiers=[priming, *drug])
    return runs, values


def test_lox_a_drug_on_arrival_meets_the_full_loss_and_an_early_one_prevents_it(lox_runs):
    runs, v = lox_runs
    lost = {name: bone_lost(run, v["arrival_day"]) for name, run in runs.items()}
    assert lost["LOX, no drug"] > 1
    assert lost["LOX + late drug"] == pytest.approx(lost["LOX, no drug"], rel=0.05)  # Predict 6: option a
    assert lost["LOX + drug"] < 0.05 * lost["LOX, no drug"]


def test_lox_late_drug_recovers_most_of_the_way_and_no_drug_rebounds_above_normal(lox_runs):
    runs, v = lox_runs
    at_arrival = bone_lost(runs["LOX + late drug"], v["arrival_day"])
    at_end = bone_lost(runs["LOX + late drug"], v["days"])
    assert 0 < at_end < 0.25 * at_arrival  # Exercise 10's answer is not 0, and bone is mostly back
    assert runs["LOX, no drug"]["bone_mass"].iloc[-1] > 100


# Going further, parts 5-7: denosumab, the guidelines, harms and the menopause trials.


@pytest.fixture(scope="module")
def agents():
    return load_table("bone_agent_trials")


def test_the_denosumab_forest_plot_draws_every_row_of_the_table(agents):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from seedsoil import plotting

    fig, ax = plt.subplots()
    plotting.plot_forest(ax, agents, label="label", value="hazard_ratio", group="population")
    # The estimates are the data lines of the error-bar containers (caps are lines too under the course style).
    points = np.concatenate([bars.lines[0].get_xdata() for bars in ax.containers])
    assert sorted(points) == sorted(agents["hazard_ratio"])
    assert [t.get_text() for t in ax.get_yticklabels()] == list(dict.fromkeys(agents["label"]))
    plt.close(fig)


def test_the_two_adjuvant_trials_point_different_ways(agents):
    rows = agents.set_index(["label", "population"])
    bmfs = rows.loc[("D-CARE: bone-metastasis-free survival", "women with high-risk stage II-III breast cancer")]
    dfs = rows.loc[("ABCSG-18: disease-free survival", "postmenopausal women on aromatase inhibitors")]
    first_bone = rows.loc[("D-CARE: time to first bone metastasis", "all women")]
    assert ci_crosses_one(bmfs["ci_low"], bmfs["ci_high"]) and not ci_crosses_one(dfs["ci_low"], dfs["ci_high"])
    assert ci_crosses_one(first_bone["ci_low"], first_bone["ci_high"])
    # The prose calls D-CARE's headline number unconfirmed and ABCSG-18's primary (the trial group's own
    # abstract), and the younger/premenopausal subgroups below 1.
    assert bmfs["evidence"] == "secondary" and dfs["evidence"] == "primary"
    for population in ("women under 50", "premenopausal women"):
        assert rows.loc[("D-CARE: time to first bone metastasis", population), "ci_high"] < 1


def test_harms_fractures_and_menopause_trials_hold_as_the_lesson_says():
    findings = load_table("bone_agent_findings").set_index("id")["value"]
    onj = [findings[f"swog_onj_{y}y"] for y in (1, 2, 3)]
    assert onj == sorted(onj)  # "built up year by year"
    assert findings["zol_acute_phase_pretreated"] < findings["zol_acute_phase_naive"]
    assert findings["abcsg18_onj_cases"] == findings["abcsg12_onj_renal_cases"] == 0
    assert findings["zol_creatinine_rise_zoledronic"] > findings["zol_creatinine_rise_placebo"]  # "more common"
    for months in (36, 84):
        assert findings[f"abcsg18_fractures_{months}m_denosumab"] < findings[f"abcsg18_fractures_{months}m_placebo"]
    assert findings["calgb70604_sre_12w"] - findings["calgb70604_sre_4w"] < findings["calgb70604_margin"]
    assert findings["abcsg12_dfs_zoledronic"] > findings["abcsg12_dfs_endocrine_alone"]


def test_the_guidelines_offer_bisphosphonates_after_menopause_and_not_denosumab():
    g = load_table("bone_agent_guidelines").set_index("id")["recommendation"]
    assert "postmenopausal" in g["g2022_who"] and "whatever the tumour's hormone-receptor and HER2" in g["g2022_who"]
    assert g["g2022_denosumab"].startswith("Adjuvant denosumab is not recommended")


def test_lesson_05_reads_the_new_tables():
    from notebook_tools import ROOT, code_cells, read, source

    code = "\n".join(source(c) for c in code_cells(read(ROOT / "notebooks" / "05_preventing_bone_metastasis.ipynb")))
    for table in ("bone_agent_trials", "bone_agent_findings", "bone_agent_guidelines"):
        assert f'load_table("{table}")' in code
    assert 'plot_forest(\n    bottom,\n    shown,\n    label="label",\n    value="hazard_ratio"' in code
