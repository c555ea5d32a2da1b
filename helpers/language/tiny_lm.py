"""Tiny BERT and tiny GPT, trained live on real text, and the tools to compare them.

Both models are one small class, ``TinyTransformer`` (pre-LayerNorm blocks, as in GPT-2), with
the same width, depth, heads, context and vocabulary; they see the same windows of text for the
same number of steps, and differ only in their attention mask and objective:

- masked LM (BERT): 15% of tokens corrupted by ``language_models.mlm_mask``; predict them
  from both sides;
- causal LM (GPT): predict every next token from the tokens before it.

Text is tokenized with the real bert-base-uncased WordPiece tokenizer; the vocabulary is cut
down to the pieces that occur in the training text (``Vocab``), which keeps the output layer
small enough to train in seconds on a CPU.

``LanguageModel`` wraps a trained tiny model or a pretrained one (bert-base-uncased, gpt2)
behind one interface, so ``fill_mask`` and ``generate`` work on either.
"""

from __future__ import annotations

import functools
import math
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from ..core.runtime import cpu_threads as _cpu_threads
from .models import mlm_mask

KINDS = ("masked", "causal")
MASK = "[MASK]"


# --------------------------------------------------------------------------- vocabulary and data
class Vocab:
    """A compact vocabulary over a real tokenizer: the pieces seen in a text, plus five specials.

    Compact ids 0..4 are [PAD], [UNK], [CLS], [SEP], [MASK]; the rest are WordPiece pieces
    ordered by frequency. ``encode`` maps unseen pieces to [UNK].
    """

    SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")

    def __init__(self, tokenizer, piece_ids: list[int]):
        self.tokenizer = tokenizer
        specials = [tokenizer.convert_tokens_to_ids(s) for s in self.SPECIALS]
        self.tokenizer_ids = specials + [i for i in piece_ids if i not in specials]
        self._compact = {t: c for c, t in enumerate(self.tokenizer_ids)}
        self.pad_id, self.unk_id, self.cls_id, self.sep_id, self.mask_id = range(5)
        self.pieces = tokenizer.convert_ids_to_tokens(self.tokenizer_ids)

    def __len__(self) -> int:
        return len(self.tokenizer_ids)

    def encode(self, text: str) -> list[int]:
        """Compact ids of ``text`` (no [CLS]/[SEP] added; a literal "[MASK]" becomes the mask id)."""
        if not isinstance(text, str):
            raise TypeError(f"expected text as str, got {type(text).__name__}")
        ids = self.tokenizer(text, add_special_tokens=False)["input_ids"]
        return [self._compact.get(i, self.unk_id) for i in ids]

    def decode(self, ids) -> str:
        return self.tokenizer.decode([self.tokenizer_ids[int(i)] for i in ids])

    def labels(self, ids) -> list[str]:
        return [self.pieces[int(i)] for i in ids]

    def word_starts(self):
        """Bool tensor ``(V,)``: True for pieces that start a word (not ``##...``, not special)."""
        import torch

        return torch.tensor([i >= 5 and not p.startswith("##") for i, p in enumerate(self.pieces)])


def build_vocab(text: str, tokenizer=None, min_count: int = 2) -> Vocab:
    """``Vocab`` of the WordPiece pieces that occur at least ``min_count`` times in ``text``."""
    if tokenizer is None:
        from ..core.tokenizers import bert_fast

        tokenizer = bert_fast()
    counts = Counter(tokenizer(text, add_special_tokens=False)["input_ids"])
    return Vocab(tokenizer, [i for i, c in counts.most_common() if c >= min_count])


@dataclass
class TextData:
    """A text as compact ids: ``train`` and ``test`` are 1-D LongTensors; ``test`` is the held-out tail."""

    vocab: Vocab
    train: object
    test: object


def prepare_text(text: str | None = None, held_out: float = 0.1, min_count: int = 2) -> TextData:
    """Split ``text`` (default: Austen's *Lady Susan*) at a sentence end near ``1 - held_out`` of its
    length; build the vocabulary from the first part only, so the tail is truly unseen text."""
    import torch

    if text is None:
        from ..core.corpora import austen

        text = austen()
    if not 0 < held_out < 1:
        raise ValueError(f"held_out must be in (0, 1), got {held_out}")
    text = " ".join(text.split())
    cut = int(len(text) * (1 - held_out))
    end = text.find(". ", cut)
    cut = end + 1 if end != -1 else cut
    head, tail = text[:cut], text[cut:]
    if not head.strip() or not tail.strip():
        raise ValueError("text too short to hold out a part of it")
    vocab = build_vocab(head, min_count=min_count)
    return TextData(vocab, torch.tensor(vocab.encode(head)), torch.tensor(vocab.encode(tail)))


# --------------------------------------------------------------------------- models
@dataclass(frozen=True)
class TinyLMConfig:
    """Size and training budget shared by the tiny BERT and the tiny GPT."""

    d_model: int = 64
    n_layer: int = 2
    n_head: int = 4
    block_size: int = 32      # tokens per window (the context)
    batch_size: int = 32
    steps: int = 240
    lr: float = 3e-3
    warmup_steps: int = 20
    mask_prob: float = 0.15
    positions: str = "alibi"  # "alibi": distance penalties in attention; "learned": position embeddings


def build_model(kind: str, vocab_size: int, config: TinyLMConfig = TinyLMConfig()):
    """An untrained ``TinyTransformer``: bidirectional for ``kind="masked"`` (a tiny BERT), causal
    for ``"causal"`` (a tiny GPT). Same code, same parameter count; only the attention mask differs."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected 'masked' or 'causal'")
    if not isinstance(vocab_size, int) or vocab_size < 6:
        raise ValueError(f"vocab_size must be an int >= 6, got {vocab_size!r}")
    return _model_classes()["TinyTransformer"](vocab_size, config, causal=(kind == "causal"))


def alibi_bias(n_head: int, n: int):
    """ALiBi attention biases ``(n_head, n, n)``: ``-slope_h * |i - j|``, slopes ``2^(-8h/n_head)``.

    A fixed penalty on distance (Press et al., 2022; MosaicBERT uses it for BERT): near tokens
    start out more attended than far ones, so a tiny model need not first discover that
    neighbours matter, which learned position embeddings take thousands of steps to do.
    """
    import torch

    slopes = torch.tensor([2.0 ** (-8 * (h + 1) / n_head) for h in range(n_head)])
    distance = (torch.arange(n)[None, :] - torch.arange(n)[:, None]).abs().float()
    return -slopes[:, None, None] * distance


@dataclass
class ModelOutput:
    """What a forward pass returns: ``logits`` ``(B, T, V)`` and, when asked, ``hidden_states``
    (a tuple of ``(B, T, d)``: the embeddings, then each block's output)."""

    logits: object
    hidden_states: tuple | None = None


@functools.lru_cache(maxsize=1)
def _model_classes() -> dict:
    """The model classes, defined on first use so that importing this module does not import torch."""
    import torch
    from torch import nn
    from torch.nn import functional as F

    from .models import attention_mask

    class SelfAttention(nn.Module):
        def __init__(self, d: int, n_head: int, causal: bool, alibi: bool):
            super().__init__()
            self.n_head, self.causal, self.alibi = n_head, causal, alibi
            self._masks: dict = {}  # (T, device) -> mask, built once
            self.qkv = nn.Linear(d, 3 * d)
            self.out = nn.Linear(d, d)

        def forward(self, x):
            B, T, d = x.shape
            q, k, v = self.qkv(x).view(B, T, 3, self.n_head, d // self.n_head).permute(2, 0, 3, 1, 4)
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=self.mask(T, x.device))
            return self.out(y.transpose(1, 2).reshape(B, T, d))

        def mask(self, T: int, device):
            """Bool ``(T, T)`` mask, or with ALiBi a float ``(heads, T, T)`` bias with -inf where not allowed."""
            key = (T, str(device))
            if key not in self._masks:
                # the one line where BERT and GPT differ: which keys each query may see
                allowed = attention_mask("causal" if self.causal else "bidirectional", T).to(device)
                if self.alibi:
                    bias = alibi_bias(self.n_head, T).to(device)  # -slope * distance
                    allowed = bias.masked_fill(~allowed, float("-inf"))
                self._masks[key] = allowed
            return self._masks[key]

    class Block(nn.Module):
        """Pre-LayerNorm Transformer block: x + attention(LN(x)), then x + MLP(LN(x))."""

        def __init__(self, d: int, n_head: int, causal: bool, alibi: bool):
            super().__init__()
            self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
            self.attn = SelfAttention(d, n_head, causal, alibi)
            self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

        def forward(self, x):
            x = x + self.attn(self.ln1(x))
            return x + self.mlp(self.ln2(x))

    class TinyTransformer(nn.Module):
        """Token + position embeddings, ``n_layer`` blocks, a final LayerNorm and an output layer
        tied to the token embedding. ``causal`` picks the attention mask."""

        def __init__(self, vocab_size: int, config: TinyLMConfig, causal: bool):
            super().__init__()
            d = config.d_model
            if d % config.n_head:
                raise ValueError(f"d_model {d} must be divisible by n_head {config.n_head}")
            if config.positions not in ("alibi", "learned"):
                raise ValueError(f"positions must be 'alibi' or 'learned', got {config.positions!r}")
            self.config, self.causal = config, causal
            alibi = config.positions == "alibi"
            self.tok = nn.Embedding(vocab_size, d)
            self.pos = None if alibi else nn.Embedding(config.block_size, d)
            self.blocks = nn.ModuleList(Block(d, config.n_head, causal, alibi) for _ in range(config.n_layer))
            self.ln_f = nn.LayerNorm(d)
            self.bias = nn.Parameter(torch.zeros(vocab_size))
            for name, p in self.named_parameters():
                if p.dim() == 2:
                    std = 0.02 / math.sqrt(2 * config.n_layer) if name.endswith(("out.weight", "mlp.2.weight")) else 0.02
                    nn.init.normal_(p, std=std)
                elif name.endswith("bias"):
                    nn.init.zeros_(p)

        @property
        def device(self):
            return self.tok.weight.device

        def encode(self, input_ids, output_hidden_states: bool = False):
            """Final hidden states ``(B, T, d)`` (after the last LayerNorm) and, optionally, all of them."""
            T = input_ids.shape[1]
            if T > self.config.block_size:
                raise ValueError(f"input has {T} tokens; the context holds {self.config.block_size}")
            x = self.tok(input_ids)
            if self.pos is not None:
                x = x + self.pos(torch.arange(T, device=input_ids.device))
            states = [x]
            for block in self.blocks:
                x = block(x)
                states.append(x)
            return self.ln_f(x), (tuple(states) if output_hidden_states else None)

        def head(self, hidden):
            """Logits over the vocabulary for hidden states ``(..., d)``."""
            return hidden @ self.tok.weight.T + self.bias

        def forward(self, input_ids, output_hidden_states: bool = False):
            hidden, states = self.encode(input_ids, output_hidden_states)
            return ModelOutput(self.head(hidden), states)

    return {"TinyTransformer": TinyTransformer, "Block": Block, "SelfAttention": SelfAttention}


@dataclass
class LanguageModel:
    """A masked or causal LM with the text handling it needs.

    ``encode(text)`` → ids (a literal "[MASK]" gives ``mask_id`` for masked models);
    ``decode(ids)`` → text; ``labels(ids)`` → pieces. ``prefix``/``suffix`` are ids wrapped
    around the input ([CLS]/[SEP] for pretrained BERT; none for the tiny models).
    ``word_starts`` (V,) marks ids that can fill a whole word; ``special`` (V,) marks ids never sampled.
    """

    name: str
    kind: str
    model: object
    encode: Callable[[str], list[int]]
    decode: Callable[[list[int]], str]
    labels: Callable[[list[int]], list[str]]
    word_starts: object
    special: object
    n_ctx: int
    mask_id: int | None = None
    prefix: tuple[int, ...] = ()
    suffix: tuple[int, ...] = ()
    losses: list[float] = field(default_factory=list)
    train_seconds: float = 0.0

    def _threads(self):
        # A tiny model on a CPU: synchronising threads costs more than it saves (most of all on a shared machine).
        small = self.model.device.type == "cpu" and self.n_params < 20_000_000
        return _cpu_threads(1 if small else None)

    def logits(self, ids):
        """Logits ``(B, T, V)`` for a LongTensor of ids ``(B, T)``."""
        import torch

        with torch.no_grad(), self._threads():
            return self.model(input_ids=ids.to(self.model.device)).logits.float().cpu()

    def hidden_states(self, ids):
        """All hidden states ``(layers + 1, T, d)`` for one sequence of ids."""
        import torch

        x = torch.as_tensor(ids).long().unsqueeze(0).to(self.model.device)
        with torch.no_grad(), self._threads():
            out = self.model(input_ids=x, output_hidden_states=True)
        return torch.stack(out.hidden_states)[:, 0].float().cpu()

    @property
    def n_params(self) -> int:
        return sum(p.numel() for p in self.model.parameters())  # microseconds even for GPT-2


def tiny_language_model(kind: str, model, vocab: Vocab, name: str | None = None) -> LanguageModel:
    """Wrap a tiny model trained on ``vocab``'s compact ids as a ``LanguageModel``."""
    import torch

    special = torch.zeros(len(vocab), dtype=torch.bool)
    special[:5] = True
    return LanguageModel(name=name or f"tiny {'BERT' if kind == 'masked' else 'GPT'}", kind=kind, model=model,
                         encode=vocab.encode, decode=vocab.decode, labels=vocab.labels,
                         word_starts=vocab.word_starts(), special=special,
                         n_ctx=model.config.block_size,
                         mask_id=vocab.mask_id)


def pretrained_language_model(kind: str, model, tokenizer, name: str) -> LanguageModel:
    """Wrap a pretrained ``BertForMaskedLM`` + WordPiece tokenizer (``"masked"``) or
    ``GPT2LMHeadModel`` + byte-level BPE tokenizer (``"causal"``) as a ``LanguageModel``."""
    import torch

    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected 'masked' or 'causal'")
    pieces = tokenizer.convert_ids_to_tokens(list(range(model.config.vocab_size)))
    pieces = [p if p is not None else "" for p in pieces]
    special_ids = set(tokenizer.all_special_ids)
    special = torch.tensor([i in special_ids for i in range(len(pieces))])
    if kind == "masked":
        starts = torch.tensor([not p.startswith("##") and not (p.startswith("[") and p.endswith("]")) for p in pieces])
        return LanguageModel(name, kind, model.eval(), lambda t: tokenizer(t, add_special_tokens=False)["input_ids"],
                             tokenizer.decode, tokenizer.convert_ids_to_tokens, starts & ~special, special,
                             model.config.max_position_embeddings, tokenizer.mask_token_id,
                             (tokenizer.cls_token_id,), (tokenizer.sep_token_id,))
    starts = torch.tensor([p.startswith("Ġ") and len(p) > 1 for p in pieces])  # Ġ = a leading space
    return LanguageModel(name, kind, model.eval(), lambda t: tokenizer(t)["input_ids"], tokenizer.decode,
                         tokenizer.convert_ids_to_tokens, starts & ~special, special, model.config.n_positions)


def load_pretrained(kind: str, repo_id: str | None = None) -> LanguageModel:
    """Pretrained bert-base-uncased (``"masked"``) or gpt2 (``"causal"``) as a ``LanguageModel``.

    ``repo_id`` may be a local directory saved with ``save_pretrained`` (model and tokenizer).
    Raises ``helpers.pretrained.WeightsUnavailable`` within seconds when offline with no cache.
    """
    from ..core import pretrained

    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected 'masked' or 'causal'")
    repo_id = repo_id or ("bert-base-uncased" if kind == "masked" else "gpt2")
    cls = "BertForMaskedLM" if kind == "masked" else "GPT2LMHeadModel"
    model = pretrained.hf_model(repo_id, cls)
    tokenizer = pretrained.hf_tokenizer(repo_id)
    return pretrained_language_model(kind, model, tokenizer, f"pretrained {repo_id}")


# --------------------------------------------------------------------------- training
def random_windows(ids, block_size: int, batch_size: int, generator):
    """``(batch_size, block_size)`` windows cut from the 1-D ``ids`` at random starts."""
    import torch

    if len(ids) <= block_size:
        raise ValueError(f"need more than {block_size} tokens, got {len(ids)}")
    starts = torch.randint(0, len(ids) - block_size, (batch_size,), generator=generator)
    return torch.stack([ids[s:s + block_size] for s in starts.tolist()])


def lm_loss(kind: str, model, batch, vocab_size: int, mask_id: int, mask_prob: float = 0.15, generator=None):
    """The training loss of one batch ``(B, T)``: masked-LM cross-entropy on the corrupted tokens
    (logits computed only there), or next-token cross-entropy on every position."""
    import torch.nn.functional as F

    if kind == "causal":
        logits = model(batch[:, :-1]).logits  # position t predicts token t + 1
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
    inputs, labels = mlm_mask(batch, vocab_size, special_ids=(0,), mask_id=mask_id, prob=mask_prob,
                              generator=generator)
    chosen = labels != -100
    hidden, _ = model.encode(inputs)
    return F.cross_entropy(model.head(hidden[chosen]), labels[chosen])  # logits only where it is scored


def training_flops(kind: str, config: TinyLMConfig, vocab_size: int) -> float:
    """Approximate training FLOPs of one step (the ``6 · parameters · tokens`` rule, attention
    scores included): the blocks run on every input token; the output layer runs on every
    position for a causal LM but only on the corrupted positions for a masked LM."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected 'masked' or 'causal'")
    d, L, T, B = config.d_model, config.n_layer, config.block_size, config.batch_size
    block = L * (12 * d * d + 13 * d + 2 * T * d)  # weights, plus QK^T and AV per token
    head = vocab_size * (d + 1)
    if kind == "causal":
        tokens = targets = B * (T - 1)
    else:
        tokens, targets = B * T, B * T * config.mask_prob
    return 6.0 * (tokens * block + targets * head)


def equal_compute_steps(config: TinyLMConfig, vocab_size: int) -> int:
    """Steps of masked-LM training that cost what ``config.steps`` steps of causal-LM training cost."""
    ratio = training_flops("causal", config, vocab_size) / training_flops("masked", config, vocab_size)
    return int(round(config.steps * ratio))


def train_lm(kind: str, data: TextData, config: TinyLMConfig = TinyLMConfig(), seed: int = 0,
             progress: bool = True, cpu_threads: int | None = 1, steps: int | None = None) -> LanguageModel:
    """Train a tiny masked (BERT) or causal (GPT) LM on ``data.train``; return it wrapped.

    AdamW, linear warm-up then cosine decay, ``steps`` (default ``config.steps``) steps of
    ``config.batch_size`` random windows. The windows depend only on ``seed``, so both kinds
    see the same text (a longer run sees the same windows first, then more).
    Shows a tqdm progress bar with the running loss; ``train_seconds`` records the wall time.
    """
    import torch
    from tqdm.auto import tqdm

    from ..core.runtime import device

    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected 'masked' or 'causal'")
    steps = config.steps if steps is None else steps
    if not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be an int >= 1, got {steps!r}")
    dev = device()
    with _cpu_threads(cpu_threads if dev.type == "cpu" else None):
        torch.manual_seed(seed)
        model = build_model(kind, len(data.vocab), config).to(dev).train()
        opt = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=0.01, betas=(0.9, 0.98))

        def lr_at(step):
            if step < config.warmup_steps:
                return (step + 1) / config.warmup_steps
            frac = (step - config.warmup_steps) / max(1, steps - config.warmup_steps)
            return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac))

        sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_at)
        windows_rng = torch.Generator().manual_seed(seed)
        mask_rng = torch.Generator().manual_seed(seed + 1)
        losses = []
        start = time.perf_counter()
        bar = tqdm(range(steps), desc=f"training tiny {'BERT' if kind == 'masked' else 'GPT'}",
                   disable=not progress)
        for _ in bar:
            batch = random_windows(data.train, config.block_size, config.batch_size, windows_rng).to(dev)
            loss = lm_loss(kind, model, batch, len(data.vocab), data.vocab.mask_id, config.mask_prob, mask_rng)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            losses.append(loss.item())
            bar.set_postfix(loss=f"{losses[-1]:.2f}")
        seconds = time.perf_counter() - start
    lm = tiny_language_model(kind, model.eval(), data.vocab)
    lm.losses, lm.train_seconds = losses, seconds
    return lm


# --------------------------------------------------------------------------- using a model
def _check_lm(lm) -> LanguageModel:
    if not isinstance(lm, LanguageModel):
        raise TypeError(f"expected a LanguageModel, got {type(lm).__name__}")
    return lm


def mask_word(sentence: str, index: int) -> str:
    """``sentence`` with its ``index``-th word (0-based, split on spaces) replaced by "[MASK]"."""
    if not isinstance(sentence, str):
        raise TypeError(f"expected a sentence as str, got {type(sentence).__name__}")
    words = sentence.split()
    if not words:
        raise ValueError("the sentence has no word to mask; type a few words")
    if not -len(words) <= index < len(words):
        raise ValueError(f"word index {index} is outside the sentence's {len(words)} words")
    words[index] = MASK
    return " ".join(words)


def fill_mask(text: str, lm: LanguageModel, k: int = 5) -> list[tuple[str, float]]:
    """The ``k`` most likely whole words for the one "[MASK]" in ``text``: ``[(word, probability)]``.

    A masked LM reads both sides of the mask. A causal LM can only read the words before it:
    it predicts the next word after the left part and never sees what follows.
    """
    import torch

    lm = _check_lm(lm)
    if not isinstance(text, str) or text.count(MASK) != 1:
        raise ValueError(f"expected text with exactly one {MASK}, got {text!r}")
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be an int >= 1, got {k!r}")
    left, right = text.split(MASK)
    if lm.kind == "masked":
        ids = list(lm.prefix) + lm.encode(left.rstrip()) + [lm.mask_id] + lm.encode(right.lstrip()) + list(lm.suffix)
        ids = ids[-lm.n_ctx:]
        position = ids.index(lm.mask_id)
    else:
        ids = lm.encode(left.rstrip())
        if not ids:
            raise ValueError("a causal model needs at least one word before [MASK]: it cannot read the right side")
        ids = ids[-lm.n_ctx:]
        position = len(ids) - 1
    logits = lm.logits(torch.tensor([ids]))[0, position]
    logits[~lm.word_starts] = float("-inf")
    probs = torch.softmax(logits, dim=-1)
    top = torch.topk(probs, min(k, int(lm.word_starts.sum())))
    return [(lm.decode([int(i)]).strip(), float(p)) for p, i in zip(top.values, top.indices)]


def generate(prompt: str, lm: LanguageModel, n_tokens: int = 20, temperature: float = 1.0, top_k: int = 20,
             seed: int = 0) -> str:
    """Continue ``prompt`` by ``n_tokens`` sampled tokens; return only the continuation.

    A causal LM samples the next token from its own distribution, one step at a time.
    A masked LM has no next-token head, so it is made to generate the awkward way: append
    [MASK], fill it from the left context, append another [MASK], and so on.
    ``temperature`` divides the logits; ``top_k`` keeps the k most likely tokens (1 = greedy).
    """
    import torch

    lm = _check_lm(lm)
    if not isinstance(prompt, str) or not prompt.strip():
        raise ValueError("the prompt is empty; type a few words to continue")
    if not isinstance(temperature, (int, float)) or temperature <= 0:
        raise ValueError(f"temperature must be > 0, got {temperature!r}")
    if not isinstance(top_k, int) or top_k < 1:
        raise ValueError(f"top_k must be an int >= 1, got {top_k!r}")
    rng = torch.Generator().manual_seed(seed)
    ids = lm.encode(prompt.strip())
    new: list[int] = []
    for _ in range(n_tokens):
        if lm.kind == "causal":
            window = (ids + new)[-lm.n_ctx:]
            logits = lm.logits(torch.tensor([window]))[0, -1]
        else:
            room = lm.n_ctx - len(lm.prefix) - len(lm.suffix) - 1
            window = list(lm.prefix) + (ids + new)[-room:] + [lm.mask_id] + list(lm.suffix)
            logits = lm.logits(torch.tensor([window]))[0, len(window) - 1 - len(lm.suffix)]
        logits = logits / temperature
        logits[lm.special] = float("-inf")
        kth = torch.topk(logits, min(top_k, int((~lm.special).sum()))).values[-1]
        logits[logits < kth] = float("-inf")
        new.append(int(torch.multinomial(torch.softmax(logits, -1), 1, generator=rng)))
    return lm.decode(new)


def answer_logprob(prompt: str, answer: str, lm: LanguageModel) -> float:
    """Log-probability (natural log) a causal LM gives ``answer``'s tokens right after ``prompt``."""
    import torch

    lm = _check_lm(lm)
    if lm.kind != "causal":
        raise ValueError("answer_logprob needs a causal LM")
    if not prompt.strip() or not answer.strip():
        raise ValueError("prompt and answer must both be non-empty")
    p, a = lm.encode(prompt), lm.encode(answer)
    ids = (p + a)[-lm.n_ctx:]
    logp = torch.log_softmax(lm.logits(torch.tensor([ids]))[0], -1)
    start = len(ids) - len(a)
    return float(sum(logp[start - 1 + j, a[j]] for j in range(len(a))))


# --------------------------------------------------------------------------- held-out comparison
def held_out_windows(data: TextData, block_size: int, n_windows: int):
    """``(n, block_size)`` evenly spaced, non-overlapping windows of the held-out text."""
    import torch

    n = min(n_windows, len(data.test) // block_size)
    if n < 1:
        raise ValueError(f"held-out text has {len(data.test)} tokens, fewer than one window of {block_size}")
    stride = len(data.test) // n
    return torch.stack([data.test[i * stride:i * stride + block_size] for i in range(n)])


@dataclass
class HeldOutComparison:
    """Masked-word accuracy and next-token NLL on held-out windows, by position in the window.

    ``positions``: the predicted positions (position i has i tokens to its left and
    ``block_size - 1 - i`` to its right). Per position, arrays over the three readers:
    ``bert_both`` (masked LM, both sides), ``bert_left`` (masked LM, right side cut off),
    ``gpt`` (causal LM, left side by construction). ``word_*``: correct top-1 among whole-word
    targets (counts); ``n_words``: number of whole-word targets; ``nll_*``: summed NLL over all targets.
    """

    positions: list[int]
    n_words: list[int]
    correct: dict
    nll: dict
    n_targets: int

    def accuracy(self, reader: str, positions=None) -> float:
        keep = [i for i, p in enumerate(self.positions) if positions is None or p in positions]
        return sum(self.correct[reader][i] for i in keep) / max(1, sum(self.n_words[i] for i in keep))

    def accuracy_by_position(self, reader: str) -> list[float]:
        return [c / max(1, n) for c, n in zip(self.correct[reader], self.n_words)]

    def perplexity(self, reader: str) -> float:
        return math.exp(sum(self.nll[reader]) / (self.n_targets * len(self.positions)))


READERS = ("bert_both", "bert_left", "gpt")


def compare_held_out(bert: LanguageModel, gpt: LanguageModel, data: TextData, n_windows: int = 48,
                     positions=None) -> HeldOutComparison:
    """Score both tiny models on the same held-out targets (see ``HeldOutComparison``)."""
    import torch
    import torch.nn.functional as F

    if bert.kind != "masked" or gpt.kind != "causal":
        raise ValueError("expected a masked LM then a causal LM")
    T = min(bert.n_ctx, gpt.n_ctx)
    windows = held_out_windows(data, T, n_windows)
    positions = list(positions or range(1, T, 4))
    if min(positions) < 1 or max(positions) >= T:
        raise ValueError(f"positions must lie in [1, {T - 1}]")
    word = data.vocab.word_starts()
    # a whole word: a word-start piece not followed by a ## continuation
    nxt = torch.cat([windows[:, 1:], torch.zeros(len(windows), 1, dtype=torch.long)], 1)
    whole = word[windows] & ~torch.tensor([[data.vocab.pieces[int(t)].startswith("##") for t in row] for row in nxt])
    gpt_logits = gpt.logits(windows)  # one pass: position i-1 predicts token i
    correct = {r: [] for r in READERS}
    nll = {r: [] for r in READERS}
    n_words = []
    for i in positions:
        target = windows[:, i]
        both = windows.clone()
        both[:, i] = bert.mask_id
        left = torch.cat([windows[:, :i], torch.full((len(windows), 1), bert.mask_id)], 1)
        scores = {"bert_both": bert.logits(both)[:, i], "bert_left": bert.logits(left)[:, i],
                  "gpt": gpt_logits[:, i - 1]}
        n_words.append(int(whole[:, i].sum()))
        for r, logits in scores.items():
            nll[r].append(float(F.cross_entropy(logits, target, reduction="sum")))
            guess = logits.masked_fill(~word, float("-inf")).argmax(-1)
            correct[r].append(int(((guess == target) & whole[:, i]).sum()))
    return HeldOutComparison(positions, n_words, correct, nll, len(windows))


def unigram_perplexity(data: TextData) -> float:
    """Perplexity on ``data.test`` of a model that knows only how often each piece occurs in
    ``data.train`` (add-one smoothed): the baseline a language model must beat to use context at all."""
    import torch

    counts = torch.bincount(data.train, minlength=len(data.vocab)).float() + 1
    logp = torch.log(counts / counts.sum())
    return math.exp(-float(logp[data.test].mean()))
