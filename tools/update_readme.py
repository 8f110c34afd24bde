"""Regenerate the README's course map (between its marker comments).

    python tools/update_readme.py

The map comes from seedsoil.course, so the README's links follow the one
repository setting in pyproject.toml and mark unwritten lessons as coming.
"""

from pathlib import Path

from seedsoil.course import course_map

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- course-map:start -->", "<!-- course-map:end -->"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START)
    _old, tail = rest.split(END)
    README.write_text(f"{head}{START}\n{course_map()}\n{END}{tail}", encoding="utf-8")
    print("README course map updated")


if __name__ == "__main__":
    main()
