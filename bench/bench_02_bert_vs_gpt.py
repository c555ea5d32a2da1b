"""Speed figures for lesson 02: tiny-model training times, widget update latency, notebook run time.

Targets: each live tiny model trains in <= 45 s on the CPU (issue 4); a widget update p95 <= 150 ms; the
notebook runs offline in <= 60 s with live training and <= 20 s with LIVE_TRAINING off (issue 11).
The widgets are timed on the checkpoints, as the lesson shows them. Prints the figures; asserts nothing.

    .venv/bin/python bench/bench_02_bert_vs_gpt.py            # training + widgets + notebook
    .venv/bin/python bench/bench_02_bert_vs_gpt.py --no-notebook
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from _common import lesson_seconds_both_ways, p95, report  # noqa: E402  (puts the repository on sys.path)


def time_updates(name: str, setter_values, read) -> list[float]:
    """Milliseconds from setting each (control, value) to the new output being ready (observers run synchronously)."""
    times = []
    for control, value in setter_values:
        t0 = time.perf_counter()
        control.value = value
        read()
        times.append((time.perf_counter() - t0) * 1000)
    print(f"  {name:<44} n={len(times):3d}  median {statistics.median(times):6.1f} ms   "
          f"p95 {p95(times):6.1f} ms   max {max(times):6.1f} ms")
    return times


def train_both():
    from helpers import language

    data = language.prepare_text(held_out=0.1)
    config = language.TinyLMConfig()
    steps = {"masked": language.equal_compute_steps(config, len(data.vocab)), "causal": config.steps}
    models = {}
    for kind in ("masked", "causal"):
        c0 = time.process_time()
        models[kind] = m = language.train_lm(kind, data, config, seed=0, progress=False, steps=steps[kind])
        report(f"train {m.name} ({steps[kind]} steps), wall", m.train_seconds, target=45)
        print(f"  (CPU {time.process_time() - c0:.1f} s, final loss {sum(m.losses[-10:]) / 10:.2f})")
    return models["masked"], models["causal"]


def lesson_extras() -> None:
    """The cells issue 13 added, which must stay cheap: the in-context copier and the meta-device GPT-3 family."""
    import torch

    from helpers import language

    c0, t0 = time.process_time(), time.perf_counter()
    copier = language.train_copier()
    report("train the in-context copier (section 8), wall", time.perf_counter() - t0, target=2)
    scores = language.copy_accuracy(lambda ids: copier(ids).logits, torch.arange(16), seed=1)
    print(f"  (CPU {time.process_time() - c0:.1f} s; accuracy with 0/1/3 earlier copies "
          f"{' / '.join(f'{a:.0%}' for a in scores.values())})")
    language.build_on_meta(language.architecture("GPT-2 small"))  # transformers imported, as in the lesson
    t0 = time.perf_counter()
    language.family_table()
    report("build and count the GPT-3 family on the meta device, wall", time.perf_counter() - t0, target=1)


def widget_updates(bert, gpt) -> list[float]:
    from helpers.language import widgets

    print("widget updates (ms, from setting a control's value to the new output being ready):")
    all_times = []
    box = widgets.fill_mask_widget([bert, gpt])
    c = box.controls
    n_words = len(c["sentence"].value.split())
    steps = [(c["word"], i % n_words) for i in range(1, 31)] + [(c["k"], 1 + i % 10) for i in range(20)]
    steps += [(c["sentence"], f"she wrote to her brother {w} and then left") for w in
              ("today", "again", "soon", "twice", "quickly", "gladly", "once", "early", "late", "now")]
    all_times += time_updates("fill a mask (sentence, word, k)", steps, lambda: box.output.value)

    box = widgets.generation_widget([gpt, bert])
    c = box.controls
    steps = [(c["temperature"], 0.2 + 0.1 * (i % 15)) for i in range(20)] + [(c["top_k"], 1 + 5 * i) for i in range(15)]
    steps += [(c["seed"], i % 10) for i in range(1, 16)] + [(c["model"], i % 2) for i in range(1, 11)]
    all_times += time_updates("generate (temperature, top-k, seed, model)", steps, lambda: box.output.value)

    box = widgets.attention_widget()
    c = box.controls
    steps = [(c["head"], i % 12) for i in range(1, 25)] + [(c["layer"], i % 6) for i in range(1, 13)]
    steps += [(c["text"], f"the bank of the river number {i}") for i in range(10)]
    all_times += time_updates("attention (layer, head, text)", steps, lambda: box.output.value)
    return all_times


def main() -> int:
    import helpers
    from helpers import language

    helpers.core.runtime.seed_everything(0)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (other work shares the CPU)")
    live_bert, live_gpt = train_both()
    lesson_extras()
    trained = language.checkpoints_or_live(live_bert, live_gpt)
    print(trained.message)
    report("widget update p95 (all widgets, lesson's models)", p95(widget_updates(trained.bert, trained.gpt)),
           target=150, unit="ms")
    if "--no-notebook" not in sys.argv:
        lesson_seconds_both_ways("02_bert_vs_gpt.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
