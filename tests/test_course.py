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


def test_repository_setting_is_read_and_checked(tmp_path):
    repo, branch = course.repository()
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repo) and branch
    bad = tmp_path / "pyproject.toml"
    bad.write_text('[tool.seedsoil]\nrepository = "github.com/x"\nbranch = "main"\n')
    with pytest.raises(ValueError, match="https://github.com/OWNER/NAME"):
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


def test_colab_cell_installs_against_the_lock():
    source = course.colab_setup_source()
    assert 'lock = "seed-and-soil/requirements.txt"' in source and '"-c", lock, "-e"' in source


def test_readme_course_map_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    between = readme.split("<!-- course-map:start -->")[1].split("<!-- course-map:end -->")[0]
    assert between.strip() == course.course_map().strip(), "run `python tools/update_readme.py`"
