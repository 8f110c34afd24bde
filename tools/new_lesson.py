"""Start a new lesson from the course template (never overwrites a notebook).

    python tools/new_lesson.py 08

The lesson's title, question and time come from seedsoil.course.LESSONS, so
the course map and the notebook agree from the start.
"""

import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from seedsoil.course import LESSONS, colab_setup_source

DISCLAIMER = (
    "---\n*Seed & Soil is for education, not medical advice. For questions about "
    "your own health, talk to your care team.*"
)


def _with_metadata(cell, metadata: dict):
    cell.metadata.update(metadata)
    return cell


def _exercise(n: int) -> list:
    """The exercise triple: the student's cell, a collapsed check, a collapsed solution.

    The ``...`` placeholders stop execution on purpose (check_value refuses an
    expected value of ``...``) until the author has written the real ones.
    """
    return [
        new_markdown_cell(f"**Exercise {n}.** The question, with the unit of the answer."),
        new_code_cell(f"answer_{n} = ...  # your answer: <unit>"),
        _with_metadata(
            new_code_cell(
                f"expected_{n} = ...  # computed from load_table(...) or the lesson's model, never typed\n"
                f'check_value(answer_{n}, expected_{n}, name="Exercise {n}", rel_tol=0.02, hints={{}})'
            ),
            {"jupyter": {"source_hidden": True}},
        ),
        _with_metadata(
            new_code_cell(
                f'answer_{n} = ...  # the worked solution\ncheck_value(answer_{n}, expected_{n}, name="Exercise {n}")'
            ),
            {"tags": ["solution"], "jupyter": {"source_hidden": True}},
        ),
    ]


def template(lesson) -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(f"# Lesson {lesson.number} — {lesson.title}\n\n**{lesson.question}**"),
        new_markdown_cell("## Why this matters\n\nOne paragraph: why a student should care."),
        new_markdown_cell("## Learning objectives\n\nAfter this lesson you can:\n\n- ..."),
        new_markdown_cell(f"## Before you start\n\n**Prerequisites:** ...\n\n**Time:** about {lesson.minutes} min."),
        new_code_cell(colab_setup_source()),
        new_code_cell(
            "import numpy as np\n\nfrom seedsoil.feedback import check_value\n"
            "from seedsoil.data import load_table\nfrom seedsoil.plotting import show, use_style\n\n"
            "use_style()\nrng = np.random.default_rng(2015)"
        ),
        new_markdown_cell("## 1. First section\n\n*About N min.*"),
        new_markdown_cell("## Exercises\n\n*About N min.*"),
        *[cell for n in (1, 2, 3) for cell in _exercise(n)],
        new_markdown_cell("## Key points\n\n- ..."),
        new_markdown_cell("## References\n\n1. Author. Title. Journal Year;Vol:pages. doi:..."),
        new_markdown_cell(DISCLAIMER),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


NEXT_STEPS = """wrote {path}. Until it is finished the tests will fail, on purpose, and say why. Next:
  1. write the sections; give every exercise its real expected value (the `...` placeholders stop execution);
     the skeleton test wants at least 3 exercises, each with a check and a solution cell;
  2. references with a DOI or address; every number from a table in data/ (see README, "Adding a lesson");
  3. python tools/execute_notebooks.py {path}
  4. python tools/update_readme.py, then `make notebooks` (lesson 00's course map now lists this lesson)
  5. make test"""


def main(number: str) -> None:
    if not number:
        sys.exit(f"usage: python tools/new_lesson.py NN   (one of {[x.number for x in LESSONS if not x.available]})")
    number = number.zfill(2) if number.isdigit() else number
    lesson = next((x for x in LESSONS if x.number == number), None)
    if lesson is None:
        sys.exit(f"No lesson {number!r} in seedsoil.course.LESSONS; add it there first.")
    if lesson.path.exists():
        sys.exit(f"{lesson.path.name} already exists; not overwriting it.")
    nbformat.write(template(lesson), lesson.path)
    print(NEXT_STEPS.format(path=f"notebooks/{lesson.path.name}"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
