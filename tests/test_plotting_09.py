"""Lesson 09's drawing helpers: plot_timeline and plot_paired_bars draw what they are given, and refuse bad input."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from seedsoil import plotting  # noqa: E402


@pytest.fixture()
def ax():
    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


EVENTS = pd.DataFrame(
    {
        "date": ["2006", "2015-07", "2015-07-01"],
        "label": ["a paper", "a month", "a day"],
        "kind": ["paper", "news", "news"],
        "evidence": ["primary", "secondary", "primary"],
    }
)


def test_timeline_places_partial_dates_mid_period(ax):
    plotting.plot_timeline(ax, EVENTS)
    xs = [line.get_xdata()[0] for line in ax.lines if len(line.get_xdata())]
    # by hand: 1 July is day 182 of 2006 -> 2006 + 181/365.25; 15 July 2015 is day 196; 1 July 2015 day 182
    assert xs == pytest.approx([2006 + 181 / 365.25, 2015 + 195 / 365.25, 2015 + 181 / 365.25])


def test_timeline_marks_secondary_dates_hollow_and_runs_top_down(ax):
    plotting.plot_timeline(ax, EVENTS)
    drawn = [line for line in ax.lines if len(line.get_xdata())]
    faces = [line.get_markerfacecolor() for line in drawn]
    assert faces[1] == "white" and faces[0] != "white" and faces[2] != "white"
    assert [line.get_ydata()[0] for line in drawn] == [0, 1, 2]
    assert ax.yaxis_inverted()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["paper", "news", "hollow: date from a secondary source"]


def test_timeline_refuses_bad_dates_and_missing_columns(ax):
    with pytest.raises(ValueError, match=r"'June 2015' is not a date like"):
        plotting.plot_timeline(ax, EVENTS.assign(date=["2006", "June 2015", "2015-07-01"]))
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['evidence'\]"):
        plotting.plot_timeline(ax, EVENTS.drop(columns="evidence"))
    with pytest.raises(TypeError):
        plotting.plot_timeline("not axes", EVENTS)


GROUPS = ("release plain", "release exaggerated")
ROWS = pd.DataFrame(
    {
        "category": ["advice", "advice", "cause", "cause"],
        "condition": [*GROUPS, *GROUPS],
        "value": [10.0, 60.0, 20.0, 80.0],
        "ci_low": [5.0, 50.0, 15.0, 70.0],
        "ci_high": [15.0, 70.0, 25.0, 90.0],
    }
)


def test_paired_bars_heights_and_intervals_are_the_rows(ax):
    plotting.plot_paired_bars(ax, ROWS, groups=GROUPS, ylabel="Share (%)")
    heights = [patch.get_height() for patch in ax.patches]
    assert heights == [10.0, 20.0, 60.0, 80.0]  # first group's bars, then the second's
    lefts = [patch.get_x() + patch.get_width() / 2 for patch in ax.patches]
    assert lefts == pytest.approx([-0.2, 0.8, 0.2, 1.2])
    tops = sorted(y for line in ax.lines for y in line.get_ydata())  # cap lines at the interval ends
    assert {5.0, 15.0, 25.0, 50.0, 70.0, 90.0} <= set(tops)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["advice", "cause"]
    assert ax.get_ylabel() == "Share (%)"


def test_paired_bars_refuses_bad_input(ax):
    with pytest.raises(ValueError, match="exactly two groups"):
        plotting.plot_paired_bars(ax, ROWS, groups=GROUPS[:1], ylabel="y")
    with pytest.raises(ValueError, match=r"no row has condition = 'other'"):
        plotting.plot_paired_bars(ax, ROWS, groups=(GROUPS[0], "other"), ylabel="y")
    with pytest.raises(ValueError, match=r"ci_low <= value <= ci_high"):
        plotting.plot_paired_bars(ax, ROWS.assign(ci_high=[15.0, 55.0, 25.0, 90.0]), groups=GROUPS, ylabel="y")
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['ci_low'\]"):
        plotting.plot_paired_bars(ax, ROWS.drop(columns="ci_low"), groups=GROUPS, ylabel="y")
