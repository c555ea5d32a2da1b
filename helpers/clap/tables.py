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


def training_verdict(history, checkpoint_model, batch_size: int = 64) -> str:
    """What the live run and the checkpoint did to the loss and the logit scale, as sentences from the values.

    ``history``: the live run's ``training.History`` or ``None`` (skipped); ``checkpoint_model``: a
    ``TinyCLAP`` or ``None``.
    """
    from .contrastive import INIT_LOGIT_SCALE, MAX_LOGIT_SCALE

    chance = float(np.log(batch_size))
    lines = []
    if history is None or not history.losses:
        lines.append("live run: skipped (LIVE_TRAINING is off)")
    else:
        first, last = history.losses[0], float(np.mean(history.losses[-10:]))
        lines.append(f"live run: loss {first:.2f} at the first step (chance, log {batch_size} = {chance:.2f}) → "
                     f"{last:.2f} over the last ten of {history.steps} steps: "
                     + ("still well above zero" if last > 0.1 * chance else "close to zero"))
        s0, s1 = history.logit_scales[0], history.logit_scales[-1]
        change = (s1 - s0) / s0
        lines.append(f"live logit scale {s0:.1f} → {s1:.1f} ({change:+.0%}) in {history.steps} steps: "
                     + ("a small move" if abs(change) < 0.25 else "a large move") + f" (the cap is {MAX_LOGIT_SCALE:.0f})")
    if checkpoint_model is not None:
        scale = checkpoint_model.logit_scale
        lines.append(f"checkpoint logit scale after its long training: {scale:.1f} (it started at {INIT_LOGIT_SCALE:.1f}): "
                     + ("at the cap" if scale >= MAX_LOGIT_SCALE - 0.5 else f"{MAX_LOGIT_SCALE - scale:.1f} below the cap"))
    return "\n".join(lines)


def interview_answer(bounds: dict, false_negatives: dict, zero_shot_accuracy: float, htsat_parameters: int,
                     model_source: str) -> str:
    """The interview answer box, English then Chinese, with this run's figures filled in."""
    b = max(bounds, key=lambda k: bounds[k]["bound"])
    bound, log_b = bounds[b]["bound"], bounds[b]["log_b"]
    share = (false_negatives["loss"] - false_negatives["loss_without_false_negatives"]) / false_negatives["loss"]
    acc, m = f"{zero_shot_accuracy:.0%}", f"{htsat_parameters / 1e6:.1f} M"
    english = (
        "CLAP trains an audio encoder and a text encoder so that a clip and its caption land close together in one "
        "space and everything else in the batch lands apart. The loss is symmetric InfoNCE: a cross-entropy over the "
        "rows (which caption is this clip's?) and the columns (which clip is this caption's?) of the similarity matrix, "
        "scaled by a learned temperature; the rest of the batch gives the negatives free. It maximises a lower bound on "
        f"mutual information, I >= log B - L: here the tiny CLAP ({model_source}) certifies {bound:.2f} nats at B = {b} "
        f"(log B = {log_b:.2f}), and {share:.0%} of its held-out loss at B = 64 comes from false negatives, captions of "
        "the same kind that also fit. LAION-CLAP scales this with LAION-Audio-630K, keyword-to-caption augmentation, "
        f"HTSAT ({m} parameters) with RoBERTa, and feature fusion for long audio; zero-shot, our tiny model labels "
        f"{acc} of held-out clips from held-out wordings.")
    chinese = (
        "CLAP 同时训练音频编码器和文本编码器，让一段音频和它的描述在同一空间里靠近，与批次中其余样本远离。损失是对称的 InfoNCE："
        "对相似度矩阵的行（这段音频对应哪条描述？）和列（这条描述对应哪段音频？）分别做交叉熵，再乘以可学习的温度倒数；"
        "负样本直接来自同一批次。它最大化互信息的下界 I ≥ log B − L：本次运行中小型 CLAP"
        f"（{model_source}）在 B = {b} 时给出 {bound:.2f} nats（log B = {log_b:.2f}），B = 64 时留出集损失的 {share:.0%} "
        "来自假负样本（同类、同样贴切的描述）。LAION-CLAP 用 LAION-Audio-630K、关键词生成描述的数据增强、"
        f"HTSAT（{m} 参数）加 RoBERTa，以及处理长音频的特征融合把这一方法做大；零样本下，本课的小模型用未见过的措辞"
        f"正确标注了 {acc} 的留出音频。")
    return f"Interview answer\n{english}\n\n面试回答\n{chinese}"
