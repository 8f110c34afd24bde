"""The instructor guide covers every written lesson with a plan that fits a 50-minute class."""

import re

import pytest
from notebook_tools import ROOT, code_cells, read, source

from seedsoil.course import CLASS_MINUTES, LESSONS, nbgitpuller_url

GUIDE = ROOT / "notebooks" / "instructor_guide.ipynb"
PARTS = [
    "Goals",
    "Plan by the minute",
    "If you are short of time",
    "Misconceptions and how to meet them",
    "Discussion prompts",
]
WRITTEN = [lesson for lesson in LESSONS if lesson.available]


def _text() -> str:
    return "\n".join(source(c) for c in read(GUIDE)["cells"] if c["cell_type"] == "markdown")


def _section(number: str) -> str:
    parts = re.split(r"^## ", _text(), flags=re.M)
    found = [p for p in parts if p.startswith(f"Lesson {number} ")]
    assert found, f"the guide has no section '## Lesson {number} — ...'"
    return found[0]


@pytest.mark.parametrize("lesson", WRITTEN, ids=[x.number for x in WRITTEN])
def test_every_written_lesson_has_each_part(lesson):
    section = _section(lesson.number)
    headings = re.findall(r"^### (.+)$", section, flags=re.M)
    assert headings == PARTS, f"lesson {lesson.number}: parts {headings}"


@pytest.mark.parametrize("lesson", WRITTEN, ids=[x.number for x in WRITTEN])
def test_the_plan_runs_from_minute_0_without_gaps_and_fits_the_class(lesson):
    plan = _section(lesson.number).split("### Plan by the minute")[1].split("###")[0]
    ranges = [(int(a), int(b)) for a, b in re.findall(r"^\|\s*(\d+)\s*[–-]\s*(\d+)\s*\|", plan, flags=re.M)]
    assert ranges, "the plan is a table of minute ranges such as | 0–5 | ... |"
    assert ranges[0][0] == 0 and all(b == c for (_, b), (c, _) in zip(ranges, ranges[1:], strict=False))
    assert all(a < b for a, b in ranges)
    assert ranges[-1][1] <= CLASS_MINUTES


@pytest.mark.parametrize("lesson", WRITTEN, ids=[x.number for x in WRITTEN])
def test_discussion_prompts_come_with_model_answers(lesson):
    prompts = _section(lesson.number).split("### Discussion prompts")[1]
    assert "model answer" in prompts.lower()


def test_the_guide_covers_the_day_the_hub_and_the_people_in_the_room():
    text = _text()
    for heading in ["## Before the day", "## Running the course for a class on a JupyterHub", "## Teaching a subject"]:
        assert heading in text
    assert re.search(r"Binder or Colab fails", text)


def test_the_hub_links_are_generated_from_the_configured_repository():
    cell = next(c for c in code_cells(read(GUIDE)) if "nbgitpuller_url" in source(c))
    printed = "".join("".join(o.get("text", "")) for o in cell["outputs"])
    hub = re.search(r'hub = "([^"]+)"', source(cell)).group(1)
    for lesson in WRITTEN:
        assert nbgitpuller_url(hub, lesson) in printed
