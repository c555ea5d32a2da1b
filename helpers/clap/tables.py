"""The text tables lesson 04 prints, built from computed values (so they stay true after any change).

``split_ranges`` (how the test split is held out) · ``zero_shot_results`` and ``accuracy_table``
(zero-shot accuracy per text tower and prompt set) · ``held_out_prompts`` (each held-out prompt,
its nearest training wording, how well it works alone) · ``retrieval_table`` (recall@k per tower).
"""

from __future__ import annotations

import numpy as np

from . import captions, evaluation
from .sounds import KINDS


def split_ranges(train_set, test_set) -> str:
    """Per kind: its parameter's range in each split (computed from the clips) and a wording from each."""
    lines = [f"{'kind':14} {'parameter':13} {'train range':>17} {'test range':>17}  train wording / test wording"]
    for name, kind in KINDS.items():
        tr = train_set.parameters[np.array(train_set.kinds) == name]
        te = test_set.parameters[np.array(test_set.kinds) == name]
        lines.append(f"{name:14} {kind.parameter:13} {tr.min():8.2f}–{tr.max():<8.2f} {te.min():8.2f}–{te.max():<8.2f}"
                     f"  “{captions.phrases(name, 'train')[0]}” / “{captions.phrases(name, 'test')[0]}”")
    return "\n".join(lines)


def zero_shot_results(models: dict, sound_set, prompt_sets: dict) -> dict[str, dict[str, evaluation.ZeroShot]]:
    """``{model name: {prompt-set name: ZeroShot}}``; each model encodes the clips once for all prompt sets."""
    results = {}
    for name, model in models.items():
        audio = model.encode_audio(sound_set)
        results[name] = {label: evaluation.zero_shot(model, sound_set, prompts, audio_embeddings=audio)
                         for label, prompts in prompt_sets.items()}
    return results


def side_by_side(live: dict, checkpoint: dict) -> dict:
    """``{"live · frozen MiniLM": model, ..., "checkpoint · frozen MiniLM": model, ...}``, leaving out missing (None) models."""
    return {f"{source} · {tower}": model for source, models in (("live", live), ("checkpoint", checkpoint))
            for tower, model in models.items() if model is not None}


def accuracy_table(results: dict[str, dict[str, evaluation.ZeroShot]]) -> str:
    """``zero_shot_results`` as rows (models) and columns (prompt sets) of top-1 accuracy."""
    columns = next(iter(results.values()))
    width = max(16, *(len(name) + 2 for name in results))
    lines = [f"{'model':{width}}" + "".join(f"{name:>26}" for name in columns)]
    for tower, row in results.items():
        lines.append(f"{tower:{width}}" + "".join(f"{r.accuracy:26.1%}" for r in row.values()))
    return "\n".join(lines)


def target_verdicts(row: dict[str, evaluation.ZeroShot], targets: dict[str, float]) -> str:
    """One line per target: ``held-out phrases 86.3% (target 85%: met)``, from the measured accuracies."""
    return "\n".join(f"{name}: {row[name].accuracy:.1%} (target {target:.0%}: "
                     f"{'met' if row[name].accuracy >= target else 'missed'})" for name, target in targets.items())


def held_out_prompts(model, sound_set, test_prompts: dict, train_prompts: dict) -> str:
    """Each held-out prompt, the training wording MiniLM finds nearest, and its accuracy used alone.

    A ``←`` marks a prompt whose nearest training wording belongs to another kind.
    """
    phrase_kind = {p: kind for kind, ps in train_prompts.items() for p in ps}
    queries = [p for ps in test_prompts.values() for p in ps]
    nearest = {q: (n, c) for q, n, c in evaluation.nearest_phrases(queries, list(phrase_kind))}
    lines = [f"{'kind':14} {'held-out prompt':38} {'nearest training wording (MiniLM cosine)':48} alone"]
    for kind, prompt, accuracy in evaluation.prompt_accuracy(model, sound_set, test_prompts):
        near, cosine = nearest[prompt]
        flag = "" if phrase_kind[near] == kind else f"  ← {phrase_kind[near]}"
        lines.append(f"{kind:14} {prompt:38} {near + f' ({cosine:.2f})':48} {accuracy:5.0%}{flag}")
    return "\n".join(lines)


def retrieval_table(models: dict, sound_set, ks=(1, 5)) -> str:
    """Recall@k both ways on ``sound_set``'s own pairs, one row per model."""
    rows = {name: evaluation.retrieval(model, sound_set, ks) for name, model in models.items()}
    width = max(16, *(len(name) + 2 for name in rows))
    lines = [f"{'model':{width}}" + "".join(f"{k:>16}" for k in next(iter(rows.values())))]
    for name, row in rows.items():
        lines.append(f"{name:{width}}" + "".join(f"{v:16.0%}" for v in row.values()))
    return "\n".join(lines)
