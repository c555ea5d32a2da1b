"""Text to measure with: real text shipped inside installed packages, and the lessons' own data in ``data/``.

Real text that nobody on this project wrote (works offline):

- ``austen()``: Jane Austen, *Lady Susan* (public domain, Project Gutenberg), as music21 ships it.
- ``classical_chinese()``: classical Chinese text, also shipped by music21.

The lessons' own small data lives in the repository's ``data/`` folder (``data/README.md`` says what
each file is, where it came from and its licence); ``data_path``, ``read_lines`` and ``read_json``
are the one way to read it. ``captions()`` reads ``data/clip/captions.txt``: short image captions of
the kind CLIP was trained on, written for these lessons to show caption-length text (not a data set).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from pathlib import Path

from . import checks

DATA = Path(__file__).resolve().parents[2] / "data"


def package_dir(name: str) -> Path:
    """Folder of an installed package, found without importing it (importing music21 takes seconds)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"package {name!r} is not installed; run `make lab` or `pip install -e .`")
    return Path(next(iter(spec.submodule_search_locations)))


def _music21_text(filename: str) -> str:
    path = package_dir("music21") / "languageExcerpts" / "trainingData" / filename
    return path.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def austen() -> str:
    """*Lady Susan* by Jane Austen (about 23,000 words, public domain), as one string."""
    return _music21_text("en.txt")


@functools.lru_cache(maxsize=None)
def classical_chinese() -> str:
    """Classical Chinese text shipped by music21 (public domain), as one string."""
    return _music21_text("cn.txt")


def austen_lines(min_words: int = 3) -> list[str]:
    """Non-empty lines of *Lady Susan* with at least ``min_words`` words, whitespace-normalised."""
    min_words = checks.integer(min_words, "min_words", minimum=0)
    lines = (" ".join(line.split()) for line in austen().splitlines())
    return [line for line in lines if len(line.split()) >= min_words]


def austen_sentences(min_words: int = 4) -> list[str]:
    """*Lady Susan* split into sentences (on . ! ?), each whitespace-normalised."""
    min_words = checks.integer(min_words, "min_words", minimum=0)
    text = " ".join(austen().split())
    parts = re.split(r"(?<=[.!?])\s+", text)
    return [p for p in parts if len(p.split()) >= min_words]


def word_windows(text: str, window_words: int, count: int) -> list[str]:
    """``count`` non-overlapping windows of ``window_words`` consecutive words, evenly spaced over ``text``."""
    words = checks.text(text, "text").split()
    window_words, count = checks.positive_int(window_words, "window_words"), checks.positive_int(count, "count")
    if len(words) < window_words * count:
        raise ValueError(f"text has {len(words)} words; {count} windows of {window_words} need {window_words * count}")
    stride = len(words) // count
    return [" ".join(words[i * stride: i * stride + window_words]) for i in range(count)]


def data_path(name: str) -> Path:
    """Path of ``data/<name>`` (e.g. ``"clip/captions.txt"``); raises ``FileNotFoundError`` naming it when absent."""
    path = DATA / checks.text(name, "name")
    if not path.is_file():
        raise FileNotFoundError(f"data file {name!r} is missing from {DATA}; it ships with the repository "
                                "(see data/README.md)")
    return path


@functools.lru_cache(maxsize=None)
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty lines of the text file ``data/<name>``, stripped; lines starting with ``#`` are comments."""
    lines = (line.strip() for line in data_path(name).read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@functools.lru_cache(maxsize=None)
def _json(name: str) -> str:
    return data_path(name).read_text(encoding="utf-8")


def read_json(name: str):
    """The JSON file ``data/<name>``, parsed (a fresh copy each call, so callers may change it)."""
    return json.loads(_json(checks.text(name, "name")))


def captions() -> list[str]:
    """Short captions of the kind CLIP sees (written for these lessons)."""
    return list(read_lines("clip/captions.txt"))
