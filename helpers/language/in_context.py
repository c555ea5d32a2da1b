"""In-context learning, measured: does a causal LM's chance of the right answer grow with solved examples?

``few_shot_report`` runs the zero-, one- and few-shot prompts of ``examples.few_shot_prompts`` through one
model: its greedy continuation and the probability of the answer as the next token(s), then one verdict
computed from those probabilities. No gradient is computed; only the prompt changes.
"""

from __future__ import annotations

import math

from ..core.runtime import cpu_threads
from .inference import answer_logprob, generate
from .language_model import LanguageModel


def few_shot_probabilities(prompts: dict[int, str], answer: str, lm: LanguageModel) -> dict[int, float]:
    """``{shots: probability of " answer" right after the prompt}``."""
    _check_prompts(prompts, answer)
    return {n: math.exp(answer_logprob(p, " " + answer, lm)) for n, p in prompts.items()}


def _check_prompts(prompts, answer) -> None:
    from ..core import checks

    if not isinstance(prompts, dict) or not prompts:
        raise ValueError(f"prompts must be a non-empty dict of shots -> prompt, got {checks.shown(prompts)}")
    for shots, prompt in prompts.items():
        checks.integer(shots, "prompts' keys (shots)", minimum=0), checks.text(prompt, f"prompts[{shots!r}]")
    if not checks.text(answer, "answer").strip():
        raise ValueError("answer must be a word, got an empty str")


def few_shot_report(prompts: dict[int, str], answer: str, lm: LanguageModel) -> str:
    """One line per prompt (greedy continuation, probability of the answer), then a verdict from the figures."""
    # One prompt at a time is a small matrix product: on the shared 2-core CPU, gpt2 took 1.4 s for the three
    # prompts on one thread and 4.7-27 s on two (the threads wait on each other and on other work).
    with cpu_threads(1):
        probs = few_shot_probabilities(prompts, answer, lm)
        lines = [f"{lm.name}, {n}-shot: continues with {generate(p, lm, n_tokens=3, top_k=1)!r}; "
                 f"probability of ' {answer}' next: {probs[n]:.2e}" for n, p in prompts.items()]
    fewest, most = min(probs), max(probs)
    ratio = probs[most] / probs[fewest]
    change = (f"rises {ratio:,.1f}x" if ratio >= 2 else f"falls to {ratio:.2f}x" if ratio <= 0.5
              else f"barely moves ({ratio:.2f}x)")
    lines.append(f"-> from {fewest} to {most} solved examples, {lm.name}'s probability of ' {answer}' {change}")
    return "\n".join(lines)
