"""Where the parameters sit: BERT's and GPT's formulas part by part, each checked against a built model.

Both families share the block (``12·d² + 13·d`` per layer). Around it they differ: BERT adds a segment
(token-type) table, a LayerNorm right after the embedding sum and a pooler (a ``d × d`` layer with tanh
on the ``[CLS]`` vector, trained by next-sentence prediction); GPT-2 has no segment table and instead a
final LayerNorm after the last block. ``formula_parts`` gives the closed form of each part and
``counted_parts`` counts the same parts on a transformers model (``sizes.build_on_meta``).
"""

from __future__ import annotations

from ..core.probes import parameter_count
from .sizes import Architecture

# Which top-level submodule of transformers' BertModel / GPT2Model holds each part.
_MODULES = {
    "bert": {"token embeddings": "embeddings.word_embeddings", "position embeddings": "embeddings.position_embeddings",
             "segment embeddings": "embeddings.token_type_embeddings", "embedding LayerNorm": "embeddings.LayerNorm",
             "blocks": "encoder", "pooler": "pooler"},
    "gpt": {"token embeddings": "wte", "position embeddings": "wpe", "blocks": "h", "final LayerNorm": "ln_f"},
}


def _check_architecture(arch) -> Architecture:
    if not isinstance(arch, Architecture):
        raise TypeError(f"arch must be a helpers.language.sizes.Architecture, got {type(arch).__name__}")
    return arch


def formula_parts(arch: Architecture) -> dict[str, int]:
    """``{part: parameters}`` from the closed form; the parts sum to ``sizes.bert_params`` / ``transformer_params``."""
    a = _check_architecture(arch)
    L, d, V, P = a.n_layer, a.d_model, a.vocab_size, a.n_ctx
    parts = {"token embeddings": V * d, "position embeddings": P * d}
    if a.family == "bert":
        parts |= {"segment embeddings": 2 * d, "embedding LayerNorm": 2 * d}
    parts["blocks"] = L * (12 * d * d + 13 * d)
    if a.family == "bert":
        parts["pooler"] = d * d + d  # dense d → d (then tanh) on the [CLS] vector
    else:
        parts["final LayerNorm"] = 2 * d
    return parts


def counted_parts(arch: Architecture, model) -> dict[str, int]:
    """``{part: parameters}`` counted on ``model``, the transformers model built for ``arch``."""
    a = _check_architecture(arch)
    return {part: parameter_count(model.get_submodule(path)) for part, path in _MODULES[a.family].items()}


def parts_table(arch: Architecture, model) -> str:
    """The parts of one model as aligned text: formula, counted, and whether they agree; totals last."""
    formula, counted = formula_parts(arch), counted_parts(arch, model)
    lines = [f"{arch.name}: {'part':<21}{'formula':>14}{'counted':>14}"]
    for part in formula:
        mark = "" if formula[part] == counted[part] else "   <- differs"
        lines.append(f"{'':{len(arch.name) + 2}}{part:<21}{formula[part]:>14,}{counted[part]:>14,}{mark}")
    total_f, total_c = sum(formula.values()), parameter_count(model)
    lines.append(f"{'':{len(arch.name) + 2}}{'total':<21}{total_f:>14,}{total_c:>14,}"
                 f"   {'equal' if total_f == total_c else 'differ'}")
    return "\n".join(lines)
