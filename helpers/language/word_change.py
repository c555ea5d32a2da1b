"""Who sees a changed word: change one word late in a sentence and measure how far each position moves.

In a bidirectional encoder every position's final hidden state moves, the earlier ones included; in a
causal decoder the positions before the change stay bit-for-bit identical. The causal property comes
from the mask, not from training, so a decoder with random weights (``random_gpt2``) shows it too.
"""

from __future__ import annotations

from ..core import checks
from ..core.runtime import cpu_threads


def position_change(hidden_a, hidden_b):
    """Per-position L2 distance ``(T,)`` between two runs' hidden states ``(T, d)`` of equal length."""
    for name, value in (("hidden_a", hidden_a), ("hidden_b", hidden_b)):
        if not hasattr(value, "shape") or not hasattr(value, "norm"):
            raise TypeError(f"{name} must be a tensor of hidden states (T, d), got {type(value).__name__}")
    if hidden_a.shape != hidden_b.shape:
        raise ValueError(f"hidden_a and hidden_b must have the same shape, got {tuple(hidden_a.shape)} and {tuple(hidden_b.shape)}")
    return (hidden_a - hidden_b).norm(dim=-1)


def changed_position(ids_a, ids_b) -> int:
    """Index of the first token where two equally long token sequences differ."""
    for name, value in (("ids_a", ids_a), ("ids_b", ids_b)):
        if not hasattr(value, "__len__") or isinstance(value, str):
            raise TypeError(f"{name} must be a list of ids or tokens, got {type(value).__name__} {checks.shown(value)}")
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

    checks.text(sentence_a, "sentence_a"), checks.text(sentence_b, "sentence_b")
    with cpu_threads(1):
        tokens_a, hidden_a, _ = minilm.encode_tokens(sentence_a)
        tokens_b, hidden_b, _ = minilm.encode_tokens(sentence_b)
    changed = changed_position(tokens_a, tokens_b)
    return tokens_a, position_change(hidden_a[-1], hidden_b[-1]), changed


def decoder_change(sentence_a: str, sentence_b: str, model, tokenizer):
    """The same experiment on a causal decoder (a transformers GPT-2-style model and its tokenizer)."""
    import torch

    a, b = checks.clean_text(sentence_a, "sentence_a"), checks.clean_text(sentence_b, "sentence_b")
    ids_a, ids_b = tokenizer(a)["input_ids"], tokenizer(b)["input_ids"]
    changed = changed_position(ids_a, ids_b)
    with torch.no_grad(), cpu_threads(1):
        h = [model(input_ids=torch.tensor([ids]).to(model.device), output_hidden_states=True).hidden_states[-1][0].cpu()
             for ids in (ids_a, ids_b)]
    labels = [t.replace("Ġ", "␣") for t in tokenizer.convert_ids_to_tokens(ids_a)]
    return labels, position_change(*h), changed


def moved_summary(name: str, change, at: int, largest: bool = False) -> str:
    """One line: how many positions before and after the changed one ``at`` moved (by more than 1e-6)."""
    checks.text(name, "name")
    at = checks.integer(at, "at", minimum=0, maximum=len(change) - 1)
    before, after = int((change[:at] > 1e-6).sum()), int((change[at + 1:] > 1e-6).sum())
    peak = f" (largest {change[:at].max().item():.1e})" if largest else ""
    return f"{name}: moved before the change {before} of {at} positions{peak}, after it {after} of {len(change) - at - 1}"


def random_gpt2(n_layer: int = 4, seed: int = 0):
    """A GPT-2-architecture decoder (GPT-2's vocabulary and width, ``n_layer`` blocks) with random
    weights: enough to show what the causal mask does, not a language model."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    n_layer, seed = checks.integer(n_layer, "n_layer", minimum=1, maximum=48), checks.integer(seed, "seed", minimum=0)
    torch.manual_seed(seed)
    with torch.device("meta"):  # built without values, then initialised once (not twice: module, then transformers)
        model = GPT2LMHeadModel(GPT2Config(n_layer=n_layer, attn_implementation="eager"))
    model = model.to_empty(device="cpu")
    model.init_weights()
    return model.eval()
