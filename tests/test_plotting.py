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
