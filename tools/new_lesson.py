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


KINDS = ("Predict", "Check", "Exercise")


def _activity(kind: str, n: int) -> list:
    """One activity: the question, the student's cell, a collapsed check, a collapsed solution.

    The ``...`` placeholders stop execution on purpose (the checks refuse an
    expected value of ``...``) until the author has written the real ones.
    """
    name = f"{kind} {n}"
    check = {
        "Predict": f'check_choice(guess_{n}, ..., name="{name}", options={{"a": "...", "b": "..."}})',
        "Check": f'check_choice(answer_{n}, ..., name="{name}", options={{"a": "...", "b": "...", "c": "..."}})',
        "Exercise": f"expected_{n} = ...  # computed from load_table(...) or the lesson's model, never typed\n"
        f'check_value(answer_{n}, expected_{n}, name="{name}", rel_tol=0.02, hints={{}})',
    }[kind]
    variable = "guess" if kind == "Predict" else "answer"
    question = {
        "Predict": "Before you run the next cell: what will it show? (a) ... (b) ...",
        "Check": "A concept question: (a) ... (b) ... (c) ...",
        "Exercise": "The question, with the unit of the answer.",
    }[kind]
    return [
        new_markdown_cell(f"**{name}.** {question}"),
        new_code_cell(f"{variable}_{n} = ...  # your answer"),
        _with_metadata(new_code_cell(check), {"seedsoil": {"activity": name}, "jupyter": {"source_hidden": True}}),
        _with_metadata(
            new_code_cell(f"{variable}_{n} = ...  # the worked solution\n" + check.splitlines()[-1]),
            {"tags": ["solution"], "jupyter": {"source_hidden": True}},
        ),
    ]


def template(lesson) -> nbformat.NotebookNode:
    objectives = new_markdown_cell(
        "## Learning objectives\n\nAfter this lesson you can:\n\n"
        + "\n".join(f"- ... *(checked by {kind} 1)*" for kind in KINDS)
    )
    objectives.metadata["seedsoil"] = {"objectives": [[f"{kind} 1"] for kind in KINDS]}
    setup = new_code_cell(colab_setup_source())
    setup.metadata["jupyter"] = {"source_hidden": True}
    cells = [
        new_markdown_cell(f"# Lesson {lesson.number} — {lesson.title}\n\n**{lesson.question}**"),
        new_markdown_cell("## Why this matters\n\nOne paragraph: why a student should care."),
        objectives,
        new_markdown_cell(
            f"## Before you start\n\n**Prerequisites:** ...\n\n**Time:** about {lesson.minutes} min (the core; "
            "Going further is optional)."
        ),
        setup,
        new_code_cell(
            "from seedsoil.data import load_table\nfrom seedsoil.feedback import check_choice, check_value\n"
            "from seedsoil.notebook import show_references\nfrom seedsoil.plotting import show, use_style\n\n"
            "use_style()\n# Add rng = np.random.default_rng(SEED) only if the lesson draws random numbers."
        ),
        new_markdown_cell("## 1. First section\n\n*About N min.*"),
        *_activity("Predict", 1),
        new_markdown_cell("## 2. Second section\n\n*About N min.*"),
        *_activity("Check", 1),
        new_markdown_cell("## 3. Third section\n\n*About N min.*"),
        *_activity("Exercise", 1),
        new_markdown_cell("## Key points\n\n- ..."),
        new_markdown_cell(
            "## Going further\n\nOptional depth: the models' artefacts, sensitivity runs, derivations, long caveats."
        ),
        new_markdown_cell("## References"),
        new_code_cell('show_references(["..."])  # keys of data/references.csv, in the order the prose cites them'),
        new_markdown_cell(DISCLAIMER),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


NEXT_STEPS = """wrote {path}. Until it is finished the tests will fail, on purpose, and say why. Next:
  1. write the sections (README, "How a lesson is laid out"); give every activity its real check (the `...`
     placeholders stop execution); map each objective to its checks, in the text and the cell metadata;
  2. every number from a table in data/; list the references' keys in show_references([...]);
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
