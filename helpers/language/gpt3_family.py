"""The GPT-3 family, 125M to 175B, built from the paper's table, and how much text each side trained on.

The eight models of the GPT-3 paper's Table 2.1 (``data/language/gpt3_family.json``) are GPT-2 blocks
at eight sizes, all with a 2,048-token context. ``family_table`` builds each with transformers on the
meta device (``sizes.build_on_meta``: shapes, no memory) and counts its parameters, beside the name the
paper gives it. The attention pattern the paper changes (alternating dense and locally banded sparse
layers) has no parameters, so a GPT-2 block counts it right. ``data_scale`` puts the published amounts of
training text on one scale (tokens).
"""

from __future__ import annotations

from ..core import checks
from ..core.corpora import read_json
from ..core.probes import parameter_count
from .sizes import Architecture, build_on_meta

_DATA = read_json("language/gpt3_family.json")
GPT3_FAMILY = tuple(Architecture(**row) for row in _DATA["models"])
TRAINING_DATA = _DATA["training_data"]


def family_table(archs=GPT3_FAMILY) -> list[dict]:
    """One row per model: the paper's name and figure, layers, width, heads, and the parameters counted."""
    return [{"model": a.name, "layers": a.n_layer, "width": a.d_model, "heads": a.n_head,
             "counted": parameter_count(build_on_meta(a)), "published": a.published_params} for a in archs]


def _size(n: float) -> str:
    return f"{n / 1e9:.1f}B" if n >= 1e9 else f"{n / 1e6:.0f}M"


def format_family(rows: list[dict]) -> str:
    """``family_table`` rows as aligned text, with the counted size over the paper's."""
    head = f"{'paper name':<13}{'layers':>7}{'width':>7}{'heads':>6}{'counted':>10}{'paper':>8}{'counted/paper':>15}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r['model']:<13}{r['layers']:>7}{r['width']:>7}{r['heads']:>6}{_size(r['counted']):>10}"
                     f"{_size(r['published']):>8}{r['counted'] / r['published']:>15.3f}")
    return "\n".join(lines)


def data_scale(tokens_per_word: float) -> str:
    """The published training-text figures as lines, BERT's words turned into tokens at ``tokens_per_word``."""
    tokens_per_word = checks.real(tokens_per_word, "tokens_per_word", minimum=0, open_minimum=True)
    bert, gpt3 = TRAINING_DATA["BERT"], TRAINING_DATA["GPT-3"]
    corpus_tokens = bert["words"] * tokens_per_word
    return "\n".join([
        f"BERT's corpus: {bert['words'] / 1e9:.1f}B words, about {corpus_tokens / 1e9:.1f}B tokens at "
        f"{tokens_per_word:.2f} tokens per word; pre-training read at most {bert['tokens_seen'] / 1e9:.0f}B tokens "
        f"(about 40 passes), of which 15% ({0.15 * bert['tokens_seen'] / 1e9:.0f}B) are prediction targets",
        f"GPT-3: {gpt3['tokens_seen'] / 1e9:.0f}B tokens, every one a prediction target: "
        f"{gpt3['tokens_seen'] / corpus_tokens:.0f}x BERT's corpus, "
        f"{gpt3['tokens_seen'] / (0.15 * bert['tokens_seen']):.0f}x BERT's masked-LM targets"])
