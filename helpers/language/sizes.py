"""How big is each model? Parameter counts computed, not quoted.

``transformer_params`` is the closed-form count of a GPT-2-style decoder (``bert_params`` of a BERT
encoder). The published architectures are data (``data/language/architectures.json``); each is built
by transformers on ``torch.device('meta')`` (shapes, no memory, even for GPT-3) and its parameters are
counted, so the formula is checked against the real model code.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core import checks
from ..core.corpora import read_json
from ..core.probes import parameter_count


def _check_sizes(**sizes: int) -> tuple[int, ...]:
    """The sizes as ints >= 1, in the order given."""
    return tuple(checks.positive_int(value, name) for name, value in sizes.items())


def transformer_params(n_layer: int, d_model: int, vocab_size: int, n_ctx: int) -> int:
    """Parameter count of a GPT-2-style decoder (output head tied to the token embedding).

    Each block: attention ``4·d² + 4·d`` (Q, K, V, output), MLP ``8·d² + 5·d`` (d → 4d → d),
    two LayerNorms ``4·d``; so ``12·d² + 13·d`` per layer. Plus token and position
    embeddings ``(vocab + n_ctx)·d`` and the final LayerNorm ``2·d``.
    """
    L, d, V, P = _check_sizes(n_layer=n_layer, d_model=d_model, vocab_size=vocab_size, n_ctx=n_ctx)
    return L * (12 * d * d + 13 * d) + (V + P) * d + 2 * d


def bert_params(n_layer: int, d_model: int, vocab_size: int, n_ctx: int, type_vocab_size: int = 2) -> int:
    """Parameter count of a BERT encoder with its pooler (``BertModel``).

    The same ``12·d² + 13·d`` per layer as GPT-2; embeddings add segment (token-type) vectors
    and a LayerNorm; the pooler adds ``d² + d``.
    """
    L, d, V, P, T = _check_sizes(n_layer=n_layer, d_model=d_model, vocab_size=vocab_size, n_ctx=n_ctx,
                                 type_vocab_size=type_vocab_size)
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
    source: str = ""     # where the published figures come from

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


ARCHITECTURES = tuple(Architecture(**row) for row in read_json("language/architectures.json"))


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
    from transformers.initialization import no_init_weights

    _check_architecture(arch)
    cls = BertModel if arch.family == "bert" else GPT2Model
    with torch.device("meta"), no_init_weights():  # meta tensors hold no values: initialising them only costs time
        return cls(arch.config())


def _check_architecture(arch, name: str = "arch") -> None:
    if not isinstance(arch, Architecture):
        raise TypeError(f"{name} must be an Architecture (architecture(name) or ARCHITECTURES), "
                        f"got {type(arch).__name__} {checks.shown(arch)}")


def _check_rows(rows) -> list[dict]:
    if not isinstance(rows, (list, tuple)) or not all(isinstance(r, dict) for r in rows):
        raise TypeError(f"rows must be the list of dicts architecture_table returns, got {type(rows).__name__}")
    return list(rows)


def architecture_table(archs=ARCHITECTURES) -> list[dict]:
    """One row per architecture: the config, the parameters counted on a meta-device model,
    the closed-form count, the ``12·L·d²`` approximation, and the published figure."""
    rows = []
    for i, a in enumerate(archs):
        _check_architecture(a, f"archs[{i}]")
        rows.append({"model": a.name, "layers": a.n_layer, "width": a.d_model, "heads": a.n_head,
                     "context": a.n_ctx, "vocab": a.vocab_size, "counted": parameter_count(build_on_meta(a)),
                     "formula": a.formula_params(), "12·L·d²": 12 * a.n_layer * a.d_model ** 2,
                     "published": a.published_params})
    return rows


def format_table(rows: list[dict]) -> str:
    """``architecture_table`` rows as aligned text (parameters in millions)."""
    rows = _check_rows(rows)
    head = (f"{'model':<12}{'layers':>7}{'width':>7}{'heads':>6}{'context':>8}{'counted':>12}{'formula':>12}"
            f"{'12·L·d²':>12}{'published':>11}")
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r['model']:<12}{r['layers']:>7}{r['width']:>7}{r['heads']:>6}{r['context']:>8}"
                     f"{r['counted'] / 1e6:>11.1f}M{r['formula'] / 1e6:>11.1f}M{r['12·L·d²'] / 1e6:>11.1f}M"
                     f"{r['published'] / 1e6:>10.0f}M")
    return "\n".join(lines)


def scale_comparison(rows: list[dict]) -> str:
    """The source document's GPT-3 figures next to the counted ones, one line each (rows from ``architecture_table``)."""
    by_name = {r.get("model"): r for r in _check_rows(rows)}
    needed = {"GPT-3 175B", "GPT-2 XL", "GPT-2 small", "BERT-base", "BERT-large"}
    if not needed <= set(by_name):
        raise ValueError(f"rows must hold {', '.join(sorted(needed))} (architecture_table()), "
                         f"got {', '.join(map(str, by_name)) or 'none'}")
    gpt3, xl, small = by_name["GPT-3 175B"], by_name["GPT-2 XL"], by_name["GPT-2 small"]
    base, large = by_name["BERT-base"], by_name["BERT-large"]
    return "\n".join([
        f"GPT-3 layers: {gpt3['layers']} (seed: 96)    width: {gpt3['width']:,} (seed: 12,288)    heads: {gpt3['heads']}",
        f"GPT-3 parameters counted: {gpt3['counted'] / 1e9:.1f}B (seed: 175B; the paper rounds 174.6B up)",
        f"GPT-3 / GPT-2 XL (1.5B, the largest GPT-2): {gpt3['counted'] / xl['counted']:.0f}x   (seed: 'more than 100x')",
        f"GPT-3 / GPT-2 small (the 124M model most people run): {gpt3['counted'] / small['counted']:,.0f}x",
        f"BERT-large / BERT-base: {large['counted'] / base['counted']:.1f}x; "
        f"GPT-3 / BERT-large: {gpt3['counted'] / large['counted']:.0f}x"])
