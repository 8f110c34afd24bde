"""The cascade attrition model against hand-derived values and sampling theory.

Why the tolerances below are what they are
------------------------------------------
Cells shed on one day ~ Poisson(m r). Days are independent, so the total over
D days ~ Poisson(m r D). Keeping each cell independently with probability p
(binomial thinning) turns a Poisson(mu) count into a Poisson(mu p) count, so
the total that passes steps 1..k is Poisson(mu_k) with
mu_k = m r D p_1 ... p_k, whose variance equals its mean. The mean over R
independent replicates therefore has standard error sqrt(mu_k / R). We accept
a simulated mean within 5 standard errors of mu_k: a correct simulator fails
that with probability about 6e-7 per comparison, a wrong one (a step skipped,
a probability squared, days or mass ignored) misses by far more.
"""

import math
from dataclasses import replace

import numpy as np
import pytest

from seedsoil.cascade import (
    CascadeParameters,
    expected_counts,
    funnel_summary,
    simulate_cascade,
    thin,
)


def params(mass=1.0, rate=1000.0, probs=(0.5, 0.1)):
    steps = tuple(f"step {i + 1}" for i in range(len(probs)))
    return CascadeParameters(mass, rate, steps, probs)


def test_hand_computed_expectation():
    # 1 g x 1000 cells/g/day x 10 days = 10,000 cells shed;
    # half survive step 1 -> 5,000; a tenth of those pass step 2 -> 500.
    got = expected_counts(params(), days=10)
    np.testing.assert_allclose(got, [10_000, 5_000, 500])


def test_course_defaults_follow_the_tables():
    # Butler & Gullino 1975: 3.2e6 cells/g/day, tumours of 2-4 g (so 2 g by default);
    # Koop 1995: 0.8; illustrative 0.025 and 0.01 (product from injection 0.0002).
    p = CascadeParameters.from_data()
    assert p.tumour_mass_g == 2.0
    assert p.shedding_per_g_per_day == 3.2e6
    assert p.probabilities == (0.8, 0.025, 0.01)
    # 2 g x 3.2e6 x 365 d x 0.8 x 0.025 x 0.01 = 467,200 cells, by hand.
    assert expected_counts(p, days=365)[-1] == pytest.approx(467_200)
    assert math.prod(p.probabilities) == pytest.approx(0.0002)
    regressing = CascadeParameters.from_data(3.0, condition="regressing")
    assert regressing.shed_per_day == pytest.approx(3.0 * 4.1e6)


@pytest.mark.parametrize(
    ("mass", "rate", "probs", "days", "replicates"),
    [
        (1.0, 1000.0, (0.5, 0.1), 10, 400),
        (2.0, 3.2e6, (0.8, 0.025, 0.01), 365, 50),  # the lesson's defaults
        (0.01, 50.0, (0.9, 0.3, 0.05, 0.5), 30, 2000),  # few cells: counts near 0
        (3.0, 4.1e6, (1.0, 0.0), 5, 20),  # certain and impossible steps
    ],
)
def test_simulated_mean_matches_closed_form(mass, rate, probs, days, replicates):
    p = params(mass, rate, probs)
    counts = simulate_cascade(p, days=days, replicates=replicates, rng=np.random.default_rng(7))
    assert counts.shape == (replicates, days, len(probs) + 1)
    totals = counts.sum(axis=1)
    mu = mass * rate * days * np.cumprod([1.0, *probs])  # by hand, not via the package
    se = np.sqrt(mu / replicates)
    assert np.all(np.abs(totals.mean(axis=0) - mu) <= 5 * se + 1e-12)


def test_counts_never_grow_along_the_cascade():
    counts = simulate_cascade(
        params(probs=(0.7, 0.7, 0.7)),
        days=20,
        replicates=50,
        rng=np.random.default_rng(1),
    )
    assert (np.diff(counts, axis=-1) <= 0).all()
    assert counts.dtype == np.int64


def test_variance_is_poisson_like():
    # Thinned Poisson counts are Poisson: variance = mean. With R = 4000 replicates
    # the sample variance has relative SE about sqrt(2 / R) = 2.2%; allow 15%.
    counts = simulate_cascade(params(probs=(0.5,)), days=1, replicates=4000, rng=np.random.default_rng(3))
    last = counts[:, 0, -1]
    assert last.var(ddof=1) == pytest.approx(500.0, rel=0.15)


def test_same_seed_same_result_other_seed_differs():
    p = CascadeParameters.from_data()
    a = simulate_cascade(p, days=30, replicates=5, rng=np.random.default_rng(2015))
    b = simulate_cascade(p, days=30, replicates=5, rng=np.random.default_rng(2015))
    c = simulate_cascade(p, days=30, replicates=5, rng=np.random.default_rng(2016))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_billions_of_cells_do_not_overflow():
    p = params(mass=1000.0, rate=1e9, probs=(0.5,))  # 1e12 cells per day
    counts = simulate_cascade(p, days=3, replicates=2, rng=np.random.default_rng(0))
    assert counts[..., 0].min() > 0.99e12


def test_thin_keeps_shape_and_extremes():
    rng = np.random.default_rng(0)
    out = thin(np.array([[10, 0], [5, 7]]), [1.0, 0.0], rng)
    assert out.shape == (2, 2, 3)
    np.testing.assert_array_equal(out[..., 1], [[10, 0], [5, 7]])
    assert (out[..., 2] == 0).all()


def test_funnel_summary_columns_and_expectation():
    p = params()
    counts = simulate_cascade(p, days=10, replicates=100, rng=np.random.default_rng(4))
    table = funnel_summary(counts, p)
    assert list(table.columns) == ["stage", "expected", "mean", "low", "high"]
    np.testing.assert_allclose(table["expected"], [10_000, 5_000, 500])
    assert (table["low"] <= table["mean"]).all() and (table["mean"] <= table["high"]).all()


def test_with_probability_changes_one_step_only():
    p = CascadeParameters.from_data()
    q = p.with_probability(p.steps[-1], 0.001)
    assert q.probabilities == (0.8, 0.025, 0.001)
    assert p.probabilities[-1] == 0.01
    with pytest.raises(ValueError, match=r"No step named 'fly'.*the steps are"):
        p.with_probability("fly", 0.5)


# --- bad input ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"tumour_mass_g": 0}, ValueError, r"tumour_mass_g must be > 0 grams; got 0"),
        ({"tumour_mass_g": -2.0}, ValueError, r"tumour_mass_g must be > 0"),
        ({"tumour_mass_g": "2 g"}, TypeError, r"tumour_mass_g must be a real number"),
        (
            {"tumour_mass_g": float("nan")},
            ValueError,
            r"tumour_mass_g must be a finite",
        ),
        (
            {"shedding_per_g_per_day": -1},
            ValueError,
            r"shedding_per_g_per_day must be >= 0",
        ),
        ({"tumour_mass_g": 1e13}, ValueError, r"beyond what the simulator handles"),
        (
            {"probabilities": (0.5, 1.5)},
            ValueError,
            r"probabilities\[1\] \(step 2\).*\[0, 1\]; got 1.5",
        ),
        (
            {"probabilities": (80, 0.1)},
            ValueError,
            r"looks like a percentage; divide by 100",
        ),
        ({"probabilities": (-0.1, 0.1)}, ValueError, r"probabilities\[0\].*got -0.1"),
        ({"probabilities": (True, 0.1)}, TypeError, r"probabilities\[0\].*real number"),
        ({"probabilities": (0.5,)}, ValueError, r"has 1 values but steps names 2"),
        ({"steps": ("a", "")}, TypeError, r"steps must be non-empty strings"),
    ],
)
def test_bad_parameters_raise_naming_the_parameter(change, error, message):
    with pytest.raises(error, match=message):
        replace(params(), **change)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"days": 0}, ValueError, r"days must be >= 1; got 0"),
        ({"days": 1.5}, TypeError, r"days must be a whole number.*float"),
        ({"replicates": 0}, ValueError, r"replicates must be >= 1; got 0"),
        ({"replicates": "10"}, TypeError, r"replicates must be a whole number"),
        ({"rng": 42}, TypeError, r"rng must be a numpy Generator.*default_rng"),
        (
            {"rng": np.random.RandomState(0)},
            TypeError,
            r"rng must be a numpy Generator",
        ),
    ],
)
def test_bad_simulation_arguments_raise(kwargs, error, message):
    args = {"days": 10, "replicates": 3, "rng": np.random.default_rng(0)} | kwargs
    with pytest.raises(error, match=message):
        simulate_cascade(params(), **args)


def test_bad_params_object_and_counts():
    with pytest.raises(TypeError, match=r"params must be CascadeParameters.*from_data"):
        simulate_cascade({"mass": 1}, days=1, replicates=1, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match=r"cells must be integer counts.*float"):
        thin(np.array([1.5, 2.0]), [0.5], np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"cells must be non-negative"):
        thin(np.array([-1, 2]), [0.5], np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"condition must be one of.*growing"):
        CascadeParameters.from_data(condition="shrinking")
    with pytest.raises(ValueError, match=r"counts must have shape"):
        funnel_summary(np.zeros((2, 3)), params())


# --- the funnel figure and the lesson's tables ------------------------------------


def test_funnel_uses_points_not_bars():
    # On a log axis a bar's length depends on where the axis starts, so the funnel
    # must draw no bars: one point per stage for the mean and one for the expectation.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from seedsoil.plotting import plot_funnel

    p = params()
    table = funnel_summary(simulate_cascade(p, days=5, replicates=20, rng=np.random.default_rng(5)), p)
    fig, ax = plt.subplots()
    plot_funnel(ax, table)
    bars = [a for a in ax.patches if isinstance(a, Rectangle)]
    assert bars == []
    assert ax.get_yscale() == "log"
    points = [line for line in ax.lines if len(line.get_xdata()) == len(table)]
    # Expected, by hand: 1 g x 1000 cells/g/day x 5 days = 5,000; x 0.5 = 2,500; x 0.1 = 250.
    np.testing.assert_allclose(points[-1].get_ydata(), [5_000, 2_500, 250])
    plt.close(fig)
    with pytest.raises(ValueError, match=r"summary lacks columns \['expected'\]"):
        plot_funnel(ax, table.drop(columns="expected"))


def test_lesson_tables_match_the_sources():
    from seedsoil.data import load_table

    # Cristofanilli 2004: CTCs per 7.5 mL of blood, cut-off 5 (same in every row).
    ctc = load_table("ctc_outcomes")
    assert set(ctc["blood_volume_ml"]) == {7.5}
    assert set(ctc["ctc_cutoff"]) == {5}
    # Paget 1889: 735 fatal cases of breast cancer.
    assert load_table("paget_1889").set_index("study").at["Paget 1889", "fatal_cases"] == 735
    # Kaplan 2016: 444 + 471 + 162 + 273 = 1,350 relapsed patients; triple-negative liver
    # (27.5%) is below luminal B (33.5%), so "triple-negative spreads more to the liver" is false.
    sites = load_table("metastatic_sites_by_subtype").set_index("subtype")
    assert sites["patients"].sum() == 1350
    assert sites.at["triple-negative", "liver_pct"] < sites.at["luminal B", "liver_pct"]
    assert sites["liver_pct"].idxmax() == "HER2-overexpressing"


# --- wrong kinds of input name the parameter ------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"probabilities": 0.8}, r"probabilities must be a tuple or list with one entry per step.*got float 0\.8"),
        ({"steps": "ab"}, r"steps must be a tuple or list with one entry per step.*got str 'ab'"),
    ],
)
def test_scalar_or_text_where_a_sequence_is_expected(kwargs, match):
    base = {"tumour_mass_g": 2.0, "shedding_per_g_per_day": 1e6, "steps": ("a",), "probabilities": (0.5,)}
    with pytest.raises(TypeError, match=match):
        CascadeParameters(**(base | kwargs))


def test_funnel_summary_wants_the_simulated_array():
    p = params()
    counts = simulate_cascade(p, days=2, replicates=3, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match=r"funnel_summary\(counts=...\) must be the numpy array from simulate_cascade"):
        funnel_summary(counts.tolist(), p)
    with pytest.raises(TypeError, match=r"funnel_summary\(params=...\) must be CascadeParameters; got dict"):
        funnel_summary(counts, {"steps": 3})
    with pytest.raises(ValueError, match=r"funnel_summary\(counts=...\) has negative counts"):
        funnel_summary(-counts, p)
    with pytest.raises(TypeError, match=r"must hold whole cell counts; got dtype float64"):
        funnel_summary(counts.astype(float), p)


def test_plot_funnel_refuses_counts_and_swapped_intervals():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from seedsoil.plotting import plot_funnel

    p = params()
    counts = simulate_cascade(p, days=2, replicates=20, rng=np.random.default_rng(0))
    summary = funnel_summary(counts, p)
    fig, ax = plt.subplots()
    try:
        with pytest.raises(TypeError, match=r"plot_funnel\(summary=...\) must be the DataFrame from funnel_summary"):
            plot_funnel(ax, counts)
        swapped = summary.rename(columns={"low": "high", "high": "low"})
        with pytest.raises(ValueError, match=r"stage 'shed into the blood' has low .*expected low <= mean <= high"):
            plot_funnel(ax, swapped)
        plot_funnel(ax, summary)
    finally:
        plt.close(fig)


def test_thin_wants_one_probability_per_step_in_a_sequence():
    with pytest.raises(TypeError, match=r"probabilities must be a sequence, one per step"):
        thin(np.array([10]), 0.5, np.random.default_rng(1))


def test_expected_counts_wants_cascade_parameters():
    with pytest.raises(TypeError, match="params must be CascadeParameters"):
        expected_counts(None, days=365)


def test_funnel_summary_by_hand():
    # Four replicates, one day, two stages: stage 1 counts 0, 10, 20, 70 and stage 2 half of that.
    counts = np.zeros((4, 1, 2), dtype=np.int64)
    counts[:, 0, 0] = [0, 10, 20, 70]
    counts[:, 0, 1] = [0, 5, 10, 35]
    table = funnel_summary(counts, params(probs=(0.5,)))
    np.testing.assert_allclose(table["mean"], [25.0, 12.5])
    # Linear-interpolation quantiles of 0, 10, 20, 70 at 2.5% and 97.5%: positions 0.075 and 2.925,
    # so 0 + 0.075·10 = 0.75 and 20 + 0.925·50 = 66.25 (halved for stage 2).
    np.testing.assert_allclose(table["low"], [0.75, 0.375])
    np.testing.assert_allclose(table["high"], [66.25, 33.125])


# --- the factory reads the tables ------------------------------------------------------


@pytest.mark.parametrize("condition", ["growing", "regressing"])
def test_from_data_equals_the_table_rows(condition):
    from seedsoil.data import load_table

    shedding = load_table("cascade_shedding").set_index("condition").loc[condition]
    steps = load_table("cascade_steps").sort_values("order")
    p = CascadeParameters.from_data(condition=condition)
    assert p.tumour_mass_g == shedding["tumour_mass_low_g"]
    assert p.shedding_per_g_per_day == shedding["cells_per_g_per_day"]
    assert p.steps == tuple(steps["step"])
    assert p.probabilities == tuple(steps["probability"])


def test_from_data_follows_a_changed_table(tmp_path):
    # A copy of the course data with a different shedding rate: the factory must pick it up.
    import json
    import shutil

    from seedsoil.data import DATA_DIR, sha256

    for path in DATA_DIR.iterdir():
        shutil.copy(path, tmp_path / path.name)
    table = tmp_path / "cascade_shedding.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("growing,3200000", "growing,1000000"), encoding="utf-8")
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource.get("path") == "cascade_shedding.csv" and "hash" in resource:
            resource["hash"] = sha256(table)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert CascadeParameters.from_data(data_dir=tmp_path).shedding_per_g_per_day == 1e6


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tumour_mass_g": math.inf}, r"tumour_mass_g must be finite; got inf"),
        ({"shedding_per_g_per_day": math.nan}, r"shedding_per_g_per_day must be a finite number; got nan"),
        ({"probabilities": (0.5, math.nan)}, r"probabilities\[1\] \(step 2\) must be a finite number"),
    ],
)
def test_parameters_that_are_not_finite_are_refused(change, message):
    with pytest.raises(ValueError, match=message):
        replace(params(), **change)


def test_thin_names_a_bad_probability_and_spots_a_percentage():
    with pytest.raises(ValueError, match=r"probabilities\[1\] must be a probability in \[0, 1\]; got 25.*percentage"):
        thin(np.array([10]), [0.5, 25], np.random.default_rng(0))
    with pytest.raises(TypeError, match=r"rng must be a numpy Generator"):
        thin(np.array([10]), [0.5], 42)


def test_funnel_summary_refuses_an_interval_outside_zero_one():
    p = params()
    counts = simulate_cascade(p, days=2, replicates=3, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"interval must be a probability in \[0, 1\]; got 95.*divide by 100"):
        funnel_summary(counts, p, interval=95)


def test_the_summary_remembers_its_interval_and_the_funnel_says_it():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from seedsoil.plotting import plot_funnel

    params = CascadeParameters.from_data()
    counts = simulate_cascade(params, days=30, replicates=20, rng=np.random.default_rng(1))
    summary = funnel_summary(counts, params, interval=0.8)
    assert summary.attrs["interval"] == 0.8
    fig, ax = plt.subplots()
    plot_funnel(ax, summary)
    labels = ax.get_legend_handles_labels()[1]
    assert any("middle 80% of replicates" in label for label in labels), labels
    plt.close(fig)
