"""Small readers shared by the notebook tests."""

import base64
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def read(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def markdown_text(nb: dict) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def outputs(nb: dict):
    for cell in code_cells(nb):
        yield from cell.get("outputs", [])


def images(nb: dict):
    """(png bytes, metadata dict) for every stored PNG output."""
    for out in outputs(nb):
        data = out.get("data", {})
        if "image/png" in data:
            png = data["image/png"]
            png = "".join(png) if isinstance(png, list) else png
            yield base64.b64decode(png), out.get("metadata", {}).get("image/png", {})


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def first_year_minutes(cell) -> float:
    """A first-year's minutes for one cell: reading at 150 words a minute, a quarter-minute to run code."""
    words = len(re.findall(r"\w+", source(cell))) if cell["cell_type"] == "markdown" else 0
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        text = out.get("text", "") or ("" if "image/png" in data else data.get("text/plain", ""))
        words += len(re.findall(r"\w+", "".join(text)))
    hidden = cell["metadata"].get("jupyter", {}).get("source_hidden") or "solution" in cell["metadata"].get("tags", [])
    return words / 150 + (0.25 if cell["cell_type"] == "code" and not hidden else 0)


# The 2015 news story lives beside the course, not in it; tests that compare with it skip without it.
STORY = ROOT.parent / "shared" / "sources" / "news-story-2015.txt"


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (curly apostrophes made straight), for comparing runs of words."""
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def story_runs(length: int) -> set[tuple[str, ...]]:
    """Every run of ``length`` consecutive words in the story's text (not the file's header)."""
    story = words(STORY.read_text(encoding="utf-8").split("\n----\n", 1)[-1])
    return {tuple(story[i : i + length]) for i in range(len(story) - length + 1)}
