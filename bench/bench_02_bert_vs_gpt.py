"""Speed figures for lesson 02: tiny-model training times, widget update latency, notebook run time.

Targets (issue 4): each tiny model trains in <= 45 s on the CPU; a widget update p95 <= 150 ms;
the whole notebook runs offline in <= 120 s. Prints the measured figures; asserts nothing.

    .venv/bin/python bench/bench_02_bert_vs_gpt.py            # training + widgets + notebook
    .venv/bin/python bench/bench_02_bert_vs_gpt.py --no-notebook
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def time_updates(name, setter_values, read):
    """Set each (control, value) in turn; the widget recomputes synchronously in the observer."""
    times = []
    for control, value in setter_values:
        t0 = time.perf_counter()
        control.value = value
        read()
        times.append((time.perf_counter() - t0) * 1000)
    print(f"  {name:<34} n={len(times):3d}  median {statistics.median(times):6.1f} ms   "
          f"p95 {percentile(times, 95):6.1f} ms   max {max(times):6.1f} ms")
    return times


def main() -> int:
    import helpers
    from helpers.language import widgets as language_widgets
    from helpers.language import tiny_lm

    helpers.core.runtime.seed_everything(0)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (other work shares the CPU)")
    data = tiny_lm.prepare_text(held_out=0.1)
    config = tiny_lm.TinyLMConfig()
    models = {}
    steps = {"masked": tiny_lm.equal_compute_steps(config, len(data.vocab)), "causal": config.steps}
    for kind in ("masked", "causal"):
        c0 = time.process_time()
        models[kind] = tiny_lm.train_lm(kind, data, config, seed=0, progress=False, steps=steps[kind])
        m = models[kind]
        print(f"train {m.name:<10} {steps[kind]} steps: wall {m.train_seconds:5.1f} s, "
              f"CPU {time.process_time() - c0:5.1f} s (target <= 45 s), final loss {sum(m.losses[-10:]) / 10:.2f}")
    bert, gpt = models["masked"], models["causal"]

    print("widget updates (ms, from setting a control's value to the new output being ready):")
    all_times = []
    box = language_widgets.fill_mask_widget([bert, gpt])
    c = box.controls
    n_words = len(c["sentence"].value.split())
    steps = [(c["word"], i % n_words) for i in range(1, 31)] + [(c["k"], 1 + i % 10) for i in range(20)]
    steps += [(c["sentence"], f"she wrote to her brother {w} and then left") for w in
              ("today", "again", "soon", "twice", "quickly", "gladly", "once", "early", "late", "now")]
    all_times += time_updates("fill a mask (sentence, word, k)", steps, lambda: box.output.value)

    box = language_widgets.generation_widget([gpt, bert])
    c = box.controls
    steps = [(c["temperature"], 0.2 + 0.1 * (i % 15)) for i in range(20)] + [(c["top_k"], 1 + 5 * i) for i in range(15)]
    steps += [(c["seed"], i % 10) for i in range(1, 16)] + [(c["model"], i % 2) for i in range(1, 11)]
    all_times += time_updates("generate (temperature, top-k, seed, model)", steps, lambda: box.output.value)

    box = language_widgets.attention_widget()
    c = box.controls
    steps = [(c["head"], i % 12) for i in range(1, 25)] + [(c["layer"], i % 6) for i in range(1, 13)]
    steps += [(c["text"], f"the bank of the river number {i}") for i in range(10)]
    all_times += time_updates("attention (layer, head, text)", steps, lambda: box.output.value)
    print(f"  {'all widget updates':<34} n={len(all_times):3d}  p95 {percentile(all_times, 95):6.1f} ms (target <= 150 ms)")

    if "--no-notebook" not in sys.argv:
        from tools.notebook_runner import execute

        source = Path(__file__).resolve().parent.parent / "notebooks" / "02_bert_vs_gpt.py"
        import resource

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run = execute(source, env={"FIVEQ_OFFLINE": "1", "HF_HUB_OFFLINE": "1"})
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the kernel, once it has exited
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        slowest = sorted(enumerate(run.cell_seconds), key=lambda x: -x[1])[:5]
        print(f"notebook 02 offline: wall {run.seconds:.1f} s (target <= 120 s), kernel CPU {cpu:.1f} s, "
              f"load average now {os.getloadavg()[0]:.1f}; slowest cells: "
              + ", ".join(f"#{i} {s:.1f} s" for i, s in slowest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
