"""Chart helpers: the style is the course's, PNGs are reproducible, alt text is required."""

import base64

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from seedsoil import plotting  # noqa: E402


@pytest.fixture()
def figure():
    plotting.use_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [3, 1, 2])
    ax.set(xlabel="x (days)", ylabel="y (cells)")
    yield fig
    plt.close(fig)


def test_style_uses_okabe_ito_with_markers_and_linestyles():
    plotting.use_style()
    cycle = plt.rcParams["axes.prop_cycle"].by_key()
    assert [c.upper() for c in cycle["color"][:3]] == ["#0072B2", "#D55E00", "#009E73"]
    assert len(set(cycle["marker"])) == len(cycle["marker"])
    assert len(set(cycle["linestyle"])) > 1
    assert plt.rcParams["savefig.dpi"] == plotting.DPI


def test_png_has_no_software_version_stamp(figure):
    assert b"Matplotlib version" not in plotting.figure_png(figure)


def test_show_stores_alt_text_and_exports(figure, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append((obj, kw)))
    monkeypatch.setenv(plotting.FIGURES_ENV, str(tmp_path))
    alt = "A line that falls from 3 to 1 and rises to 2 over two days."
    png = plotting.figure_png(figure)
    plotting.show(figure, alt, name="test_line")
    bundle, options = shown[0]
    assert options["metadata"]["image/png"] == {"alt": alt, "filename": "test_line.png"}
    assert base64.b64decode(bundle["image/png"]) == png
    assert (tmp_path / "test_line.png").read_bytes() == png
    assert "0x" not in bundle["text/plain"]


def test_show_does_not_export_without_the_variable(figure, tmp_path, monkeypatch):
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: None)
    monkeypatch.delenv(plotting.FIGURES_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    plotting.show(figure, "A line that falls and then rises again.", name="no_export")
    assert not list(tmp_path.rglob("*.png"))


@pytest.mark.parametrize("alt", ["", "chart", None, "   bar chart   ", "x" * 30])
def test_show_refuses_missing_or_vague_alt_text(figure, alt):
    with pytest.raises(ValueError, match="alt text"):
        plotting.show(figure, alt)


@pytest.mark.parametrize("name", ["Figure 1", "../escape", "a/b", "", "--", "_x"])
def test_show_refuses_unsafe_file_names(figure, name):
    with pytest.raises(ValueError, match="file stem"):
        plotting.show(figure, "A line that falls and then rises again.", name=name)


def test_export_leaves_identical_file_untouched(tmp_path):
    path = plotting.export(b"abc", "same", tmp_path)
    before = path.stat().st_mtime_ns
    plotting.export(b"abc", "same", tmp_path)
    assert path.stat().st_mtime_ns == before


def test_label_simulated_puts_the_word_on_the_axes(figure):
    ax = figure.axes[0]
    plotting.label_simulated(ax)
    assert any("SIMULATED" in t.get_text() for t in ax.texts)


def test_show_and_add_source_want_the_figure_not_the_axes(figure):
    with pytest.raises(TypeError, match="not the axes"):
        plotting.show(figure.axes[0], "A line that falls and then rises again.")
    with pytest.raises(TypeError, match="not the axes"):
        plotting.add_source(figure.axes[0], "Source: nowhere")
    with pytest.raises(ValueError, match="source text"):
        plotting.add_source(figure, "  ")


def test_label_simulated_corners(figure):
    ax = figure.axes[0]
    plotting.label_simulated(ax, loc="lower left")
    assert ax.texts[-1].get_position() == (0.01, 0.02)
    with pytest.raises(ValueError, match="choose one of"):
        plotting.label_simulated(ax, loc="middle")


def test_png_bytes_are_the_same_in_a_fresh_process(tmp_path):
    """Stored PNGs must re-render identically when a lesson is run again."""
    import subprocess
    import sys

    script = (
        "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt, sys\n"
        "from seedsoil import plotting\n"
        "plotting.use_style(); fig, ax = plt.subplots(); ax.plot([0, 1, 2], [3, 1, 2], label='a')\n"
        "ax.set(xlabel='x (days)', title='t'); ax.legend()\n"
        "sys.stdout.buffer.write(plotting.figure_png(fig))\n"
    )
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, check=True).stdout for _ in range(2)]
    assert runs[0][:8] == b"\x89PNG\r\n\x1a\n" and runs[0] == runs[1]


@pytest.mark.parametrize("corner", ["upper left", "lower right", "Upper Right", " lower left "])
def test_label_simulated_refuses_a_corner_given_as_text(figure, corner):
    ax = figure.axes[0]
    with pytest.raises(ValueError, match=r"instead of the warning.*Pick the corner with loc="):
        plotting.label_simulated(ax, corner)
    assert not ax.texts


@pytest.mark.parametrize("text", ["", "   "])
def test_label_simulated_refuses_empty_text(figure, text):
    with pytest.raises(ValueError, match=r"label_simulated\(text=...\) is empty"):
        plotting.label_simulated(figure.axes[0], text)


@pytest.mark.parametrize("text", [None, 5])
def test_label_simulated_refuses_text_that_is_not_text(figure, text):
    with pytest.raises(TypeError, match=r"label_simulated\(text=...\) must be the stamp's text"):
        plotting.label_simulated(figure.axes[0], text)


def test_label_simulated_wants_the_axes_not_the_figure(figure):
    with pytest.raises(TypeError, match=r"needs a matplotlib Axes; got Figure\. Pass the axes \(ax\)"):
        plotting.label_simulated(figure)


def test_label_simulated_custom_text_is_stamped(figure):
    ax = figure.axes[0]
    plotting.label_simulated(ax, "ILLUSTRATIVE BASELINE RISKS", loc="upper left")
    assert ax.texts[-1].get_text() == "ILLUSTRATIVE BASELINE RISKS"


def test_show_refuses_a_name_that_is_not_text(figure):
    with pytest.raises(TypeError, match=r"show\(name=...\) must be a short file stem \(text\).*got int 5"):
        plotting.show(figure, "A line that falls and then rises again.", name=5)


def test_show_refuses_a_caption_that_is_not_text_before_showing(figure):
    with pytest.raises(TypeError, match=r"show\(caption=...\) must be Markdown text or None; got int 5"):
        plotting.show(figure, "A line that falls and then rises again.", caption=5)
    assert plt.fignum_exists(figure.number)  # refused before the figure was shown and closed


def test_show_export_folder_that_is_a_file_is_named(figure, tmp_path, monkeypatch):
    blocker = tmp_path / "figures"
    blocker.write_text("not a folder")
    monkeypatch.setenv(plotting.FIGURES_ENV, str(blocker))
    with pytest.raises(NotADirectoryError, match=r"export folder .*figures \(from SEEDSOIL_FIGURES_DIR\) is a file"):
        plotting.show(figure, "A line that falls and then rises again.", name="line")


# --- drawing helpers ----------------------------------------------------------------
# Each helper draws on a fresh Agg axes; the assertions read the artists back.

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402


@pytest.fixture()
def ax():
    plotting.use_style()
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def colour(artist) -> str:
    return to_hex(artist.get_color()).upper()


def look(artist) -> tuple[str, str]:
    return colour(artist), artist.get_linestyle()


def expected_look(series) -> tuple[str, str]:
    s = plotting.SERIES[series]
    return s["color"].upper(), {"-": "-", "--": "--", "-.": "-.", ":": ":"}[s["linestyle"]]


def labelled(ax, label):
    (line,) = [line for line in ax.lines if line.get_label() == label]
    return line


# A small run in bone.simulate()'s format, with round numbers to check against.
RUN = pd.DataFrame(
    {
        "day": [0.0, 1.0, 2.0, 3.0],
        "osteoclasts": [10.0, 20.0, 5.0, 10.0],
        "osteoblasts": [200.0, 250.0, 300.0, 150.0],
        "bone_mass": [100.0, 98.0, 97.0, 99.0],
        "tumour": [1.0, 2.0, 4.0, 8.0],
    }
)


# --- SERIES and style_of ---


def test_every_series_colour_is_okabe_ito():
    palette = {c.upper() for c in plotting.OKABE_ITO.values()}
    assert {s["color"].upper() for s in plotting.SERIES.values()} <= palette


@pytest.mark.parametrize(
    "same_arm",
    [
        # the untreated tumour run of lesson 03 is the "no drug" run of 05; the LOX run of 04 is "LOX, no drug" in 05
        ["no drug", "tumour", "LOX, no drug", "untreated", "control"],
        ["drug", "bisphosphonate", "LOX + drug", "treated"],
        ["late drug", "LOX + late drug"],
    ],
)
def test_names_for_the_same_arm_share_one_look(same_arm):
    looks = {tuple(sorted(plotting.style_of(name, kind="marked").items())) for name in same_arm}
    assert len(looks) == 1


@pytest.mark.parametrize(
    "drawn_together",
    [
        ["reference", "tumour"],  # lesson 03, Figure 3
        ["osteoclasts", "osteoblasts", "bone mass", "reference"],  # lesson 03 Figure 1, lesson 04 Figure 1
        ["reference", "LOX, no drug", "LOX + drug", "LOX + late drug"],  # lessons 04-05
        ["no drug", "drug", "late drug"],  # lesson 05, Figure 3
        ["treated", "control"],  # lesson 07, Figure 4
        ["lower risk", "higher risk"],  # lesson 07, Figure 3
        ["all women", "postmenopausal women", "premenopausal women"],  # forest plots
        ["observed", "expected", "relative"],  # lesson 06
        ["simulated", "expected"],  # lesson 02
        ["localized", "regional", "distant", "all stages"],  # lessons 00, 01, 06
    ],
)
def test_series_drawn_together_differ_in_colour_line_style_and_marker(drawn_together):
    styles = [plotting.style_of(name, kind="marked") for name in drawn_together]
    for key in ("color", "linestyle", "marker"):
        assert len({s[key] for s in styles}) == len(styles), key


def test_style_of_gives_line_points_and_bar_arguments():
    assert plotting.style_of("LOX, no drug") == {"color": "#D55E00", "linestyle": "--", "marker": "none"}
    assert plotting.style_of("LOX, no drug", kind="marked") == {"color": "#D55E00", "linestyle": "--", "marker": "s"}
    assert plotting.style_of("Osteoclasts", kind="points") == {"color": "#E69F00", "linestyle": "none", "marker": "v"}
    assert plotting.style_of("distant", kind="bar") == {"color": "#D55E00", "hatch": "xx", "edgecolor": "black"}
    mine = plotting.style_of("drug")
    mine["color"] = "red"  # a copy: changing it leaves SERIES alone
    assert plotting.SERIES["drug"]["color"] == "#0072B2"
    with pytest.raises(TypeError):  # shared looks are read-only: restyling "drug" would restyle "treated" too
        plotting.SERIES["drug"]["color"] = "red"


def test_style_of_an_unknown_series_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"no series named 'placebo'.*no drug, LOX, no drug, drug"):
        plotting.style_of("placebo")
    with pytest.raises(TypeError, match=r"must be the name of a series.*got int 3"):
        plotting.style_of(3)
    with pytest.raises(ValueError, match=r"style_of\(kind=...\) must be one of \('line', 'marked', 'points', 'bar'\)"):
        plotting.style_of("drug", kind="scatter")


# --- plot_bone_run ---


def test_bone_run_draws_the_column_against_days_in_its_series_look(ax):
    assert plotting.plot_bone_run(ax, RUN, series="no drug", label="tumour, no drug") is ax
    line = labelled(ax, "tumour, no drug")
    assert list(line.get_xdata()) == [0, 1, 2, 3]
    assert list(line.get_ydata()) == [100, 98, 97, 99]
    assert look(line) == expected_look("no drug") == ("#D55E00", "--")
    assert line.get_marker() in ("None", "none")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Time (days)", "Bone mass (% of normal)")


def test_bone_run_defaults_to_the_columns_own_series(ax):
    plotting.plot_bone_run(ax, RUN, column="osteoblasts")
    line = labelled(ax, "osteoblasts")
    assert list(line.get_ydata()) == [200, 250, 300, 150]
    assert look(line) == expected_look("osteoblasts")
    assert ax.get_ylabel() == "Osteoblasts (cells)"


def test_bone_run_as_percent_of_rest_with_a_rest_line(ax):
    # Resting osteoclasts 5: 10 -> 200%, 20 -> 400%, 5 -> 100%, 10 -> 200%; the rest line sits at 100%.
    plotting.plot_bone_run(ax, RUN, column="osteoclasts", percent_of=5.0, rest=5.0)
    assert list(labelled(ax, "osteoclasts").get_ydata()) == [200, 400, 100, 200]
    assert list(labelled(ax, "at rest").get_ydata()) == [100, 100]
    assert look(labelled(ax, "at rest")) == expected_look("reference")
    assert ax.get_ylabel() == "Osteoclasts (% of resting level)"


def test_bone_run_on_a_log_axis_from_a_start_day(ax):
    plotting.plot_bone_run(ax, RUN, column="tumour", log=True, from_day=2, label="late")
    line = labelled(ax, "late")
    assert (list(line.get_xdata()), list(line.get_ydata())) == ([2, 3], [4, 8])
    assert ax.get_yscale() == "log"
    assert ax.get_ylabel() == "Tumour size (tumour units, log scale)"
    assert look(line) == expected_look("tumour")


def test_bone_run_labels_only_the_bottom_of_a_shared_stack():
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True)
    plotting.plot_bone_run(top, RUN)
    plotting.plot_bone_run(bottom, RUN, column="osteoclasts")
    assert (top.get_xlabel(), bottom.get_xlabel()) == ("", "Time (days)")
    assert top.get_ylabel() == "Bone mass (% of normal)"
    plt.close(fig)


@pytest.mark.parametrize(
    ("frame", "kwargs", "error", "match"),
    [
        (
            RUN.drop(columns="osteoclasts"),
            {"column": "osteoclasts"},
            ValueError,
            r"lacks column\(s\) \['osteoclasts'\]",
        ),
        (RUN.to_numpy(), {}, TypeError, r"must be the DataFrame returned by bone\.simulate\(\); got ndarray"),
        (RUN, {"column": "bone mass"}, ValueError, r"column=...\) must be a column of bone\.simulate\(\)"),
        (RUN, {"series": "placebo"}, ValueError, r"plot_bone_run\(series=...\): no series named 'placebo'"),
        (RUN, {"percent_of": 0}, ValueError, r"percent_of=...\) must be > 0; got 0\. It is the value drawn as 100%"),
        (RUN.assign(tumour=0.0), {"column": "tumour"}, ValueError, r"this run has no tumour"),
        (RUN.assign(bone_mass=[1.0, 0.0, 1.0, 1.0]), {"log": True}, ValueError, r"is 0 on day 1.*log=False"),
        (RUN, {"from_day": 7}, ValueError, r"from_day=7\) is after the run's last day \(3\)"),
    ],
)
def test_bone_run_refuses_bad_input_by_name(ax, frame, kwargs, error, match):
    with pytest.raises(error, match=match):
        plotting.plot_bone_run(ax, frame, **kwargs)
    assert not ax.lines


def test_bone_run_wants_the_axes_not_the_figure(ax):
    with pytest.raises(TypeError, match=r"plot_bone_run\(\) needs a matplotlib Axes; got Figure\. Pass the axes"):
        plotting.plot_bone_run(ax.figure, RUN)


def test_bone_run_of_a_real_simulation(ax):
    from seedsoil import bone

    params = bone.Parameters.komarova2003()
    run = bone.simulate(params, (*bone.steady_state(params), 100.0), 10)
    plotting.plot_bone_run(ax, run, column="osteoclasts", percent_of=bone.steady_state(params)[0])
    np.testing.assert_allclose(labelled(ax, "osteoclasts").get_ydata(), 100.0, rtol=1e-6)  # at rest: 100%


# --- plot_cell_traces, mark_day, shade_days ---


def test_cell_traces_as_percent_of_their_resting_levels(ax):
    # Rest (5, 100): osteoclasts 10, 20, 5, 10 -> 200, 400, 100, 200%; osteoblasts 200, 250, 300, 150 -> same x 2.
    assert plotting.plot_cell_traces(ax, RUN, rest=(5.0, 100.0)) is ax
    assert list(labelled(ax, "osteoclasts").get_ydata()) == [200, 400, 100, 200]
    assert list(labelled(ax, "osteoblasts").get_ydata()) == [200, 250, 300, 150]
    assert list(labelled(ax, "resting level").get_ydata()) == [100, 100]
    assert look(labelled(ax, "osteoclasts")) == expected_look("osteoclasts")
    assert look(labelled(ax, "osteoblasts")) == expected_look("osteoblasts")
    assert ax.get_ylabel() == "Cells (% of resting level)"


def test_cell_traces_in_cells_on_a_log_axis(ax):
    plotting.plot_cell_traces(ax, RUN, log=True, labels=("clasts", "blasts"))
    assert list(labelled(ax, "clasts").get_ydata()) == [10, 20, 5, 10]
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "Cells (cells, log scale)"


def test_cell_traces_rest_must_be_the_two_cell_levels(ax):
    with pytest.raises(ValueError, match=r"must be two numbers, \(osteoclasts, osteoblasts\); got 3\. .*rest\[:2\]"):
        plotting.plot_cell_traces(ax, RUN, rest=(5.0, 100.0, 100.0))
    with pytest.raises(ValueError, match=r"rest=...\) must be > 0"):
        plotting.plot_cell_traces(ax, RUN, rest=(0.0, 100.0))


def test_mark_day_and_shade_days(ax):
    plotting.shade_days(ax, 0, 90, label="LOX secreted")
    plotting.mark_day(ax, 30, "cells arrive", label="arrival")
    assert list(labelled(ax, "arrival").get_xdata()) == [30, 30]
    assert ax.texts[0].get_text() == "cells arrive" and ax.texts[0].xy == (30, 0.98)
    (span,) = ax.patches
    assert span.get_label() == "LOX secreted"
    corners = span.get_patch_transform().transform(span.get_path().vertices)  # in data x, axes y
    assert (corners[:, 0].min(), corners[:, 0].max()) == (0, 90)
    with pytest.raises(ValueError, match=r"shade_days needs start < stop.*start=90, stop=0\. Swap them\?"):
        plotting.shade_days(ax, 90, 0)


# --- survival ---

KM = pd.DataFrame(
    {"time": [1.0, 2.0, 4.0], "survival": [0.8, 0.5, 0.25], "lower": [0.6, 0.3, 0.1], "upper": [0.9, 0.7, 0.5]}
)


def test_survival_curves_step_down_from_one_at_time_zero(ax):
    assert plotting.plot_survival_curves(ax, {"treated": KM}) is ax
    line = labelled(ax, "treated")
    assert list(line.get_xdata()) == [0, 1, 2, 4]
    assert list(line.get_ydata()) == [1, 0.8, 0.5, 0.25]
    assert line.get_drawstyle() == "steps-post"
    assert look(line) == expected_look("treated")
    (band,) = ax.collections
    vertices = np.concatenate([path.vertices for path in band.get_paths()])
    assert vertices[:, 1].min() == pytest.approx(0.1) and vertices[:, 1].max() == pytest.approx(1.0)
    assert ax.get_ylim() == (0, 1.02)


def test_survival_curves_take_series_band_choice_and_cycle_looks(ax):
    shifted = KM.assign(time=KM["time"] + 0.5)
    curves = {"GBSG2 control": KM, "computed treated": shifted, "a third group": KM}
    plotting.plot_survival_curves(ax, curves, series={"GBSG2 control": "control"}, band=["computed treated"])
    assert look(labelled(ax, "GBSG2 control")) == expected_look("control")
    # The unnamed curves take the cycle's looks, skipping the control's vermillion dashes.
    others = [look(labelled(ax, label)) for label in ("computed treated", "a third group")]
    assert others == [("#0072B2", "-"), ("#009E73", "-.")]
    assert len(ax.collections) == 1  # only the curve named in band=


def test_survival_curves_accept_ci_low_and_ci_high_bands(ax):
    plotting.plot_survival_curves(ax, {"all women": KM.rename(columns={"lower": "ci_low", "upper": "ci_high"})})
    assert len(ax.collections) == 1
    assert look(labelled(ax, "all women")) == expected_look("all women")


def test_survival_curves_of_a_real_kaplan_meier_table(ax):
    from seedsoil.survival_analysis import kaplan_meier

    table = kaplan_meier([2, 3, 3, 5, 8], [1, 1, 0, 1, 0])  # survival 0.8, 0.6, 0.3 at 2, 3, 5
    plotting.plot_survival_curves(ax, {"tiny": table})
    assert list(labelled(ax, "tiny").get_ydata()) == pytest.approx([1, 0.8, 0.6, 0.3])


@pytest.mark.parametrize(
    ("curves", "kwargs", "error", "match"),
    [
        (KM, {}, TypeError, r"must be a dict from each curve's label.*got DataFrame\. Wrap a single curve"),
        ({}, {}, ValueError, r"curves=...\) is empty"),
        ({"a": KM[["time", "survival"]]}, {}, ValueError, r"has no band.*Pass band=False"),
        ({"a": KM.assign(survival=[80.0, 50.0, 25.0])}, {}, ValueError, r"entry 0 is 80\. Survival is a proportion"),
        ({"a": KM.iloc[::-1]}, {}, ValueError, r"\['time'\] must increase from row to row"),
        ({"a": KM}, {"band": ["b"]}, ValueError, r"band=...\) names curves that are not drawn: \['b'\]"),
        ({"a": KM}, {"series": {"b": "treated"}}, ValueError, r"names curves that are not drawn: \['b'\]"),
        ({"a": KM}, {"series": {"a": "placebo"}}, ValueError, r"series=...\)\['a'\]: no series named 'placebo'"),
        ({"a": KM.drop(columns="survival")}, {}, ValueError, r"lacks column\(s\) \['survival'\]"),
    ],
)
def test_survival_curves_refuse_bad_input_by_name(ax, curves, kwargs, error, match):
    with pytest.raises(error, match=match):
        plotting.plot_survival_curves(ax, curves, **kwargs)


def test_add_at_risk_writes_the_counts_under_their_times(ax):
    plotting.plot_survival_curves(ax, {"all women": KM})
    assert plotting.add_at_risk(ax, {0: 686, 1: 630, 2: 512}, series="all women") is ax
    written = {(t.get_position()[0], t.get_text()) for t in ax.texts}
    assert {(0, "686"), (1, "630"), (2, "512"), (0, "number at risk")} <= written
    assert {colour(t) for t in ax.texts} == {"#0072B2"}
    with pytest.raises(ValueError, match=r"numbers at risk must be whole women"):
        plotting.add_at_risk(ax, {0: 10.5})
    with pytest.raises(TypeError, match=r"must map times to the number at risk"):
        plotting.add_at_risk(ax, [686, 630])


def test_survival_lines_draw_percentages_in_their_series_looks(ax):
    t = [0, 1, 2]
    curves = {"observed": [1.0, 0.9, 0.81], "expected": [1.0, 0.98, 0.96], "relative": [1.0, 0.9 / 0.98, 0.81 / 0.96]}
    assert plotting.plot_survival_lines(ax, t, curves) is ax
    assert list(labelled(ax, "observed").get_ydata()) == pytest.approx([100, 90, 81])
    assert list(labelled(ax, "expected").get_xdata()) == [0, 1, 2]
    for name in curves:
        assert look(labelled(ax, name)) == expected_look(name)
    assert ax.get_ylabel() == "Survival (%)"


def test_survival_lines_from_a_dataframe_as_proportions_with_markers(ax):
    frame = pd.DataFrame({"found at symptoms": [1.0, 0.5], "found earlier": [1.0, 0.7]})
    plotting.plot_survival_lines(ax, [0, 5], frame, percent=False, markevery=1)
    assert list(labelled(ax, "found earlier").get_ydata()) == [1.0, 0.7]
    assert labelled(ax, "found at symptoms").get_marker() == "o"  # first look of the course cycle
    assert ax.get_ylabel() == "Survival (proportion)"


def test_survival_lines_refuse_percentages_and_ragged_curves(ax):
    with pytest.raises(ValueError, match=r"entry 1 is 90\. Give survival as a proportion"):
        plotting.plot_survival_lines(ax, [0, 1], {"observed": [1.0, 90]})
    with pytest.raises(ValueError, match=r"curves\['observed'\]\) has 3 values for 2 times"):
        plotting.plot_survival_lines(ax, [0, 1], {"observed": [1.0, 0.9, 0.8]})


# --- plot_forest ---

# Three populations so the helper is tried beyond the two of the EBCTCG table.
TRIALS = pd.DataFrame(
    {
        "outcome": ["bone", "bone", "bone", "death", "death", "death", "any"],
        "population": ["all women", "postmenopausal women", "a virtual trial"] * 2 + ["premenopausal women"],
        "rate_ratio": [0.83, 0.72, 0.5, 0.91, 0.82, 1.2, np.nan],
        "ci_low": [0.73, 0.60, 0.25, 0.83, 0.73, 0.9, np.nan],
        "ci_high": [0.94, 0.86, 1.0, 0.99, 0.93, 1.6, np.nan],
    }
)


def points_of(ax):
    """(x, y, marker, colour, group) of each point an error bar is drawn around."""
    return [
        (x, y, bar.lines[0].get_marker(), colour(bar.lines[0]), bar.get_label())
        for bar in ax.containers
        for x, y in zip(bar.lines[0].get_xdata(), bar.lines[0].get_ydata(), strict=True)
    ]


def spans_of(ax):
    segments = [seg for coll in ax.collections for seg in coll.get_segments()]
    return sorted((round(s[0][0], 6), round(s[1][0], 6)) for s in segments if len(s) == 2 and s[0][1] == s[1][1])


def test_forest_draws_each_ratio_and_interval_for_any_number_of_groups(ax):
    assert plotting.plot_forest(ax, TRIALS) is ax
    points = points_of(ax)
    assert sorted(p[0] for p in points) == sorted(TRIALS["rate_ratio"].dropna())
    assert spans_of(ax) == sorted(zip(TRIALS["ci_low"].dropna(), TRIALS["ci_high"].dropna(), strict=True))
    # Groups in order of appearance, each with its own marker; offsets -0.3, 0, +0.3 around each row.
    assert ax.get_legend_handles_labels()[1] == ["all women", "postmenopausal women", "a virtual trial"]
    assert {p[4]: p[2] for p in points} == {"all women": "o", "postmenopausal women": "s", "a virtual trial": "^"}
    assert sorted(p[1] for p in points if p[0] in (0.83, 0.72, 0.5)) == pytest.approx([-0.3, 0.0, 0.3])
    assert sorted(p[1] for p in points if p[0] in (0.91, 0.82, 1.2)) == pytest.approx([0.7, 1.0, 1.3])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["bone", "death"]


def test_forest_colours_groups_from_series_and_the_rest_from_the_cycle(ax):
    plotting.plot_forest(ax, TRIALS)
    colours = {p[4]: p[3] for p in points_of(ax)}
    assert colours["all women"] == plotting.SERIES["all women"]["color"].upper()
    assert colours["postmenopausal women"] == plotting.SERIES["postmenopausal women"]["color"].upper()
    assert colours["a virtual trial"] not in (colours["all women"], colours["postmenopausal women"])


def test_forest_has_a_log_axis_a_line_at_one_and_favours_labels(ax):
    plotting.plot_forest(ax, TRIALS, sides=("favours bisphosphonate", "favours control"), note="premenopausal: none")
    assert ax.get_xscale() == "log"
    assert any(list(line.get_xdata()) == [1, 1] for line in ax.lines)
    texts = [t.get_text() for t in ax.texts]
    assert "← favours bisphosphonate" in texts and "favours control →" in texts and "premenopausal: none" in texts
    assert ax.get_xlabel() == "Rate ratio (log scale)"
    # Symmetric about 1: the widest reach is 1/0.25 = 4 (wider than 1.6 and the default 2),
    # plus 15% so the interval's end is not cut by the frame: 4.6.
    assert ax.get_xlim() == pytest.approx((1 / 4.6, 4.6))


def test_forest_reproduces_the_ebctcg_chart():
    from seedsoil.data import load_table

    trials = load_table("bisphosphonate_trials")
    fig, ax = plt.subplots()
    plotting.plot_forest(ax, trials, note="premenopausal: no apparent effect")
    charted = trials.dropna(subset=["rate_ratio"])
    assert sorted(p[0] for p in points_of(ax)) == pytest.approx(sorted(charted["rate_ratio"]))
    assert spans_of(ax) == sorted(zip(charted["ci_low"], charted["ci_high"], strict=True))
    assert ax.get_legend_handles_labels()[1] == ["all women", "postmenopausal women"]
    assert ax.get_xlim() == pytest.approx((0.5, 2.0))
    plt.close(fig)


def test_forest_with_other_columns_and_one_group(ax):
    rows = pd.DataFrame({"trial": ["A", "B"], "hr": [0.7, 1.1], "lo": [0.5, 0.9], "hi": [0.9, 1.4]})
    plotting.plot_forest(ax, rows, label="trial", value="hr", low="lo", high="hi", group=None, xlabel="HR")
    assert sorted((p[0], p[1]) for p in points_of(ax)) == [(0.7, 0.0), (1.1, 1.0)]
    assert ax.get_xlabel() == "HR"


def one_row(low, value, high):
    return pd.DataFrame(
        {
            "outcome": ["bone recurrence"],
            "population": ["all women"],
            "rate_ratio": [value],
            "ci_low": [low],
            "ci_high": [high],
        }
    )


@pytest.mark.parametrize(
    ("rows", "error", "match"),
    [
        (one_row(0.86, 0.72, 0.60), ValueError, r"0\.86, 0\.72, 0\.6\. Are ci_low and ci_high swapped\?"),
        (
            one_row(0.60, 0.95, 0.86),
            ValueError,
            r"needs 0 < ci_low <= rate_ratio <= ci_high; got 0\.6, 0\.95, 0\.86\.$",
        ),
        (
            one_row(np.nan, 0.72, 0.86),
            ValueError,
            r"row 0 \(bone recurrence, all women\) has a rate ratio but no 95% CI",
        ),
        (one_row(60, 72, 86), ValueError, r"rate_ratio = 72 .*looks like a percentage.*is 0\.72\)\. Divide by 100"),
        (one_row("0.6", 0.72, 0.86), TypeError, r"column 'ci_low' must hold numbers.*pd\.to_numeric"),
        (
            pd.DataFrame(columns=["outcome", "population", "rate_ratio", "ci_low"]),
            ValueError,
            r"needs the columns \['ci_high'\]",
        ),
        (one_row(0.6, 0.72, 0.86).drop(columns="population"), ValueError, r"\['population'\].*Pass group=None"),
        (
            pd.concat([one_row(0.6, 0.72, 0.86)] * 2),
            ValueError,
            r"bone recurrence, all women appears in more than one row",
        ),
        (one_row(np.nan, np.nan, np.nan), ValueError, r"no row has a rate_ratio; there is nothing to chart"),
        ([0.72, 0.60, 0.86], TypeError, r"plot_forest needs a pandas DataFrame"),
    ],
)
def test_forest_refuses_bad_rows_by_name(ax, rows, error, match):
    with pytest.raises(error, match=match):
        plotting.plot_forest(ax, rows)


# --- plot_funnel ---


def summary_by_hand(interval=0.9):
    # Made by hand in funnel_summary's format; the interval is recorded as funnel_summary records it.
    table = pd.DataFrame(
        {
            "stage": ["shed", "survive", "grow"],
            "expected": [10_000.0, 5_000.0, 0.0],
            "mean": [10_100.0, 4_900.0, 0.0],
            "low": [9_800.0, 4_700.0, 0.0],
            "high": [10_400.0, 5_100.0, 2.0],
        }
    )
    if interval is not None:
        table.attrs["interval"] = interval
    return table


def test_funnel_draws_points_on_a_log_axis_with_the_recorded_interval(ax):
    assert plotting.plot_funnel(ax, summary_by_hand(0.9), expected_label="expected (Equation 2)") is ax
    assert not [p for p in ax.patches if isinstance(p, Rectangle)]  # no bars on a log axis
    assert ax.get_yscale() == "log"
    (bars,) = ax.containers
    assert bars.get_label() == "simulated mean (error bars: middle 90% of replicates)"
    means = bars.lines[0]
    assert list(means.get_ydata()) == [10_100, 4_900, 0.5]  # a zero sits just above the floor
    assert colour(means) == plotting.SERIES["simulated"]["color"].upper()
    marks = labelled(ax, "expected (Equation 2)")
    assert list(marks.get_ydata()) == [10_000, 5_000, 0.5]
    assert colour(marks) == plotting.SERIES["expected"]["color"].upper()
    assert spans_of_vertical(ax) == [(0.5, 2.0), (4_700, 5_100), (9_800, 10_400)]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["shed", "survive", "grow"]


def spans_of_vertical(ax):
    segments = [seg for coll in ax.collections for seg in coll.get_segments()]
    return sorted((round(s[0][1], 6), round(s[1][1], 6)) for s in segments if len(s) == 2 and s[0][0] == s[1][0])


def test_funnel_interval_from_the_argument_and_annotated_means(ax):
    plotting.plot_funnel(ax, summary_by_hand(None), interval=0.999, annotate=True)
    assert ax.containers[0].get_label() == "simulated mean (error bars: middle 99.9% of replicates)"
    assert [t.get_text() for t in ax.texts] == [r"$1.0 \times 10^{4}$", r"$4.9 \times 10^{3}$", "0"]


def test_funnel_of_a_real_cascade_summary(ax):
    from seedsoil.cascade import CascadeParameters, funnel_summary, simulate_cascade

    params = CascadeParameters(1.0, 1000.0, ("step 1", "step 2"), (0.5, 0.1))
    counts = simulate_cascade(params, days=5, replicates=20, rng=np.random.default_rng(5))
    summary = funnel_summary(counts, params, interval=0.8)
    plotting.plot_funnel(ax, summary, interval=0.8)
    # Expected, by hand: 1 g x 1000 cells/g/day x 5 days = 5,000; x 0.5 = 2,500; x 0.1 = 250.
    assert list(labelled(ax, "expected").get_ydata()) == [5_000, 2_500, 250]
    assert ax.containers[0].get_label() == "simulated mean (error bars: middle 80% of replicates)"


@pytest.mark.parametrize(
    ("summary", "kwargs", "error", "match"),
    [
        (summary_by_hand(None), {}, ValueError, r"cannot tell which interval.*interval=0\.95\)"),
        (summary_by_hand(0.9), {"interval": 0.95}, ValueError, r"interval=0\.95\) disagrees.*made with interval=0\.9"),
        (summary_by_hand(None), {"interval": 95}, ValueError, r"probability in \(0, 1\]; got 95\. .*percentage"),
        (summary_by_hand().drop(columns="expected"), {}, ValueError, r"summary lacks columns \['expected'\]"),
        (
            summary_by_hand().rename(columns={"low": "high", "high": "low"}),
            {},
            ValueError,
            r"stage 'shed' has low 10400",
        ),
        (summary_by_hand().assign(mean=[-1.0, 1.0, 1.0]), {}, ValueError, r"column 'mean' must hold counts >= 0"),
        (np.zeros((2, 3, 3), dtype=int), {}, TypeError, r"plot_funnel\(summary=...\) must be the DataFrame from"),
    ],
)
def test_funnel_refuses_bad_summaries_by_name(ax, summary, kwargs, error, match):
    with pytest.raises(error, match=match):
        plotting.plot_funnel(ax, summary, **kwargs)


def test_use_style_holds_figures_for_show():
    import matplotlib.pyplot as plt

    from seedsoil.plotting import use_style

    plt.ion()
    use_style()
    assert not plt.isinteractive()


def test_every_public_drawing_helper_is_exported():
    # A helper missing from __all__ is left out of `from seedsoil.plotting import *` and the API docs.
    import inspect

    from seedsoil import plotting

    public = {
        name
        for name, obj in vars(plotting).items()
        if inspect.isfunction(obj) and obj.__module__ == plotting.__name__ and not name.startswith("_")
    }
    assert public - set(plotting.__all__) == set()
