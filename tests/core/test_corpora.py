"""helpers.core.corpora: real text shipped by packages, and the lessons' data/ folder."""

import json

import pytest

from helpers.core import corpora


def test_corpora_are_real_and_sizable():
    assert "Lady Susan" in corpora.austen()[:200]
    assert 20_000 < len(corpora.austen().split()) < 30_000
    assert len(corpora.austen_sentences()) > 500
    assert "序" in corpora.classical_chinese()


def test_austen_lines_and_sentences_are_normalised():
    lines, sentences = corpora.austen_lines(min_words=5), corpora.austen_sentences(min_words=6)
    assert all(len(line.split()) >= 5 and line == " ".join(line.split()) for line in lines)
    assert all(len(s.split()) >= 6 for s in sentences)
    assert sum(s[-1] in ".!?" for s in sentences) > 0.9 * len(sentences)


def test_word_windows():
    windows = corpora.word_windows("a b c d e f g h", 2, 3)
    assert windows == ["a b", "c d", "e f"]
    with pytest.raises(ValueError, match="need"):
        corpora.word_windows("a b", 2, 3)
    with pytest.raises(ValueError, match=">= 1"):
        corpora.word_windows("a b", 0, 1)


def test_package_dir_names_a_missing_package():
    assert (corpora.package_dir("music21") / "languageExcerpts").is_dir()
    with pytest.raises(ModuleNotFoundError, match="no_such_package_here"):
        corpora.package_dir("no_such_package_here")


def test_every_file_in_data_is_described_in_its_readme():
    readme = (corpora.DATA / "README.md").read_text(encoding="utf-8")
    files = [p.relative_to(corpora.DATA).as_posix() for p in corpora.DATA.rglob("*") if p.is_file()]
    assert "claims.csv" in files
    missing = [f for f in files if f != "README.md" and f"`{f}`" not in readme and f"## {f}" not in readme]
    assert not missing, f"data/README.md does not describe {missing}"


def test_read_lines_skips_comments_and_blanks(monkeypatch, tmp_path):
    (tmp_path / "lesson").mkdir()
    (tmp_path / "lesson" / "lines.txt").write_text("# a comment\n\n  first  \nsecond\n", encoding="utf-8")
    (tmp_path / "lesson" / "table.json").write_text(json.dumps({"ids": [1, 2]}), encoding="utf-8")
    monkeypatch.setattr(corpora, "DATA", tmp_path)
    corpora.read_lines.cache_clear()
    corpora._json.cache_clear()
    try:
        assert corpora.read_lines("lesson/lines.txt") == ("first", "second")
        table = corpora.read_json("lesson/table.json")
        table["ids"].append(3)  # a fresh copy each call: changing one changes no other
        assert corpora.read_json("lesson/table.json") == {"ids": [1, 2]}
        with pytest.raises(FileNotFoundError, match="lesson/missing.txt"):
            corpora.data_path("lesson/missing.txt")
    finally:
        corpora.read_lines.cache_clear()
        corpora._json.cache_clear()


def test_captions_are_short_captions():
    captions = corpora.captions()
    assert len(captions) == 10 and all(3 <= len(c.split()) <= 25 for c in captions)
    assert captions is not corpora.captions()  # a new list: callers may change it
