"""Speed figures for lesson 03 (ViT vs MAE), printed against the issue's targets.

    .venv/bin/python bench/bench_03_vit_vs_mae.py            # everything (about 3 minutes on 2 cores)
    .venv/bin/python bench/bench_03_vit_vs_mae.py --no-notebook

Targets: each tiny model trains in <= 40 s; the notebook runs in <= 120 s offline; a widget
update (control changed -> new image ready) has p95 <= 200 ms.
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


def import_time() -> float:
    code = "import time; t=time.perf_counter(); import helpers; helpers.vision; print(time.perf_counter()-t)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def training():
    from helpers import vision
    from helpers.vision import mae
    from helpers.vision import tiny_vit

    digits = vision.digits_split()
    vit, vit_log = vision.train_tiny_vit(digits, tiny_vit.DIGITS_VIT, progress=False, **tiny_vit.DIGITS_VIT_TRAINING)
    accuracy = vision.accuracy(vit, digits.test_images, digits.test_labels)
    print(f"tiny ViT   train {vit_log.seconds:6.1f} s  (target <= 40 s: {verdict(vit_log.seconds, 40)})  "
          f"{vit_log.steps} steps, test accuracy {accuracy:.1%} (target >= 95%: {'ok' if accuracy >= 0.95 else 'BELOW'})")
    model, mae_log = vision.train_tiny_mae(digits, mae.DIGITS_MAE, progress=False, **mae.DIGITS_MAE_TRAINING)
    print(f"tiny MAE   train {mae_log.seconds:6.1f} s  (target <= 40 s: {verdict(mae_log.seconds, 40)})  "
          f"{mae_log.steps} steps, held-out masked MSE {mae_log.test_loss[-1]:.4f}")
    return digits, vit, model


def widget_latency(digits, vit, model, repeats: int = 12):
    from helpers import vision
    from helpers.vision import widgets as vision_widgets

    photo = vision.load_photo("astronaut", 224)
    tabs = vision_widgets.lesson_widget(photo, model, digits.test_images[8:14], vit.encoder, digits.test_images[:8])
    controls = vision_widgets.controls(tabs)
    plans = {
        "patch size": [8, 14, 16, 28, 32, 56],
        "mask ratio": [0.25, 0.5, 0.75, 0.9, 0.6, 0.3],
        "layer": [0, 1, 2],
        "head": [-1, 0, 1, 2, 3],
    }
    all_times = []
    for name, values in plans.items():
        control = controls[name]
        times = []
        for i in range(repeats):
            value = values[i % len(values)]
            if control.value == value:
                value = values[(i + 1) % len(values)]
            t0 = time.perf_counter()
            control.value = value  # observers run synchronously: the new PNG is ready when this returns
            times.append(time.perf_counter() - t0)
        all_times += times
        print(f"widget '{name}': p50 {1e3 * statistics.median(times):6.1f} ms, p95 {1e3 * percentile(times, 0.95):6.1f} ms")
    button = controls["re-sample"]
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        button.click()
        times.append(time.perf_counter() - t0)
    all_times += times
    print(f"widget 're-sample': p50 {1e3 * statistics.median(times):6.1f} ms, p95 {1e3 * percentile(times, 0.95):6.1f} ms")
    p95 = percentile(all_times, 0.95)
    print(f"widget update, all controls: p95 {1e3 * p95:.1f} ms (target <= 200 ms: {verdict(p95, 0.2)})")


def notebook():
    from tools.notebook_runner import error_outputs, execute

    run = execute(ROOT / "notebooks" / "03_vit_vs_mae.py", env={"FIVEQ_OFFLINE": "1"})
    errors = error_outputs(run.notebook)
    slowest = sorted(enumerate(run.cell_seconds), key=lambda x: -x[1])[:5]
    print(f"notebook 03 offline: {run.seconds:.1f} s (target <= 120 s: {verdict(run.seconds, 120)}), "
          f"{len(errors)} error outputs; slowest cells: " + ", ".join(f"#{i} {s:.1f} s" for i, s in slowest))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-notebook", action="store_true", help="skip executing the notebook")
    args = parser.parse_args()
    print(f"import helpers + helpers.vision: {1e3 * import_time():.0f} ms (target < 1000 ms)")
    digits, vit, model = training()
    widget_latency(digits, vit, model)
    if not args.no_notebook:
        notebook()
    return 0


if __name__ == "__main__":
    sys.exit(main())
