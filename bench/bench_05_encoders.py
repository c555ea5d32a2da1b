"""Speed figures for lesson 05 (modality encoders), printed against the issue's targets.

    .venv/bin/python bench/bench_05_encoders.py              # everything (a few minutes on 2 cores)
    .venv/bin/python bench/bench_05_encoders.py --no-notebook

Targets: the notebook runs offline in <= 60 s with LIVE_TRAINING on and <= 20 s with it off (the tiny ViT
and tiny CLAP from their checkpoints only); a widget update (control changed -> new HTML ready) has p95
<= 100 ms; the connector trains in <= 45 s. Also printed: the cost of each real encoder call.
The machine's load average is printed too: other work on the same cores slows every figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("FIVEQ_OFFLINE", "1")

from _common import import_seconds, load_average, lesson_seconds_both_ways, p95, report, time_calls  # noqa: E402

# Values each control of the calculator is set to in turn (None: multiples of the current patch size).
WIDGET_PLANS = {
    "vision encoder": ["CLIP ViT-B/32", "ViT-B/16", "tiny ViT (lesson 03)", "CLIP ViT-L/14-336 (LLaVA-1.5)"],
    "patch size (px)": [8, 14, 16, 32],
    "resolution (px)": None,
    "frames": [1, 4, 8, 16, 32, 64],
    "frame pooling": ["pool 2×2", "pool 4×4", "one vector per frame", "keep all tokens"],
    "audio encoder": ["Whisper tiny.en", "Whisper, clip length, pooled ×2", "tiny CLAP audio (lesson 04)"],
    "audio seconds": [0.5, 10.0, 30.0, 45.0, 120.0],
    "text tokens": [0, 100, 500, 2000],
    "LLM context window": [2048, 4096, 8192, 32768, 128_000],
}


def widget_latency(repeats: int = 20) -> None:
    from helpers.encoders import widgets

    box = widgets.token_budget_calculator()
    all_times = []
    for name, values in WIDGET_PLANS.items():
        control = box.controls[name]
        times = []
        for i in range(repeats):
            value = control.step * (2 + i % 30) if values is None else values[i % len(values)]
            if control.value == value:
                continue
            before = box.output.value
            t0 = time.perf_counter()
            control.value = value      # observers run synchronously: the new HTML is ready when this returns
            times.append(time.perf_counter() - t0)
            assert box.output.value != before or name in ("frame pooling", "audio encoder"), name
        all_times += times
        print(f"widget '{name}': p50 {1e3 * statistics.median(times):6.2f} ms, p95 {1e3 * p95(times):6.2f} ms")
    report(f"widget update, all controls ({len(all_times)} changes), p95", 1e3 * p95(all_times), 100, "ms")


def once(fn) -> float:
    """Seconds of one call of ``fn``, first call included (model loading is part of the cost)."""
    return time_calls(fn, repeats=1, warmup=0)[0]


def encoders_and_connector() -> None:
    import numpy as np
    import torch

    from helpers import encoders, vision
    from helpers.core import minilm

    rng = np.random.default_rng(0)
    window = 0.1 * rng.standard_normal((1, 16_000 * 30)).astype(np.float32)
    clips = 0.1 * rng.standard_normal((80, 24_000)).astype(np.float32)
    report("Whisper tiny.en, one 30 s window (incl. first load)", once(lambda: encoders.whisper.encode(window)))
    report("Whisper tiny.en, 80 clips of 1.5 s unpadded",
           once(lambda: encoders.whisper.encode(clips, pad_to_window=False)))
    report("MiniLM, 100 sentences (incl. first load)",
           once(lambda: minilm.embed([f"sentence number {i}" for i in range(100)])))
    report("LLaVA-1.5 front end on the meta device", once(encoders.llava.llava_shapes))
    digits = vision.digits_split()
    torch.manual_seed(0)
    features = vision.encoder_features(vision.ViTEncoder(vision.TinyViTConfig()), digits.train_images)
    test = vision.encoder_features(vision.ViTEncoder(vision.TinyViTConfig()), digits.test_images)
    targets = encoders.connector.caption_embeddings("train")
    text = encoders.connector.class_text_embeddings("test")
    for kind in encoders.connector.PROJECTOR_KINDS:
        run = encoders.connector.train_connector(kind, features, digits.train_labels, targets, test,
                                                 digits.test_labels, text, epochs=8, progress=False)
        report(f"connector '{kind}', 8 epochs on untrained-ViT features", run.seconds, 45)


def notebook() -> None:
    lesson_seconds_both_ways("05_modality_encoders.py", slowest=6)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-notebook", action="store_true", help="skip executing the notebook")
    args = parser.parse_args()
    print(f"load average: {load_average()}")
    report("import helpers + helpers.encoders.widgets", 1e3 * import_seconds("helpers.encoders.widgets"), 1000, "ms")
    widget_latency()
    encoders_and_connector()
    if not args.no_notebook:
        notebook()
    print(f"load average: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
