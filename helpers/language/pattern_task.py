"""In-context learning on a task a tiny model can do: continue a sequence the prompt has shown before.

A prompt is a random sequence of ``period`` symbols written out ``shots + 1`` times; the model is scored
on predicting each symbol of the last copy from the ones before it (its first symbol excepted). With no
earlier copy the sequence is unknowable (chance); with one, every symbol is in the prompt. The sequence is
new in every prompt, so a model that gets it right learned it *from the prompt*, with no gradient step.

``train_copier`` trains a tiny GPT (``tiny_model.TinyTransformer``) for a second on such sequences; it learns
a rule (what came one period back comes again), never the sequences it is tested on. ``copy_accuracy``
scores any causal model given as a logits function, so the lesson's novel-trained tiny GPT and gpt2 take
the same test; ``weights_snapshot`` and ``same_weights`` check that scoring changed no weight.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ..core import checks
from ..core.runtime import cpu_threads
from .tiny_model import TinyLMConfig, TinyTransformer

COPIER = TinyLMConfig(d_model=32, n_layer=2, n_head=2, block_size=20, batch_size=32, steps=80, lr=1e-2,
                      positions="learned")
"""The copier: 2 layers, width 32, room for 4 copies of a 5-symbol sequence; 80 steps of 32 prompts."""


def repeat_prompts(symbols, n: int, period: int, copies: int, generator=None):
    """``(n, period · copies)`` ids: per row, ``period`` ids drawn from ``symbols`` (1-D), written ``copies`` times."""
    symbols = torch.as_tensor(symbols)
    draw = torch.randint(0, len(symbols), (n, period), generator=generator)
    return symbols[draw].repeat(1, copies)


def train_copier(vocab_size: int = 16, period: int = 5, config: TinyLMConfig = COPIER, seed: int = 0) -> TinyTransformer:
    """A causal ``TinyTransformer`` trained on prompts of random sequences repeated to fill its context."""
    vocab_size, period = checks.integer(vocab_size, "vocab_size", minimum=2), checks.integer(period, "period", minimum=2)
    torch.manual_seed(seed)
    model = TinyTransformer(vocab_size, config, causal=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr)
    generator = torch.Generator().manual_seed(seed)
    copies = config.block_size // period
    with cpu_threads(1):  # a width-32 model: synchronising threads would cost more than it saves
        for _ in range(config.steps):
            x = repeat_prompts(torch.arange(vocab_size), config.batch_size, period, copies, generator)
            loss = F.cross_entropy(model(x[:, :-1]).logits.flatten(0, 1), x[:, 1:].flatten())
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return model.eval()


def copy_accuracy(logits_fn, symbols, shots=(0, 1, 3), period: int = 5, n: int = 128, seed: int = 0) -> dict:
    """``{shots: top-1 accuracy on the last copy}``; ``logits_fn`` maps ids ``(B, T)`` to logits ``(B, T, V)``."""
    period, n = checks.integer(period, "period", minimum=2), checks.positive_int(n, "n")
    generator = torch.Generator().manual_seed(seed)
    accuracy = {}
    with torch.no_grad(), cpu_threads(1):  # small batches: one thread beats several on a shared CPU
        for k in shots:
            ids = repeat_prompts(symbols, n, period, checks.integer(k, "shots", minimum=0) + 1, generator)
            last = k * period  # where the last copy starts
            predicted = logits_fn(ids)[:, last:last + period - 1].argmax(-1)
            accuracy[k] = (predicted == ids[:, last + 1:]).float().mean().item()
    return accuracy


def weights_snapshot(model) -> dict:
    """A copy of every parameter and buffer of ``model``."""
    return {name: t.detach().clone() for name, t in model.state_dict().items()}


def same_weights(snapshot: dict, model) -> bool:
    """True when ``model`` holds exactly the values of ``snapshot``."""
    state = model.state_dict()
    return state.keys() == snapshot.keys() and all(torch.equal(state[k], v) for k, v in snapshot.items())


def copy_verdict(name: str, accuracy: dict, chance: float) -> str:
    """One line: the accuracies by number of earlier copies, then what they show."""
    fewest, most = min(accuracy), max(accuracy)
    figures = ", ".join(f"{k} earlier {'copy' if k == 1 else 'copies'} {a:.0%}" for k, a in accuracy.items())
    if accuracy[most] >= 0.9 and accuracy[fewest] <= 2 * chance + 0.05:
        shows = "it reads the sequence from the prompt: in-context learning"
    elif accuracy[most] > accuracy[fewest] + 0.1:
        shows = "the examples help, though it does not copy reliably"
    else:
        shows = "the examples do not help: it has not learned to copy from its context"
    return f"{name}: {figures} (chance {chance:.1%}) -> {shows}"


def word_symbols(lm, n: int = 300):
    """The first ``n`` ids of ``lm`` (a ``LanguageModel``) that are whole words of three letters or more (word
    starts, not special): the symbols of its copy test. Low ids are frequent pieces in the lesson's vocabularies
    and in GPT-2's, whose short early merges ("Ġt", "Ġa") the letter rule skips."""
    n = checks.positive_int(n, "n")
    ids = torch.nonzero(torch.as_tensor(lm.word_starts) & ~torch.as_tensor(lm.special)).flatten()
    labels = lm.labels(ids.tolist())
    keep = [i for i, label in zip(ids.tolist(), labels) if len(label.lstrip("Ġ")) >= 3 and label.lstrip("Ġ").isalpha()]
    return torch.tensor(keep[:n], dtype=torch.long)
