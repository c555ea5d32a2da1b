"""Speed figures for lesson 04 (modality encoders), printed against the issue's targets.

    .venv/bin/python bench/bench_05_encoders.py              # everything (a few minutes on 2 cores)
    .venv/bin/python bench/bench_05_encoders.py --no-notebook

Targets: the notebook runs in <= 120 s offline; a widget update (control changed -> new HTML ready)
has p95 <= 100 ms; the connector trains in <= 45 s. Also printed: the cost of each real encoder call.
The machine's load average is printed too: other work on the same cores slows every figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("FIVEQ_OFFLINE", "1")


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "OVER TARGET"


def percentile(values, q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"
    except OSError:
        return "unknown"


def import_time() -> float:
    code = ("import time; t=time.perf_counter(); import helpers; helpers.encoders.token_counts; helpers.encoders.widgets; "
            "print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def widget_latency(repeats: int = 20) -> None:
    from helpers.encoders import widgets as encoder_widgets

    box = encoder_widgets.token_budget_calculator()
    c = box.controls
    plans = {
        "vision encoder": ["CLIP ViT-B/32", "ViT-B/16", "tiny ViT (notebook 03)", "CLIP ViT-L/14-336 (LLaVA-1.5)"],
        "patch size (px)": [8, 14, 16, 32],
        "resolution (px)": None,           # filled from the current step so every value is valid
        "frames": [1, 4, 8, 16, 32, 64],
        "frame pooling": ["pool 2×2", "pool 4×4", "one vector per frame", "keep all tokens"],
        "audio encoder": ["Whisper tiny.en", "Whisper, clip length, pooled ×2", "tiny CLAP audio (notebook 05)"],
        "audio seconds": [0.5, 10.0, 30.0, 45.0, 120.0],
        "text tokens": [0, 100, 500, 2000],
        "LLM context window": [2048, 4096, 8192, 32768, 128_000],
    }
    all_times = []
    for name, values in plans.items():
        control = c[name]
        times = []
        for i in range(repeats):
            if values is None:
                value = control.step * (2 + i % 30)
            else:
                value = values[i % len(values)]
            if control.value == value:
                continue
            before = box.output.value
            t0 = time.perf_counter()
            control.value = value      # observers run synchronously: the new HTML is ready when this returns
            times.append(time.perf_counter() - t0)
            assert box.output.value != before or name in ("frame pooling", "audio encoder"), name
        all_times += times
        print(f"widget '{name}': p50 {1e3 * statistics.median(times):6.2f} ms, p95 {1e3 * percentile(times, 0.95):6.2f} ms")
    p95 = percentile(all_times, 0.95)
    print(f"widget update, all controls ({len(all_times)} changes): p95 {1e3 * p95:.2f} ms "
          f"(target <= 100 ms: {verdict(p95, 0.1)})")


def encoders_and_connector() -> None:
    import numpy as np
    import torch

    from helpers import vision
    from helpers.encoders import connector
    from helpers.core import minilm
    from helpers.encoders import whisper as whisper_encoder

    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    out = whisper_encoder.encode(0.1 * rng.standard_normal((1, 16_000 * 30)).astype(np.float32))
    print(f"Whisper tiny.en, one 30 s window → {out.shape}: {time.perf_counter() - t0:.2f} s (incl. first load)")
    clips = 0.1 * rng.standard_normal((80, 24_000)).astype(np.float32)
    t0 = time.perf_counter()
    out = whisper_encoder.encode(clips, pad_to_window=False)
    print(f"Whisper tiny.en, 80 clips of 1.5 s unpadded → {out.shape}: {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    minilm.embed([f"sentence number {i}" for i in range(100)])
    print(f"MiniLM, 100 sentences: {time.perf_counter() - t0:.2f} s (incl. first load)")
    t0 = time.perf_counter()
    connector.llava_shapes()
    print(f"LLaVA-1.5 front end on the meta device: {time.perf_counter() - t0:.2f} s")
    digits = vision.digits_split()
    torch.manual_seed(0)
    features = vision.encoder_features(vision.ViTEncoder(vision.TinyViTConfig()), digits.train_images)
    test = vision.encoder_features(vision.ViTEncoder(vision.TinyViTConfig()), digits.test_images)
    targets, text = connector.caption_embeddings("train"), connector.class_text_embeddings("test")
    for kind in connector.PROJECTOR_KINDS:
        run = connector.train_connector(kind, features, digits.train_labels, targets, test, digits.test_labels, text,
                                        epochs=8, progress=False)
        print(f"connector '{kind}', 8 epochs on untrained-ViT features: {run.seconds:.2f} s "
              f"(target <= 45 s: {verdict(run.seconds, 45)})")


def notebook() -> None:
    from tools.notebook_runner import error_outputs, execute

    run = execute(ROOT / "notebooks" / "05_modality_encoders.py", env={"FIVEQ_OFFLINE": "1"})
    errors = error_outputs(run.notebook)
    slowest = sorted(enumerate(run.cell_seconds), key=lambda x: -x[1])[:6]
    print(f"notebook 04 offline: {run.seconds:.1f} s (target <= 120 s: {verdict(run.seconds, 120)}), "
          f"{len(errors)} error outputs; slowest cells: " + ", ".join(f"#{i} {s:.1f} s" for i, s in slowest))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-notebook", action="store_true", help="skip executing the notebook")
    args = parser.parse_args()
    print(f"load average: {load_average()}")
    print(f"import helpers + helpers.encoders.token_counts + helpers.encoders.widgets: {1e3 * import_time():.0f} ms (target < 1000 ms)")
    widget_latency()
    encoders_and_connector()
    if not args.no_notebook:
        notebook()
    print(f"load average: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
