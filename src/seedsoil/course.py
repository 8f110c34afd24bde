"""The course map and the launch links, made from one setting.

The public address of the course lives in one place: ``[tool.seedsoil]`` in
``pyproject.toml``. Everything that links to the published notebooks
(README, the start-here notebook, the Colab setup cell) is generated here
from it, so a fork changes one line.

>>> lesson = LESSONS[0]
>>> lesson.stem
'00_start_here'
>>> nbviewer_url(lesson, "https://github.com/me/fork", "main")
'https://nbviewer.org/github/me/fork/blob/main/notebooks/00_start_here.ipynb'
"""

from __future__ import annotations

import json
import re
import tomllib
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CLASS_MINUTES",
    "LESSONS",
    "Lesson",
    "SELF_STUDY_PATHS",
    "Session",
    "THREE_CLASSES",
    "learning_paths",
    "lesson",
    "minutes",
    "binder_url",
    "colab_setup_source",
    "colab_url",
    "course_map",
    "nbgitpuller_url",
    "nbviewer_url",
    "repository",
]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"


@dataclass(frozen=True)
class Lesson:
    number: str
    slug: str
    title: str
    question: str
    minutes: int

    @property
    def stem(self) -> str:
        return f"{self.number}_{self.slug}"

    @property
    def path(self) -> Path:
        return NOTEBOOKS / f"{self.stem}.ipynb"

    @property
    def available(self) -> bool:
        return self.path.is_file()


LESSONS = (
    Lesson("00", "start_here", "Start here", "How do I use this course, and what will I learn?", 30),
    Lesson(
        "01",
        "why_spread_matters",
        "Why spread matters",
        "How many people are affected, at which stage, and why is metastasis what kills?",
        45,
    ),
    Lesson(
        "02",
        "metastatic_cascade",
        "The metastatic cascade",
        "Why do so few escaping cells make it, and where do they go?",
        50,
    ),
    Lesson(
        "03",
        "bone_remodelling",
        "Bone remodelling and the vicious cycle",
        "How do osteoclasts and osteoblasts keep bone in balance, and how does a tumour break it?",
        50,
    ),
    Lesson(
        "04",
        "lox_priming_hypothesis",
        "The LOX priming hypothesis",
        "Can a tumour prepare bone before its cells arrive, and what happened to the evidence?",
        50,
    ),
    Lesson(
        "05",
        "preventing_bone_metastasis",
        "Preventing bone metastasis",
        "What do bisphosphonates do in the model and in the trials, and who benefits?",
        50,
    ),
    Lesson(
        "06",
        "survival_statistics",
        "Survival statistics",
        "What does '5-year relative survival' mean, and why do the numbers change?",
        50,
    ),
    Lesson(
        "07",
        "survival_analysis",
        "Survival analysis on real patients",
        "How do Kaplan-Meier curves, log-rank tests and Cox models work on a real cohort?",
        50,
    ),
    Lesson(
        "08",
        "virtual_trial",
        "A virtual trial",
        "How does a mechanism become a trial's hazard ratio, and would a LOX test pick who benefits?",
        50,
    ),
    Lesson(
        "09",
        "reading_the_headline",
        "Reading the headline",
        "Which claims of a 2015 news story hold up against the evidence?",
        40,
    ),
    Lesson(
        "10",
        "living_with_bone_metastasis",
        "Living with bone metastasis",
        "What does bone metastasis do to a person, and what can treatment do and not do?",
        50,
    ),
)


_REPO = re.compile(r"https://github\.com/[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
_BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


@dataclass(frozen=True)
class Session:
    """One class meeting of a taught path: lessons done in class, before and after."""

    in_class: tuple[str, ...]
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


CLASS_MINUTES = 50
# The core story in three 50-minute classes: why spread matters, how cells
# spread, and how one bold hypothesis about bone fared (and how the news told
# it). The other lessons are set as preparation or follow-up.
THREE_CLASSES = (
    Session(in_class=("01",), before=("00",), after=("06",)),
    Session(in_class=("02",), after=("07",)),
    Session(in_class=("04",), before=("03",), after=("05", "09")),
)
SELF_STUDY_PATHS = {
    "The whole course": tuple(lesson.number for lesson in LESSONS),
    "Statistics first": ("00", "01", "06", "07", "05", "08"),
    "Biology first": ("00", "02", "03", "04", "05", "10"),
    "Reading health news": ("00", "01", "04", "09"),
}


def lesson(number: str) -> Lesson:
    """The lesson with this two-digit number."""
    for item in LESSONS:
        if item.number == number:
            return item
    raise ValueError(f"No lesson {number!r}; the course has {[x.number for x in LESSONS]}.")


def minutes(numbers) -> int:
    """Total time of some lessons, from the course map's estimates [min]."""
    return sum(lesson(n).minutes for n in numbers)


def _names(numbers) -> str:
    return ", ".join(f"{n} {lesson(n).title}" + ("" if lesson(n).available else " (coming)") for n in numbers) or "—"


def learning_paths() -> str:
    """The class plan and the self-study paths as Markdown, times from the course map.

    Totals count written lessons only; a lesson still to come is named, marked
    and left out of the hours, so the plan never promises what does not exist.
    """
    rows = [
        f"**Three {CLASS_MINUTES}-minute classes (the core story).** In class, the instructor projects the lesson "
        "and pauses at each chart; students run the cells and do the exercises in pairs. A lesson's time covers "
        "its core sections; its optional parts and homework exercises go after class.",
        "",
        "| class | in class | before class | after class |",
        "|:---|:---|:---|:---|",
    ]
    outside = 0
    for number, session in enumerate(THREE_CLASSES, start=1):
        before = f"{_names(session.before)} ({_written_minutes(session.before)} min)" if session.before else "—"
        after = f"{_names(session.after)} ({_written_minutes(session.after)} min)" if session.after else "—"
        outside += _written_minutes(session.before) + _written_minutes(session.after)
        in_class = f"{_names(session.in_class)} ({_written_minutes(session.in_class)} min)"
        rows.append(f"| {number} | {in_class} | {before} | {after} |")
    rows += [
        "",
        f"Work outside class adds up to about {outside} min over the three classes. Before class 1, ask everyone to "
        "open this notebook once (on their computer, on Binder or on Colab): the first install on a computer downloads "
        "several hundred MB, which is better done at home than in the first minutes of class.",
        "",
        "**On your own.** Pick a path; times are the course map's estimates for the lessons written so far.",
        "",
    ]
    for name, numbers in SELF_STUDY_PATHS.items():
        hours = _written_minutes(numbers) / 60
        steps = [n if lesson(n).available else f"{n} (coming)" for n in numbers]
        rows.append(f"- *{name}* (about {hours:.1f} h): " + " → ".join(steps))
    return "\n".join(rows)


def _written_minutes(numbers) -> int:
    return minutes(n for n in numbers if lesson(n).available)


def repository(pyproject: Path | None = None) -> tuple[str, str]:
    """The published repository address and branch, from ``pyproject.toml``.

    Raises
    ------
    ValueError
        If ``[tool.seedsoil]`` is missing or its ``repository`` is not
        ``https://github.com/OWNER/NAME`` (no ``.git``), or ``branch`` is not a
        plain branch name.
    """
    pyproject = pyproject or ROOT / "pyproject.toml"
    settings = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("seedsoil")
    if not isinstance(settings, dict):
        raise ValueError(f"{pyproject.name} has no [tool.seedsoil] table with 'repository' and 'branch'.")
    url, branch = settings.get("repository"), settings.get("branch")
    if not isinstance(url, str) or not _REPO.fullmatch(url) or url.endswith(".git"):
        raise ValueError(
            f"[tool.seedsoil] repository in {pyproject.name} must look like "
            f"'https://github.com/OWNER/NAME' (no .git, no trailing slash); got {url!r}."
        )
    if not isinstance(branch, str) or not _BRANCH.fullmatch(branch):
        raise ValueError(
            f"[tool.seedsoil] branch in {pyproject.name} must be a plain branch name such as "
            f"'main' (letters, digits, '.', '_', '-'); got {branch!r}."
        )
    return url, branch


def _owner_name(repo: str) -> str:
    return repo.removeprefix("https://github.com/")


def nbviewer_url(lesson: Lesson, repo: str, branch: str) -> str:
    return f"https://nbviewer.org/github/{_owner_name(repo)}/blob/{branch}/notebooks/{lesson.stem}.ipynb"


def binder_url(lesson: Lesson, repo: str, branch: str) -> str:
    return f"https://mybinder.org/v2/gh/{_owner_name(repo)}/{branch}?labpath=notebooks%2F{lesson.stem}.ipynb"


def colab_url(lesson: Lesson, repo: str, branch: str) -> str:
    return f"https://colab.research.google.com/github/{_owner_name(repo)}/blob/{branch}/notebooks/{lesson.stem}.ipynb"


def nbgitpuller_url(hub: str, lesson: Lesson | None = None, repo: str | None = None, branch: str | None = None) -> str:
    """A link that makes a JupyterHub pull the course into each student's home and open a lesson.

    nbgitpuller clones the repository on first use and, on later clicks, merges
    new commits without overwriting what a student changed. ``hub`` is the hub's
    address (``https://hub.example.edu``); the repository comes from the one
    configured setting.

    >>> nbgitpuller_url("https://hub.example.edu/", LESSONS[1], "https://github.com/me/fork", "main")
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fme%2Ffork&branch=main&urlpath=lab%2Ftree%2Ffork%2Fnotebooks%2F01_why_spread_matters.ipynb'
    """
    if repo is None or branch is None:
        repo, branch = repository()
    if not isinstance(hub, str) or not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d+)?(/[\w./-]*)?", hub):
        raise ValueError(f"hub must be the JupyterHub's address, like 'https://hub.example.edu'; got {hub!r}.")
    folder = repo.rstrip("/").rsplit("/", 1)[1]
    target = f"lab/tree/{folder}/notebooks/{(lesson or LESSONS[0]).stem}.ipynb"
    query = urllib.parse.urlencode({"repo": repo, "branch": branch, "urlpath": target})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def course_map(repo: str | None = None, branch: str | None = None) -> str:
    """The course map as a Markdown table, with launch links for written lessons."""
    if repo is None or branch is None:
        repo, branch = repository()
    rows = [
        "| # | lesson | question | time | open |",
        "|:---|:---|:---|:---|:---|",
    ]
    for lesson in LESSONS:
        if lesson.available:
            links = (
                f"[view]({nbviewer_url(lesson, repo, branch)}) · "
                f"[Binder]({binder_url(lesson, repo, branch)}) · "
                f"[Colab]({colab_url(lesson, repo, branch)})"
            )
            title = lesson.title
        else:
            links, title = "coming soon", f"{lesson.title} *(coming)*"
        rows.append(f"| {lesson.number} | {title} | {lesson.question} | {lesson.minutes} min | {links} |")
    return "\n".join(rows)


def colab_setup_source(repo: str | None = None, branch: str | None = None) -> str:
    """The first code cell of every lesson: installs the course only on Colab."""
    if repo is None or branch is None:
        repo, branch = repository()
    return (
        "import os, subprocess, sys  # noqa: E401, I001 - Colab only: fetch the course, install it from the lock\n\n"
        'if "google.colab" in sys.modules and not os.path.isdir("../src/seedsoil"):\n'
        f"    REPO, BRANCH = {json.dumps(repo)}, {json.dumps(branch)}\n"
        '    root, pip = "seed-and-soil", [sys.executable, "-m", "pip", "install", "-q"]  # the clone, in /content\n'
        '    os.path.isdir(root) or subprocess.run(["git", "clone", "--depth=1", "-b", BRANCH, REPO, root],'
        " check=True)\n"
        '    subprocess.run([*pip, "-c", f"{root}/requirements.txt", "-e", root], check=True)\n'
        '    sys.path.insert(0, os.path.abspath(f"{root}/src"))  # importable now, before any restart\n'
        '    os.chdir(f"{root}/notebooks")'
    )
