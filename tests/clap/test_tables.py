"""helpers.clap.tables: the lesson's printed tables hold the computed numbers, one row per item."""

import pytest

from helpers.clap import captions, evaluation, sounds, tables

SMALL_KINDS = ["high tone", "low tone", "white noise", "slow clicks"]   # as in conftest.small_sets


def test_split_ranges_shows_the_held_out_band():
    train, test = sounds.make_set(5, "train", seed=0), sounds.make_set(5, "test", seed=0)
    lines = tables.split_ranges(train, test).splitlines()
    assert len(lines) == 1 + len(sounds.KINDS)
    row = next(line for line in lines if line.startswith("high tone"))
    assert "“high-pitched beep” / “shrill tone”" in row
    te = test.parameters[[k == "high tone" for k in test.kinds]]
    assert f"{te.min():8.2f}–{te.max():<8.2f}" in row


def test_zero_shot_and_retrieval_tables(small_sets, trained):
    _, test = small_sets
    model, _ = trained
    prompt_sets = {"training phrases": {k: captions.prompts("train")[k] for k in SMALL_KINDS}}
    results = tables.zero_shot_results({"tiny": model}, test, prompt_sets)
    direct = evaluation.zero_shot(model, test, prompt_sets["training phrases"])
    assert results["tiny"]["training phrases"].accuracy == pytest.approx(direct.accuracy)
    header, row = tables.accuracy_table(results).splitlines()
    assert "training phrases" in header and f"{direct.accuracy:.1%}" in row
    header, row = tables.retrieval_table({"tiny": model}, test).splitlines()
    recalls = evaluation.retrieval(model, test)
    assert all(name in header for name in recalls) and f"{recalls['audio→text R@5']:.0%}" in row


def test_held_out_prompts_table_flags_misleading_wordings(small_sets, trained):
    _, test = small_sets
    model, _ = trained
    test_prompts = {k: captions.prompts("test")[k] for k in SMALL_KINDS}
    train_prompts = {k: captions.prompts("train")[k] for k in SMALL_KINDS}
    lines = tables.held_out_prompts(model, test, test_prompts, train_prompts).splitlines()
    assert len(lines) == 1 + sum(map(len, test_prompts.values()))
    for line in lines[1:]:
        if "←" in line:
            kind, flagged = line[:14].strip(), line.split("←")[1].strip()
            assert flagged in train_prompts and flagged != kind


def test_training_verdict_reads_from_the_values():
    from helpers.clap import tables, training

    history = training.History("minilm", losses=[4.2] + [1.0] * 10, logit_scales=[14.3, 15.0], steps=11)
    text = tables.training_verdict(history, None)
    assert "4.20" in text and "1.00" in text and "still well above zero" in text and "a small move" in text
    assert "skipped" in tables.training_verdict(None, None)


def test_interview_answer_carries_the_figures():
    from helpers.clap import tables

    bounds = {8: {"bound": 1.5, "log_b": 2.08, "loss": 0.58}, 64: {"bound": 1.9, "log_b": 4.16, "loss": 2.26}}
    text = tables.interview_answer(bounds, {"loss": 2.0, "loss_without_false_negatives": 1.0}, 0.9, 31_325_143, "checkpoint")
    assert "1.90 nats at B = 64" in text and "50%" in text and "31.3 M" in text and "90%" in text and "面试回答" in text


def test_exercise_4_solution_equals_clip_loss():
    import torch
    import torch.nn.functional as F

    from helpers.clap import contrastive

    a, t = contrastive.random_unit(16, 32, seed=7), contrastive.random_unit(16, 32, seed=8)
    logits = 14.3 * a @ t.T
    targets = torch.arange(len(a))
    mine = (F.cross_entropy(logits, targets) + F.cross_entropy(logits.T, targets)) / 2
    assert float(mine) == pytest.approx(float(contrastive.clip_loss(a, t, 14.3)), abs=1e-5)
