"""One interface for every language model of the lesson: the tiny ones trained here and pretrained ones.

``LanguageModel`` wraps a model with the text handling it needs (encode, decode, which ids start a
word, which are special), so ``fill_mask`` and ``generate`` (``inference``) work on a tiny BERT, a tiny
GPT, bert-base-uncased or gpt2 alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import torch

from ..core import checks
from ..core.probes import parameter_count
from ..core.runtime import cpu_threads
from .tiny_model import KINDS
from .vocab import Vocab


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
    card: object = None   # the checkpoint's Card, for a model loaded from data/checkpoints/
    vocab: object = None  # the tiny models' Vocab

    def _threads(self):
        # A tiny model on a CPU: synchronising threads costs more than it saves (most of all on a shared machine).
        if self.__dict__.get("_counted") is not self.model:  # counting walks every module: once per model, not per call
            self.__dict__.update(_counted=self.model, _count=self.n_params)
        small = self.model.device.type == "cpu" and self.__dict__["_count"] < 20_000_000
        return cpu_threads(1 if small else None)

    def logits(self, ids):
        """Logits ``(B, T, V)`` for a LongTensor of ids ``(B, T)``."""
        with torch.no_grad(), self._threads():
            return self.model(input_ids=ids.to(self.model.device)).logits.float().cpu()

    def logits_at(self, ids, position: int):
        """Logits ``(B, V)`` at one ``position`` of ids ``(B, T)``; a tiny model runs its output layer
        there only (half the cost of ``logits`` for the lesson's models)."""
        if not hasattr(self.model, "encode"):
            return self.logits(ids)[:, position]
        with torch.no_grad(), self._threads():
            hidden, _ = self.model.encode(ids.to(self.model.device))
            return self.model.head(hidden[:, position]).float().cpu()

    def hidden_states(self, ids):
        """All hidden states ``(layers + 1, T, d)`` for one sequence of ids."""
        x = torch.as_tensor(ids).long().unsqueeze(0).to(self.model.device)
        with torch.no_grad(), self._threads():
            out = self.model(input_ids=x, output_hidden_states=True)
        return torch.stack(out.hidden_states)[:, 0].float().cpu()

    @property
    def n_params(self) -> int:
        return parameter_count(self.model)  # microseconds even for GPT-2


def tiny_language_model(kind: str, model, vocab: Vocab, name: str | None = None) -> LanguageModel:
    """Wrap a tiny model trained on ``vocab``'s compact ids as a ``LanguageModel``."""
    special = torch.zeros(len(vocab), dtype=torch.bool)
    special[:5] = True
    return LanguageModel(name=name or f"tiny {'BERT' if kind == 'masked' else 'GPT'}", kind=kind, model=model,
                         encode=vocab.encode, decode=vocab.decode, labels=vocab.labels,
                         word_starts=vocab.word_starts(), special=special,
                         n_ctx=model.config.block_size,
                         mask_id=vocab.mask_id, vocab=vocab)


def pretrained_language_model(kind: str, model, tokenizer, name: str) -> LanguageModel:
    """Wrap a pretrained ``BertForMaskedLM`` + WordPiece tokenizer (``"masked"``) or
    ``GPT2LMHeadModel`` + byte-level BPE tokenizer (``"causal"``) as a ``LanguageModel``."""
    checks.choice(kind, "kind", KINDS)
    pieces = tokenizer.convert_ids_to_tokens(list(range(model.config.vocab_size)))
    pieces = [p if p is not None else "" for p in pieces]
    special_ids = set(tokenizer.all_special_ids)
    special = torch.tensor([i in special_ids for i in range(len(pieces))])
    if kind == "masked":
        starts = torch.tensor([not p.startswith("##") and not (p.startswith("[") and p.endswith("]")) for p in pieces])
        return LanguageModel(name, kind, model.eval(),
                             lambda t: tokenizer(checks.clean_text(t), add_special_tokens=False)["input_ids"],
                             tokenizer.decode, tokenizer.convert_ids_to_tokens, starts & ~special, special,
                             model.config.max_position_embeddings, tokenizer.mask_token_id,
                             (tokenizer.cls_token_id,), (tokenizer.sep_token_id,))
    starts = torch.tensor([p.startswith("Ġ") and len(p) > 1 for p in pieces])  # Ġ = a leading space
    return LanguageModel(name, kind, model.eval(), lambda t: tokenizer(checks.clean_text(t))["input_ids"], tokenizer.decode,
                         tokenizer.convert_ids_to_tokens, starts & ~special, special, model.config.n_positions)


def load_pretrained(kind: str, repo_id: str | None = None) -> LanguageModel:
    """Pretrained bert-base-uncased (``"masked"``) or gpt2 (``"causal"``) as a ``LanguageModel``.

    ``repo_id`` may be a local directory saved with ``save_pretrained`` (model and tokenizer).
    Raises ``helpers.core.pretrained.WeightsUnavailable`` within seconds when offline with no cache.
    """
    from ..core import pretrained

    checks.choice(kind, "kind", KINDS)
    repo_id = repo_id or ("bert-base-uncased" if kind == "masked" else "gpt2")
    cls = "BertForMaskedLM" if kind == "masked" else "GPT2LMHeadModel"
    model = pretrained.hf_model(repo_id, cls)
    tokenizer = pretrained.hf_tokenizer(repo_id)
    return pretrained_language_model(kind, model, tokenizer, f"pretrained {repo_id}")
