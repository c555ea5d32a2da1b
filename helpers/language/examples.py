"""The lesson's own example sentences and prompts, kept as data in ``data/language/`` (see data/README.md).

``example_sentences()`` holds the single sentences the lesson runs its experiments on; ``word_senses()`` the
sentences that use one word in two senses; ``few_shot_prompts()`` builds the zero-, one- and few-shot
prompts of the in-context-learning section from ``few_shot.json``.
"""

from __future__ import annotations

from ..core.corpora import read_json


def example_sentences() -> dict:
    """The example sentences, by role (``bert_pair``, ``changed_word``, ``title_prompts``, ...)."""
    return read_json("language/examples.json")


def word_senses() -> tuple[str, list[str], list[str]]:
    """``(word, sentences, senses)``: sentences that use ``word``, and the sense of each."""
    data = read_json("language/word_senses.json")
    sentences = [s for group in data["senses"].values() for s in group]
    senses = [sense for sense, group in data["senses"].items() for _ in group]
    return data["word"], sentences, senses


def few_shot_prompts() -> tuple[dict[int, str], str]:
    """``({shots: prompt}, answer)``: the instruction, ``shots`` solved examples, then the query to complete."""
    data = read_json("language/few_shot.json")
    solved = lambda n: "".join(f"{a} -> {b}\n" for a, b in data["shots"][:n])  # noqa: E731
    prompts = {n: f"{data['instruction']}\n{solved(n)}{data['query']} ->" for n in data["shot_counts"]}
    return prompts, data["answer"]
