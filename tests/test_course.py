"""Course map and launch links: one setting, well-formed links, real notebooks."""

import re
from urllib.parse import unquote, urlparse

import pytest
from notebook_tools import NOTEBOOKS, ROOT

from seedsoil import course


def test_every_notebook_is_in_the_course_map():
    stems = {lesson.stem for lesson in course.LESSONS}
    assert {p.stem for p in NOTEBOOKS} <= stems


def test_lesson_numbers_are_unique_and_ordered():
    numbers = [lesson.number for lesson in course.LESSONS]
    assert numbers == sorted(set(numbers))


def test_repository_setting_is_read():
    repo, branch = course.repository()
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repo) and branch


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ('repository = "github.com/x/y"\nbranch = "main"', "OWNER/NAME"),
        ('repository = "https://github.com/x/y.git"\nbranch = "main"', "no .git"),
        ('repository = "https://github.com//y"\nbranch = "main"', "OWNER/NAME"),
        ('repository = "https://github.com/x/y z"\nbranch = "main"', "OWNER/NAME"),
        ('repository = "https://github.com/x/y"\nbranch = ""', "plain branch name"),
        ('repository = "https://github.com/x/y"\nbranch = "a\\"b"', "plain branch name"),
        ('repository = "https://github.com/x/y"', "plain branch name"),
        ("repository = 3\nbranch = 'main'", "OWNER/NAME"),
    ],
)
def test_repository_setting_is_checked(tmp_path, settings, message):
    bad = tmp_path / "pyproject.toml"
    bad.write_text(f"[tool.seedsoil]\n{settings}\n")
    with pytest.raises(ValueError, match=message):
        course.repository(bad)


def test_missing_settings_table_is_explained(tmp_path):
    bad = tmp_path / "pyproject.toml"
    bad.write_text('[project]\nname = "x"\n')
    with pytest.raises(ValueError, match=r"no \[tool.seedsoil\]"):
        course.repository(bad)


def _links(markdown):
    return re.findall(r"\]\((https://[^)]+)\)", markdown)


def test_generated_links_are_well_formed_and_name_existing_notebooks():
    repo, branch = course.repository()
    owner_name = repo.removeprefix("https://github.com/")
    links = _links(course.course_map(repo, branch))
    available = [x for x in course.LESSONS if x.available]
    assert len(links) == 3 * len(available)
    for link in links:
        parsed = urlparse(link)
        assert parsed.scheme == "https" and parsed.netloc in {
            "nbviewer.org",
            "mybinder.org",
            "colab.research.google.com",
        }
        assert owner_name in link and branch in link
        notebook = re.search(r"notebooks/(\d\d_\w+\.ipynb)", unquote(link)).group(1)
        assert (ROOT / "notebooks" / notebook).is_file(), link


def test_unwritten_lessons_are_marked_coming():
    table = course.course_map("https://github.com/a/b", "main")
    for lesson in course.LESSONS:
        row = next(r for r in table.splitlines() if r.startswith(f"| {lesson.number} |"))
        assert ("coming" in row) != lesson.available


def test_a_fork_changes_one_line():
    table = course.course_map("https://github.com/someone/fork", "dev")
    assert "someone/fork" in table and "seed-and-soil/seed-and-soil" not in table
    assert 'REPO, BRANCH = "https://github.com/someone/fork", "dev"' in course.colab_setup_source(
        "https://github.com/someone/fork", "dev"
    )


def test_colab_cell_does_nothing_off_colab():
    import sys

    namespace = {}
    exec(course.colab_setup_source(), namespace)  # noqa: S102 - our own generated code
    assert "google.colab" not in sys.modules and "REPO" not in namespace


def test_colab_cell_on_colab_clones_installs_against_the_lock_and_imports(tmp_path, monkeypatch):
    """Run the cell as Colab would (google.colab imported), with the shell commands recorded."""
    import os
    import subprocess
    import sys
    import types

    commands = []
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", lambda cmd, check: commands.append(cmd))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seed-and-soil" / "notebooks").mkdir(parents=True)  # what the clone would create
    monkeypatch.setattr(sys, "path", list(sys.path))
    exec(course.colab_setup_source("https://github.com/me/fork", "dev"), {})  # noqa: S102
    clone, install = commands if len(commands) == 2 else (None, commands[0])
    assert clone is None  # the folder exists, so no second clone
    assert install[-4:] == ["-c", "seed-and-soil/requirements.txt", "-e", "seed-and-soil"]
    assert sys.path[0] == str(tmp_path / "seed-and-soil" / "src")
    assert os.getcwd() == str(tmp_path / "seed-and-soil" / "notebooks")


def test_colab_cell_clones_the_configured_fork(tmp_path, monkeypatch):
    import subprocess
    import sys
    import types

    commands = []

    def fake_run(cmd, check):
        commands.append(cmd)
        if cmd[0] == "git":
            (tmp_path / "seed-and-soil" / "notebooks").mkdir(parents=True)

    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.chdir(tmp_path)
    exec(course.colab_setup_source("https://github.com/me/fork", "dev"), {})  # noqa: S102
    assert commands[0] == ["git", "clone", "--depth=1", "-b", "dev", "https://github.com/me/fork", "seed-and-soil"]


def test_three_classes_fit_their_minutes():
    for number, session in enumerate(course.THREE_CLASSES, start=1):
        assert course.minutes(session.in_class) <= course.CLASS_MINUTES, f"class {number} overruns"
    taught = {n for s in course.THREE_CLASSES for n in (*s.in_class, *s.before, *s.after)}
    assert {"00", "01", "02", "03", "04"} <= taught


def test_learning_paths_are_rendered_with_times():
    text = course.learning_paths()
    assert "| 1 | 01 Why spread matters (45 min)" in text
    # All eleven lessons: 30 + 45 + 7 x 50 (02-08) + 40 (09) + 50 (10) = 515 min = 8.58 h, printed to one decimal.
    assert "*The whole course* (about 8.6 h)" in text
    # Outside class: 00 (30) + 06 (50) + 07 (50) + 03 (50) + 05 (50) + 09 (40) = 270 min.
    assert "about 270 min over the three classes" in text


def test_a_coming_lesson_in_a_class_plan_adds_no_minutes(monkeypatch):
    later = course.Lesson("11", "not_yet_written", "Not yet written", "What comes next?", 30)
    monkeypatch.setattr(course, "LESSONS", (*course.LESSONS, later))
    monkeypatch.setattr(course, "THREE_CLASSES", (course.Session(in_class=("01",), after=("11",)),))
    text = course.learning_paths()
    assert "11 Not yet written (coming) (0 min)" in text
    assert "about 0 min over the three classes" in text


def test_readme_course_map_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    between = readme.split("<!-- course-map:start -->")[1].split("<!-- course-map:end -->")[0]
    assert between.strip() == course.course_map().strip(), "run `python tools/update_readme.py`"


def test_colab_cell_run_again_in_the_same_session_does_not_clone_into_the_clone(tmp_path, monkeypatch):
    """After the first run the kernel sits in seed-and-soil/notebooks; a second run must change nothing."""
    import os
    import subprocess
    import sys
    import types

    commands = []
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", lambda cmd, check: commands.append(cmd))
    notebooks = tmp_path / "seed-and-soil" / "notebooks"
    notebooks.mkdir(parents=True)
    (tmp_path / "seed-and-soil" / "src" / "seedsoil").mkdir(parents=True)
    monkeypatch.chdir(notebooks)
    monkeypatch.setattr(sys, "path", list(sys.path))
    exec(course.colab_setup_source("https://github.com/me/fork", "dev"), {})  # noqa: S102
    assert commands == [] and os.getcwd() == str(notebooks)


def test_colab_cell_is_short():
    lines = [line for line in course.colab_setup_source().splitlines() if line.strip()]
    assert len(lines) <= 8 and max(map(len, lines)) <= 120


def test_nbgitpuller_link_follows_the_configured_repository():
    from urllib.parse import parse_qs, urlsplit

    url = course.nbgitpuller_url("https://hub.uni.example/", course.lesson("03"), "https://github.com/me/fork", "dev")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.uni.example", "/hub/user-redirect/git-pull")
    query = parse_qs(parts.query)
    assert query == {
        "repo": ["https://github.com/me/fork"],
        "branch": ["dev"],
        "urlpath": ["lab/tree/fork/notebooks/03_bone_remodelling.ipynb"],
    }


@pytest.mark.parametrize("hub", ["hub.example.edu", "", None, "ftp://hub", "https://hub example"])
def test_nbgitpuller_refuses_a_hub_that_is_not_an_address(hub):
    with pytest.raises(ValueError, match="hub must be the JupyterHub's address"):
        course.nbgitpuller_url(hub)


def test_the_package_docstring_maps_every_module():
    import pkgutil

    import seedsoil

    listed = {line.split()[0] for line in seedsoil.__doc__.splitlines() if line[:1].isalpha() or line[:1] == "_"}
    modules = {m.name for m in pkgutil.iter_modules(seedsoil.__path__)}
    assert modules <= listed, f"modules missing from the package docstring: {sorted(modules - listed)}"
