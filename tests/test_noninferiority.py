"""seedsoil.noninferiority against CALGB 70604's published margin and counts, hand arithmetic, and bad input."""

import math

import pytest

from seedsoil.data import load_table
from seedsoil.noninferiority import noninferiority_verdict, risk_difference_ci


@pytest.fixture(scope="module")
def calgb():
    return load_table("bone_agent_findings").set_index("id")


def test_published_margin_and_shares_are_what_the_abstract_says(calgb):
    # Himelstein 2017 abstract: margin 7% absolute difference; 260 (29.5%) vs 253 (28.6%) with an SRE in 2 years.
    assert calgb.at["calgb70604_margin", "value"] == 7
    assert calgb.at["calgb70604_margin", "unit"] == "percentage points"
    assert calgb.loc["calgb70604_margin", "evidence"] == "primary"
    assert (calgb.at["calgb70604_sre_4w", "value"], calgb.at["calgb70604_sre_12w", "value"]) == (29.5, 28.6)
    assert (calgb.at["calgb70604_sre_4w_events", "value"], calgb.at["calgb70604_sre_12w_events", "value"]) == (260, 253)
    assert calgb.at["calgb70604_one_sided_alpha", "value"] == 5  # ASCO 2015 abstract: one-sided 5% test


def test_group_sizes_from_count_and_share_match_the_reported_cohort(calgb):
    # 260 / 0.295 = 881.4 -> 881; 253 / 0.286 = 884.6 -> 885; together 1,766, the primary-endpoint cohort reported.
    n_4w = round(calgb.at["calgb70604_sre_4w_events", "value"] / 0.295)
    n_12w = round(calgb.at["calgb70604_sre_12w_events", "value"] / 0.286)
    assert (n_4w, n_12w) == (881, 885)
    assert n_4w + n_12w == calgb.at["calgb70604_primary_cohort", "value"]
    assert round(100 * 260 / n_4w, 1) == 29.5 and round(100 * 253 / n_12w, 1) == 28.6


def test_risk_difference_interval_by_hand():
    # p1 = 253/885 = 0.285876, p0 = 260/881 = 0.295119, d = -0.009243
    # se = sqrt(0.285876*0.714124/885 + 0.295119*0.704881/881) = sqrt(0.00023068 + 0.00023612) = 0.021605
    # z (one-sided 5%) = 1.644854: d +/- z se = -0.044780 .. 0.026294
    d, low, high = risk_difference_ci(253, 885, 260, 881, one_sided_alpha=0.05)
    assert d == pytest.approx(-0.9243, abs=1e-3)
    assert low == pytest.approx(-4.478, abs=2e-3)
    assert high == pytest.approx(2.629, abs=2e-3)


def test_calgb_is_non_inferior_against_its_published_margin(calgb):
    margin = calgb.at["calgb70604_margin", "value"]
    d, low, high = risk_difference_ci(253, 885, 260, 881, one_sided_alpha=0.05)
    assert high < margin
    assert noninferiority_verdict(d, low, high, margin) == "non-inferior"
    # The same interval against a margin inside it would be inconclusive.
    assert noninferiority_verdict(d, low, high, margin=2.0) == "inconclusive"


@pytest.mark.parametrize(
    ("estimate", "low", "high", "margin", "expected"),
    [
        (-0.9, -4.5, 2.6, 7, "non-inferior"),
        (5.0, 1.0, 9.0, 7, "inconclusive"),
        (10.0, 8.0, 12.0, 7, "inferior"),
        (6.0, 5.0, 7.0, 7, "inconclusive"),  # upper end on the margin: not ruled out
        (7.5, 7.0, 8.0, 7, "inferior"),  # lower end on the margin: the whole interval is that bad or worse
    ],
)
def test_verdicts_on_the_difference_scale(estimate, low, high, margin, expected):
    assert noninferiority_verdict(estimate, low, high, margin) == expected


def test_higher_is_better_outcomes_take_a_negative_margin():
    # Pain relief: new minus standard; a loss is negative, so the margin is -10 points.
    assert noninferiority_verdict(-3.0, -8.0, 2.0, -10, worse="lower") == "non-inferior"
    assert noninferiority_verdict(-9.0, -14.0, -4.0, -10, worse="lower") == "inconclusive"
    assert noninferiority_verdict(-15.0, -20.0, -11.0, -10, worse="lower") == "inferior"


def test_ratio_scale():
    assert noninferiority_verdict(0.82, 0.71, 0.95, 1.25, scale="ratio") == "non-inferior"
    assert noninferiority_verdict(1.1, 0.9, 1.4, 1.25, scale="ratio") == "inconclusive"
    assert noninferiority_verdict(1.0, 0.85, 1.15, 0.8, scale="ratio", worse="lower") == "non-inferior"


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"margin": -7}, ValueError, ["margin", "above 0", "worse='higher'", "-7"]),
        ({"margin": 0}, ValueError, ["margin", "above 0"]),
        ({"margin": 7, "worse": "lower"}, ValueError, ["margin", "below 0", "worse='lower'"]),
        (
            {"margin": 0.8, "scale": "ratio", "low": 0.7, "high": 0.95, "estimate": 0.82},
            ValueError,
            ["margin", "above 1"],
        ),
        ({"margin": -1.2, "scale": "ratio", "low": 0.7, "high": 0.95, "estimate": 0.82}, ValueError, ["margin", "> 0"]),
        ({"margin": 7, "low": 3.0}, ValueError, ["ci_low <= estimate <= ci_high"]),
        ({"margin": 7, "scale": "log"}, ValueError, ["scale", "difference", "ratio"]),
        ({"margin": 7, "worse": "more"}, ValueError, ["worse", "higher", "lower"]),
        ({"margin": "7"}, TypeError, ["margin", "number"]),
        ({"margin": math.nan}, ValueError, ["margin", "NaN"]),
        ({"margin": 7, "scale": "ratio", "low": -0.1, "high": 1.1, "estimate": 0.5}, ValueError, ["ratio", "> 0"]),
    ],
)
def test_bad_input_names_the_parameter(kwargs, error, words):
    args = {"estimate": -0.9, "low": -4.5, "high": 2.6, "scale": "difference", "worse": "higher"} | kwargs
    with pytest.raises(error) as info:
        noninferiority_verdict(
            args["estimate"], args["low"], args["high"], args["margin"], scale=args["scale"], worse=args["worse"]
        )
    for word in words:
        assert word in str(info.value)


def test_risk_difference_refuses_impossible_counts():
    with pytest.raises(ValueError, match="events_new"):
        risk_difference_ci(900, 885, 260, 881)
    with pytest.raises(TypeError, match="n_standard"):
        risk_difference_ci(253, 885, 260, 881.0)
    with pytest.raises(ValueError, match="one_sided_alpha"):
        risk_difference_ci(253, 885, 260, 881, one_sided_alpha=5)


def test_whole_interval_above_zero_is_labelled_by_the_margin_only():
    # Documented behaviour: the label looks at the margin only. Significantly worse (interval above 0)
    # but inside the margin is still "non-inferior"; straddling the margin is "inconclusive".
    assert noninferiority_verdict(3, 1, 6, margin=7) == "non-inferior"
    assert noninferiority_verdict(5, 2, 9, margin=7) == "inconclusive"
    assert noninferiority_verdict(9, 8, 10, margin=7) == "inferior"
    assert "significantly worse" in noninferiority_verdict.__doc__
