"""How the generated sounds are described: captions and zero-shot prompts from two vocabularies.

The words are data, read from ``data/clap/``: ``training_wordings.json`` (what training captions
say) and ``held_out_wordings.json`` (what test captions and zero-shot prompts say, never seen in
training: "a shrill tone" where training said "a high-pitched beep"). Each file holds a phrase list
per kind of sound, words for loud/quiet and long/short, and caption templates. The held-out file
is frozen: it must not be changed while looking at results.

A caption joins a phrase for the clip's kind with words for its loudness and length, in one of the
split's templates: "a loud, short high-pitched beep".
"""

from __future__ import annotations

import functools

import numpy as np

from ..core import checks, corpora

SPLITS = ("train", "test")
WORDINGS = {"train": "clap/training_wordings.json", "test": "clap/held_out_wordings.json"}
PLURAL_HEADS = ("clicks", "notes", "knocks", "ticks")   # phrases about these take no article: "rapid clicks"
MASS_HEADS = ("clicking", "tapping", "ticking", "knocking", "thunder", "static")  # nor these: "distant thunder"


@functools.lru_cache(maxsize=None)
def _read(split: str) -> dict:
    return corpora.read_json(WORDINGS[checks.choice(split, "split", SPLITS)])


def _wordings(split) -> dict:
    """The vocabulary of ``split``: ``"train"``, ``"test"``, or a dict with the same fields (a validation split)."""
    if isinstance(split, dict):
        return split
    return _read(checks.choice(split if isinstance(split, str) else repr(split), "split", SPLITS))


def phrases(kind: str, split: str = "train") -> tuple[str, ...]:
    """The phrases that name ``kind`` in ``split``'s vocabulary: ``("high-pitched beep", ...)``."""
    by_kind = _wordings(split)["phrases"]
    if kind not in by_kind:
        raise ValueError(f"unknown sound kind {kind!r}; choose one of: {', '.join(by_kind)}")
    return tuple(by_kind[kind])


def loudness_words(loud: bool, split: str = "train") -> tuple[str, ...]:
    """Words for a loud (``True``) or quiet clip in ``split``'s vocabulary."""
    return tuple(_wordings(split)["loudness"]["loud" if loud else "quiet"])


def length_words(long: bool, split: str = "train") -> tuple[str, ...]:
    """Words for a long (``True``) or short clip in ``split``'s vocabulary."""
    return tuple(_wordings(split)["length"]["long" if long else "short"])


def templates(split: str = "train") -> tuple[str, ...]:
    """Caption templates with the fields ``{a} {loud} {length} {phrase} {a_phrase} {is_}``."""
    return tuple(_wordings(split)["templates"])


def is_plural(phrase: str) -> bool:
    """Whether a caption phrase names several things ("rapid clicks", "several notes at once")."""
    words = phrase.replace(",", " ").split()
    return any(w in PLURAL_HEADS for w in words[:4]) or words[0] in ("several", "three")


def takes_article(phrase: str) -> bool:
    """Whether a phrase needs "a"/"an": not plurals, not mass nouns ("static noise" does, "distant thunder" not)."""
    return not is_plural(phrase) and phrase.replace(",", " ").split()[-1] not in MASS_HEADS


def with_article(phrase: str) -> str:
    """``phrase`` with "a" or "an" in front where it takes one: "an ascending tone", "rapid clicks"."""
    if not takes_article(phrase):
        return phrase
    return ("an " if phrase[0].lower() in "aeiou" else "a ") + phrase


def fill(template: str, phrase: str, loud_word: str, length_word: str) -> str:
    """One caption: ``template`` with the phrase, its article and the loudness and length words."""
    a = ("an" if (length_word + loud_word)[0] in "aeiou" else "a") if takes_article(phrase) else ""
    text = template.format(phrase=phrase, loud=loud_word, length=length_word, a_phrase=with_article(phrase),
                           is_="are" if is_plural(phrase) else "is", a=a)
    return " ".join(text.split())


def caption(kind: str, loud: bool, long: bool, split: str = "train", seed: int = 0) -> str:
    """A caption for a clip of ``kind``, worded from the ``split``'s own vocabulary."""
    rng = np.random.default_rng(seed)
    pick = lambda options: options[int(rng.integers(len(options)))]  # noqa: E731
    phrase = pick(phrases(kind, split))
    loud_word, length_word = pick(loudness_words(bool(loud), split)), pick(length_words(bool(long), split))
    return fill(pick(templates(split)), phrase, loud_word, length_word).replace("a the", "the")


def prompts(split: str = "test") -> dict[str, list[str]]:
    """Zero-shot prompts ``{kind: ["a shrill tone", ...]}`` from the split's phrases (no loudness or length)."""
    return {kind: [with_article(p) for p in by_kind] for kind, by_kind in _wordings(split)["phrases"].items()}


def prompt_ensemble(split: str = "test") -> dict[str, list[str]]:
    """Zero-shot prompts built like the split's captions: every template, loudness and length word.

    CLIP's "prompt ensembling": a class is the average of many phrasings of it, so no single wording
    decides. Only the ``split``'s own vocabulary is used (held-out words for ``"test"``).
    """
    out = {}
    for kind in _wordings(split)["phrases"]:
        texts = [fill(template, phrase, loud_word, length_word)
                 for phrase in phrases(kind, split) for template in templates(split)
                 for loud in (True, False) for long in (True, False)
                 for loud_word in loudness_words(loud, split) for length_word in length_words(long, split)]
        out[kind] = list(dict.fromkeys(texts))
    return out


def few_prompts(split: str = "test") -> dict[str, list[str]]:
    """A few prompts per kind, fixed by rule (before any result): each of the split's phrases alone, in the first
    sentence template loud and long, and in the next one quiet and short (the first word of each list).

    Two phrases a kind in the held-out vocabulary make six prompts: enough wordings that no single one
    decides, few enough for a large text encoder on the CPU (``prompt_ensemble`` has 66 a kind).
    """
    sentences = [t for t in templates(split) if "{loud}" in t][:2]
    words = [(loudness_words(True, split)[0], length_words(True, split)[0]),
             (loudness_words(False, split)[0], length_words(False, split)[0])]
    out = {}
    for kind in _wordings(split)["phrases"]:
        texts = []
        for phrase in phrases(kind, split):
            texts.append(with_article(phrase))
            texts += [fill(t, phrase, loud, length) for t, (loud, length) in zip(sentences, words)]
        out[kind] = list(dict.fromkeys(texts))
    return out
