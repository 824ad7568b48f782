"""Finding input files: paths and folders in, files out, in a stable order.

A folder may hold a `.stdkbignore` file: one glob pattern a line (`#` comments), matched
against paths relative to that folder; a pattern ending in `/` skips a whole folder. Hidden
files and folders are always skipped.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

IGNORE_FILE = ".stdkbignore"


@dataclass
class Found:
    path: Path | None
    display: str  # the path as the user gave it (or below it)
    error: str | None = None


def _patterns(folder: Path) -> list[str]:
    ignore = folder / IGNORE_FILE
    if not ignore.is_file():
        return []
    lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _ignored(relative: str, is_dir: bool, patterns: list[str]) -> bool:
    for pattern in patterns:
        if pattern.endswith("/"):
            if is_dir and (fnmatch.fnmatch(relative, pattern[:-1]) or fnmatch.fnmatch(relative + "/", pattern)):
                return True
        elif fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(relative.rsplit("/", 1)[-1], pattern):
            return True
    return False


def _walk(root: Path, folder: Path, shown: str, patterns: list[str]) -> Iterator[Found]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as e:
        yield Found(None, shown, f"unreadable folder: {e.strerror or e}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        relative = entry.relative_to(root).as_posix()
        if _ignored(relative, entry.is_dir(), patterns):
            continue
        display = f"{shown.rstrip('/')}/{entry.name}"
        if entry.is_dir():
            yield from _walk(root, entry, display, patterns)
        elif entry.is_file():
            yield Found(entry, display)


def discover(paths: Iterable[str | Path]) -> Iterator[Found]:
    """Files below each path; a missing path is reported, not raised."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, path, str(given), _patterns(path))
        elif path.is_file():
            yield Found(path, str(given))
        elif path.exists():
            yield Found(None, str(given), "not a regular file")
        else:
            yield Found(None, str(given), "no such file or folder")
