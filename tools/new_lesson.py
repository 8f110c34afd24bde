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


def template(lesson) -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(f"# Lesson {lesson.number} — {lesson.title}\n\n**{lesson.question}**"),
        new_markdown_cell("## Why this matters\n\nOne paragraph: why a student should care."),
        new_markdown_cell("## Learning objectives\n\nAfter this lesson you can:\n\n- ..."),
        new_markdown_cell(f"## Before you start\n\n**Prerequisites:** ...\n\n**Time:** about {lesson.minutes} min."),
        new_code_cell(colab_setup_source()),
        new_code_cell(
            "import numpy as np\n\nfrom seedsoil.checks import check_value\n"
            "from seedsoil.data import load_table\nfrom seedsoil.plotting import show, use_style\n\n"
            "use_style()\nrng = np.random.default_rng(2015)"
        ),
        new_markdown_cell("## 1. First section\n\n*About N min.*"),
        new_markdown_cell("## Exercises\n\n*About N min.*"),
        new_markdown_cell("**Exercise 1.** The question, with the unit of the answer."),
        new_code_cell("answer_1 = ...  # your answer: <unit>"),
        _with_metadata(
            new_code_cell(
                "expected_1 = ...  # computed from load_table(...) or the lesson's model\n"
                'check_value(answer_1, expected_1, name="Exercise 1", rel_tol=0.02, hints={})'
            ),
            {"jupyter": {"source_hidden": True}},
        ),
        _with_metadata(
            new_code_cell(
                'answer_1 = ...  # the worked solution\ncheck_value(answer_1, expected_1, name="Exercise 1")'
            ),
            {"tags": ["solution"], "jupyter": {"source_hidden": True}},
        ),
        new_markdown_cell("## Key points\n\n- ..."),
        new_markdown_cell("## References\n\n1. Author. Title. Journal Year;Vol:pages. doi:..."),
        new_markdown_cell(DISCLAIMER),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def main(number: str) -> None:
    lesson = next((x for x in LESSONS if x.number == number), None)
    if lesson is None:
        sys.exit(f"No lesson {number!r} in seedsoil.course.LESSONS; add it there first.")
    if lesson.path.exists():
        sys.exit(f"{lesson.path.name} already exists; not overwriting it.")
    nbformat.write(template(lesson), lesson.path)
    print(f"wrote {lesson.path.name}; run `python tools/execute_notebooks.py {lesson.path}` when ready")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
