"""BERT vs GPT, the ideas in code: attention masks, masked-LM corruption, parameter counts.

Lesson 02 compares two Transformers that share almost every weight shape and differ in
what each position may look at (``attention_mask``) and in what they are trained to predict
(``mlm_mask`` for BERT, the next token for GPT). Sizes are computed, not quoted:
``transformer_params`` is the closed-form count of a GPT-2-style model, checked against
models that transformers builds on ``torch.device('meta')`` (no memory at all).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..core.runtime import cpu_threads

MASK_KINDS = ("bidirectional", "causal")
IGNORE_INDEX = -100


def _positive_int(name: str, value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}")
    return value


# --------------------------------------------------------------------------- attention masks
def attention_mask(kind: str, n: int):
    """Bool tensor ``(n, n)``: entry ``[i, j]`` is True when position ``i`` may attend to ``j``.

    ``"bidirectional"`` (BERT): every position sees every position.
    ``"causal"`` (GPT): position ``i`` sees ``0..i`` only, so it cannot peek at the future.
    """
    import torch

    if kind not in MASK_KINDS:
        raise ValueError(f"unknown mask kind {kind!r}; expected 'bidirectional' or 'causal'")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")
    full = torch.ones(n, n, dtype=torch.bool)
    return full if kind == "bidirectional" else torch.tril(full)


# --------------------------------------------------------------------------- BERT's masked LM
def mlm_mask(input_ids, vocab_size: int, special_ids, mask_id: int, prob: float = 0.15, generator=None):
    """BERT's masked-LM corruption: ``(inputs, labels)``, both shaped like ``input_ids``.

    Each non-special token is chosen with probability ``prob``. A chosen token is replaced
    by ``mask_id`` 80% of the time, by a random id (uniform over ``vocab_size``) 10% of the
    time, and left unchanged 10% of the time. ``labels`` holds the original id where a token
    was chosen and -100 (ignored by the loss) everywhere else. ``generator`` is a
    ``torch.Generator`` for reproducible draws.
    """
    import torch

    if not isinstance(prob, (int, float)) or isinstance(prob, bool) or not 0 < prob < 1:
        raise ValueError(f"prob must be a number in (0, 1), got {prob!r}")
    ids = torch.as_tensor(input_ids)
    if ids.dtype not in (torch.int64, torch.int32):
        raise TypeError(f"input_ids must hold integer ids, got dtype {ids.dtype}")
    _positive_int("vocab_size", vocab_size)
    if not 0 <= mask_id < vocab_size:
        raise ValueError(f"mask_id must be an id in [0, {vocab_size}), got {mask_id}")
    ids = ids.long()
    special = torch.zeros_like(ids, dtype=torch.bool)
    for s in set(int(s) for s in special_ids):
        special |= ids == s
    # draws on the CPU (where a seeded generator lives), then moved to wherever the ids are
    u = torch.rand(ids.shape, generator=generator).to(ids.device)
    chosen = (u < prob) & ~special
    action = torch.rand(ids.shape, generator=generator).to(ids.device)  # decides mask / random / keep
    to_mask = chosen & (action < 0.8)
    to_random = chosen & (action >= 0.8) & (action < 0.9)
    random_ids = torch.randint(0, vocab_size, ids.shape, generator=generator).to(ids.device)
    inputs = torch.where(to_mask, torch.full_like(ids, mask_id), ids)
    inputs = torch.where(to_random, random_ids, inputs)
    labels = torch.where(chosen, ids, torch.full_like(ids, IGNORE_INDEX))
    return inputs, labels


def masking_proportions(input_ids, inputs, labels, mask_id: int, special_ids=()) -> dict:
    """What ``mlm_mask`` did, measured: fractions of eligible tokens chosen, and of chosen ones
    turned into [MASK], into another id, or kept.

    A random replacement that happens to draw the original id counts as "kept" (what the model sees).
    """
    import torch

    ids, inputs, labels = (torch.as_tensor(t) for t in (input_ids, inputs, labels))
    eligible = torch.ones_like(ids, dtype=torch.bool)
    for s in set(int(s) for s in special_ids):
        eligible &= ids != s
    chosen = labels != IGNORE_INDEX
    n_chosen = int(chosen.sum())
    if n_chosen == 0:
        raise ValueError("no token was chosen; use more text or a larger prob")
    as_mask = int((chosen & (inputs == mask_id)).sum())
    kept = int((chosen & (inputs == ids)).sum())
    return {"eligible": int(eligible.sum()), "chosen": n_chosen,
            "chosen_fraction": n_chosen / int(eligible.sum()),
            "mask_fraction": as_mask / n_chosen,
            "random_fraction": (n_chosen - as_mask - kept) / n_chosen,
            "kept_fraction": kept / n_chosen}


def nsp_pairs(sentences: list[str], n: int, seed: int = 0) -> list[tuple[str, str, bool]]:
    """BERT's next-sentence-prediction examples: ``(A, B, is_next)``.

    Half the time B is the sentence that really follows A (``is_next=True``), otherwise a
    sentence drawn from elsewhere in the text.
    """
    _positive_int("n", n)
    if len(sentences) < 3:
        raise ValueError(f"need at least 3 sentences to draw pairs, got {len(sentences)}")
    rng = random.Random(seed)
    pairs = []
    for _ in range(n):
        i = rng.randrange(len(sentences) - 1)
        if rng.random() < 0.5:
            pairs.append((sentences[i], sentences[i + 1], True))
        else:
            j = i
            while j in (i, i + 1):  # any sentence but A and the one that really follows it
                j = rng.randrange(len(sentences))
            pairs.append((sentences[i], sentences[j], False))
    return pairs


def next_token_pairs(ids):
    """GPT's objective made visible: ``(inputs, targets)`` with ``targets[t] = ids[t + 1]``."""
    ids = list(ids)
    if len(ids) < 2:
        raise ValueError(f"need at least 2 tokens to predict a next one, got {len(ids)}")
    return ids[:-1], ids[1:]


# --------------------------------------------------------------------------- sizes
def transformer_params(n_layer: int, d_model: int, vocab_size: int, n_ctx: int) -> int:
    """Parameter count of a GPT-2-style decoder (output head tied to the token embedding).

    Each block: attention ``4·d² + 4·d`` (Q, K, V, output), MLP ``8·d² + 5·d`` (d → 4d → d),
    two LayerNorms ``4·d``; so ``12·d² + 13·d`` per layer. Plus token and position
    embeddings ``(vocab + n_ctx)·d`` and the final LayerNorm ``2·d``.
    """
    L, d, V, P = (_positive_int(k, v) for k, v in
                  (("n_layer", n_layer), ("d_model", d_model), ("vocab_size", vocab_size), ("n_ctx", n_ctx)))
    return L * (12 * d * d + 13 * d) + (V + P) * d + 2 * d


def bert_params(n_layer: int, d_model: int, vocab_size: int, n_ctx: int, type_vocab_size: int = 2) -> int:
    """Parameter count of a BERT encoder with its pooler (``BertModel``).

    The same ``12·d² + 13·d`` per layer as GPT-2; embeddings add segment (token-type) vectors
    and a LayerNorm; the pooler adds ``d² + d``.
    """
    L, d, V, P, T = (_positive_int(k, v) for k, v in (("n_layer", n_layer), ("d_model", d_model),
                     ("vocab_size", vocab_size), ("n_ctx", n_ctx), ("type_vocab_size", type_vocab_size)))
    return L * (12 * d * d + 13 * d) + (V + P + T) * d + 2 * d + d * d + d


@dataclass(frozen=True)
class Architecture:
    """One published model, described by its configuration (``published_params`` as the paper states it)."""

    name: str
    family: str          # "bert" or "gpt"
    n_layer: int
    d_model: int
    n_head: int
    n_ctx: int
    vocab_size: int
    published_params: float

    def config(self):
        """The transformers config that builds this architecture."""
        if self.family == "bert":
            from transformers import BertConfig

            return BertConfig(vocab_size=self.vocab_size, hidden_size=self.d_model, num_hidden_layers=self.n_layer,
                              num_attention_heads=self.n_head, intermediate_size=4 * self.d_model,
                              max_position_embeddings=self.n_ctx)
        from transformers import GPT2Config

        return GPT2Config(vocab_size=self.vocab_size, n_embd=self.d_model, n_layer=self.n_layer,
                          n_head=self.n_head, n_positions=self.n_ctx)

    def formula_params(self) -> int:
        if self.family == "bert":
            return bert_params(self.n_layer, self.d_model, self.vocab_size, self.n_ctx)
        return transformer_params(self.n_layer, self.d_model, self.vocab_size, self.n_ctx)


ARCHITECTURES = (
    Architecture("BERT-base", "bert", 12, 768, 12, 512, 30522, 110e6),
    Architecture("BERT-large", "bert", 24, 1024, 16, 512, 30522, 340e6),
    Architecture("GPT-2 small", "gpt", 12, 768, 12, 1024, 50257, 117e6),
    Architecture("GPT-2 XL", "gpt", 48, 1600, 25, 1024, 50257, 1.5e9),
    Architecture("GPT-3 175B", "gpt", 96, 12288, 96, 2048, 50257, 175e9),
)


def architecture(name: str) -> Architecture:
    """The entry of ``ARCHITECTURES`` called ``name``."""
    for a in ARCHITECTURES:
        if a.name == name:
            return a
    raise ValueError(f"unknown architecture {name!r}; known: {', '.join(a.name for a in ARCHITECTURES)}")


def build_on_meta(arch: Architecture):
    """The transformers model for ``arch`` (``BertModel`` or ``GPT2Model``) on the meta device: shapes, no memory."""
    import torch
    from transformers import BertModel, GPT2Model

    cls = BertModel if arch.family == "bert" else GPT2Model
    with torch.device("meta"):
        return cls(arch.config())


def count_parameters(model) -> int:
    """Number of distinct parameters (tied weights counted once)."""
    return sum(p.numel() for p in model.parameters())


def architecture_table(archs=ARCHITECTURES) -> list[dict]:
    """One row per architecture: the config, the parameters counted on a meta-device model,
    the closed-form count, the ``12·L·d²`` approximation, and the published figure."""
    rows = []
    for a in archs:
        counted = count_parameters(build_on_meta(a))
        rows.append({"model": a.name, "layers": a.n_layer, "width": a.d_model, "heads": a.n_head,
                     "context": a.n_ctx, "vocab": a.vocab_size, "counted": counted,
                     "formula": a.formula_params(), "12·L·d²": 12 * a.n_layer * a.d_model ** 2,
                     "published": a.published_params})
    return rows


def format_table(rows: list[dict]) -> str:
    """``architecture_table`` rows as aligned text (parameters in millions)."""
    head = f"{'model':<12}{'layers':>7}{'width':>7}{'heads':>6}{'context':>8}{'counted':>12}{'formula':>12}{'12·L·d²':>12}{'published':>11}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r['model']:<12}{r['layers']:>7}{r['width']:>7}{r['heads']:>6}{r['context']:>8}"
                     f"{r['counted'] / 1e6:>11.1f}M{r['formula'] / 1e6:>11.1f}M{r['12·L·d²'] / 1e6:>11.1f}M"
                     f"{r['published'] / 1e6:>10.0f}M")
    return "\n".join(lines)


# --------------------------------------------------------------------------- inputs, seen from the real encoder
@dataclass
class BertInput:
    """A sentence pair as BERT reads it: WordPiece ``tokens`` with [CLS]/[SEP], ``segment_ids``
    (0 for sentence A, 1 for B), ``positions``, and the three embedding tables' rows ``(T, d)``
    that are summed (then LayerNorm-ed) into the encoder's input."""

    tokens: list[str]
    segment_ids: list[int]
    positions: list[int]
    token_vectors: object
    segment_vectors: object
    position_vectors: object
    summed: object           # LayerNorm(token + segment + position), (T, d)
    model_embeddings: object  # what the encoder's own embedding layer returns, (T, d)


def bert_input(sentence_a: str, sentence_b: str | None = None) -> BertInput:
    """Tokenize a sentence (pair) with the real WordPiece tokenizer and look up the pretrained
    MiniLM encoder's token, segment and position embeddings for it."""
    import torch

    from ..core import minilm

    if not isinstance(sentence_a, str) or not sentence_a.strip():
        raise ValueError("sentence_a must be a non-empty str")
    model, tokenizer = minilm.load()
    enc = tokenizer(sentence_a, sentence_b, return_tensors="pt")
    ids, segments = enc["input_ids"].to(model.device), enc["token_type_ids"].to(model.device)
    emb = model.embeddings
    positions = torch.arange(ids.shape[1], device=model.device).unsqueeze(0)
    with torch.no_grad(), cpu_threads(1):
        tok, seg, pos = emb.word_embeddings(ids), emb.token_type_embeddings(segments), emb.position_embeddings(positions)
        summed = emb.LayerNorm(tok + seg + pos)
        own = emb(input_ids=ids, token_type_ids=segments)
    return BertInput(tokenizer.convert_ids_to_tokens(ids[0]), segments[0].tolist(), positions[0].tolist(),
                     tok[0].cpu(), seg[0].cpu(), pos[0].cpu(), summed[0].cpu(), own[0].cpu())


def gpt2_input(text: str) -> tuple[list[str], list[int]]:
    """GPT-2's input for ``text``: its byte-level BPE pieces (a leading space shown as ␣) and ids.
    No [CLS], no [SEP], no segments: only token and position embeddings are added."""
    from ..core.tokenizers import get

    if not isinstance(text, str) or not text.strip():
        raise ValueError("text must be a non-empty str")
    tok = get("gpt2")
    ids = tok.encode(text)
    return tok.labels(ids), ids


# --------------------------------------------------------------------------- who sees a changed word
def position_change(hidden_a, hidden_b):
    """Per-position L2 distance ``(T,)`` between two runs' hidden states ``(T, d)`` of equal length."""
    if hidden_a.shape != hidden_b.shape:
        raise ValueError(f"the two runs must have the same shape, got {tuple(hidden_a.shape)} and {tuple(hidden_b.shape)}")
    return (hidden_a - hidden_b).norm(dim=-1)


def _changed_position(ids_a, ids_b) -> int:
    if len(ids_a) != len(ids_b):
        raise ValueError(f"the sentences tokenize to {len(ids_a)} and {len(ids_b)} tokens; "
                         "swap a word for one of the same token length")
    diff = [i for i, (a, b) in enumerate(zip(ids_a, ids_b)) if a != b]
    if not diff:
        raise ValueError("the two sentences are identical; change one word")
    return diff[0]


def encoder_change(sentence_a: str, sentence_b: str):
    """Change one word, watch the pretrained MiniLM encoder: ``(tokens_a, change (T,), changed_index)``
    where ``change`` is the per-position distance between the two last-layer hidden states."""
    from ..core import minilm

    with cpu_threads(1):
        tokens_a, hidden_a, _ = minilm.encode_tokens(sentence_a)
        tokens_b, hidden_b, _ = minilm.encode_tokens(sentence_b)
    changed = _changed_position(tokens_a, tokens_b)
    return tokens_a, position_change(hidden_a[-1], hidden_b[-1]), changed


def decoder_change(sentence_a: str, sentence_b: str, model, tokenizer):
    """The same experiment on a causal decoder (a transformers GPT-2-style model and its tokenizer)."""
    import torch

    ids_a, ids_b = tokenizer(sentence_a)["input_ids"], tokenizer(sentence_b)["input_ids"]
    changed = _changed_position(ids_a, ids_b)
    with torch.no_grad(), cpu_threads(1):
        h = [model(input_ids=torch.tensor([ids]).to(model.device), output_hidden_states=True).hidden_states[-1][0].cpu()
             for ids in (ids_a, ids_b)]
    labels = [t.replace("Ġ", "␣") for t in tokenizer.convert_ids_to_tokens(ids_a)]
    return labels, position_change(*h), changed


def random_gpt2(n_layer: int = 4, seed: int = 0):
    """A GPT-2-architecture decoder (GPT-2's vocabulary and width, ``n_layer`` blocks) with random
    weights: enough to show what the causal mask does, not a language model."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(seed)
    return GPT2LMHeadModel(GPT2Config(n_layer=n_layer, attn_implementation="eager")).eval()


# --------------------------------------------------------------------------- what understanding buys
def word_vectors(sentences: list[str], word: str, layer: int = -1):
    """MiniLM's contextual vector ``(n, 384)`` for ``word`` in each sentence (first occurrence;
    a word split into pieces is averaged). ``layer=0`` gives the context-free input embedding."""
    import torch

    from ..core import minilm

    if not sentences:
        raise ValueError("expected at least one sentence")
    pieces = minilm.load()[1].tokenize(word)
    out = []
    for s in sentences:
        with cpu_threads(1):
            tokens, hidden, _ = minilm.encode_tokens(s)
        starts = [i for i in range(len(tokens) - len(pieces) + 1) if tokens[i:i + len(pieces)] == pieces]
        if not starts:
            raise ValueError(f"{word!r} does not occur as a word in {s!r}")
        out.append(hidden[layer, starts[0]:starts[0] + len(pieces)].mean(0))
    return torch.stack(out)


def cosine_matrix(vectors):
    """Cosine similarities ``(n, n)`` between the rows of ``vectors`` ``(n, d)``."""
    import torch.nn.functional as F

    v = F.normalize(vectors, dim=-1)
    return v @ v.T


def sentence_features(texts: list[str]):
    """MiniLM sentence embeddings ``(n, 384)`` as a NumPy array: frozen features for a linear probe."""
    from ..core import minilm

    with cpu_threads(1):
        return minilm.embed(texts).numpy()


def shuffled_pairs(sentences: list[str], seed: int = 0) -> tuple[list[str], list[int]]:
    """A probing task with labels by construction: each sentence as written (label 1) and with its
    words shuffled (label 0). Both versions hold exactly the same words, so a bag of words cannot tell them apart."""
    rng = random.Random(seed)
    texts, labels = [], []
    for s in sentences:
        words = s.split()
        if len(words) < 4:
            continue
        shuffled = words[:]
        while shuffled == words:
            rng.shuffle(shuffled)
        texts += [s, " ".join(shuffled)]
        labels += [1, 0]
    if not texts:
        raise ValueError("need sentences of at least 4 words")
    return texts, labels


def linear_probe(train_x, train_y, test_x, test_y, seed: int = 0) -> float:
    """Test accuracy of a logistic-regression probe trained on frozen features ``(n, d)``."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(np.asarray(train_x))
    clf = LogisticRegression(max_iter=2000, C=1.0, random_state=seed)
    clf.fit(scaler.transform(np.asarray(train_x)), np.asarray(train_y))
    return float(clf.score(scaler.transform(np.asarray(test_x)), np.asarray(test_y)))


def bag_of_words(texts: list[str], vocabulary=None):
    """Word-count features ``(n, vocabulary size)`` and the vocabulary (fit on ``texts`` when not given)."""
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(vocabulary=vocabulary)
    x = vec.fit_transform(texts) if vocabulary is None else vec.transform(texts)
    return x.toarray(), vec.vocabulary_
