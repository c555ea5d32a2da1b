"""What understanding buys: a bidirectional encoder's vectors depend on the whole sentence.

``word_vectors`` gives the pretrained MiniLM's vector for one word in each sentence (``sense_similarity``
compares them within and across a word's senses); ``sentence_features`` gives frozen sentence
embeddings for a linear probe (``helpers.core.probes.linear_probe``). The probing task,
``shuffled_pairs``, can be solved only by reading word order: ``bag_of_words`` sees the same words in
both versions of every sentence.
"""

from __future__ import annotations

import random

from ..core import checks
from ..core.runtime import cpu_threads


def word_vectors(sentences: list[str], word: str, layer: int = -1):
    """MiniLM's contextual vector ``(n, 384)`` for ``word`` in each sentence (first occurrence;
    a word split into pieces is averaged). ``layer=0`` gives the context-free input embedding."""
    import torch

    from ..core import minilm

    sentences = checks.texts(sentences, "sentences")
    pieces = minilm.load()[1].tokenize(checks.clean_text(word, "word"))
    if not pieces or not word.strip():
        raise ValueError(f"word must be a word with at least one WordPiece token, got {checks.shown(word)}")
    layer = checks.integer(layer, "layer")
    out = []
    for s in sentences:
        with cpu_threads(1):
            tokens, hidden, _ = minilm.encode_tokens(s)
        starts = [i for i in range(len(tokens) - len(pieces) + 1) if tokens[i:i + len(pieces)] == pieces]
        if not starts:
            raise ValueError(f"word {word!r} does not occur in the sentence {checks.shown(s)}")
        if not -hidden.shape[0] <= layer < hidden.shape[0]:
            raise ValueError(f"layer must be in [{-hidden.shape[0]}, {hidden.shape[0]}), got {layer}")
        out.append(hidden[layer, starts[0]:starts[0] + len(pieces)].mean(0))
    return torch.stack(out)


def sense_similarity(matrix, senses: list[str]) -> dict[str, float]:
    """Mean similarity of the pairs of sentences that use a word in the same sense and in different senses.

    ``matrix`` ``(n, n)`` compares ``n`` sentences; ``senses[i]`` names the sense of sentence ``i``.
    """
    checks.texts(senses, "senses")
    if getattr(matrix, "ndim", None) != 2:
        raise TypeError(f"matrix must be a 2-D array or tensor (n, n), got {type(matrix).__name__}")
    if len(senses) != len(matrix):
        raise ValueError(f"senses names {len(senses)} sentences but the matrix compares {len(matrix)}")
    pairs = [(i, j) for i in range(len(senses)) for j in range(i + 1, len(senses))]
    same = [float(matrix[i, j]) for i, j in pairs if senses[i] == senses[j]]
    different = [float(matrix[i, j]) for i, j in pairs if senses[i] != senses[j]]
    if not same or not different:
        raise ValueError("need at least two sentences of one sense and one of another")
    return {"same": sum(same) / len(same), "different": sum(different) / len(different),
            "all": (sum(same) + sum(different)) / len(pairs)}


def sentence_features(texts: list[str]):
    """MiniLM sentence embeddings ``(n, 384)`` as a NumPy array: frozen features for a linear probe."""
    from ..core import minilm

    # All cores: batches of 64 sentences are large enough for a second thread to help (1.9 s → 1.1 s on 2 cores).
    return minilm.embed(checks.texts(texts, "texts")).numpy()


def shuffled_pairs(sentences: list[str], seed: int = 0) -> tuple[list[str], list[int]]:
    """A probing task with labels by construction: each sentence as written (label 1) and with its
    words shuffled (label 0). Both versions hold exactly the same words, so a bag of words cannot tell them apart."""
    rng = random.Random(checks.integer(seed, "seed"))
    texts, labels = [], []
    for s in checks.texts(sentences, "sentences"):
        words = s.split()
        if len(words) < 4 or len(set(words)) < 2:  # "no no no no" has no other order: skipped, not looped on
            continue
        shuffled = words[:]
        for _ in range(100):  # bounded: with two distinct words a new order turns up within a few tries
            rng.shuffle(shuffled)
            if shuffled != words:
                break
        else:
            shuffled = words[1:] + words[:1]  # a rotation of a sentence with two distinct words differs
        texts += [s, " ".join(shuffled)]
        labels += [1, 0]
    if not texts:
        raise ValueError("sentences must hold at least one sentence of 4 or more words, not all the same word")
    return texts, labels


def bag_of_words(texts: list[str], vocabulary=None):
    """Word-count features ``(n, vocabulary size)`` and the vocabulary (fit on ``texts`` when not given)."""
    from sklearn.feature_extraction.text import CountVectorizer

    texts = checks.texts(texts, "texts")

    vec = CountVectorizer(vocabulary=vocabulary)
    x = vec.fit_transform(texts) if vocabulary is None else vec.transform(texts)
    return x.toarray(), vec.vocabulary_
