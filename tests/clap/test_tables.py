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
