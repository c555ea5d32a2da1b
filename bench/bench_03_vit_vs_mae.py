"""Speed figures for lesson 03 (ViT vs MAE), printed against the issue's targets.

    .venv/bin/python bench/bench_03_vit_vs_mae.py            # everything (about 3 minutes on 2 cores)
    .venv/bin/python bench/bench_03_vit_vs_mae.py --no-notebook

Targets: each tiny model trains live in <= 40 s; the notebook runs offline in <= 60 s with
LIVE_TRAINING on and <= 20 s with it off (checkpoints only); a widget update (control changed ->
new image ready) has p95 <= 200 ms. The machine's load average is printed too: other work on the
same cores slows every figure.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("FIVEQ_OFFLINE", "1")

from _common import import_seconds, load_average, lesson_seconds_both_ways, p95, report, time_calls  # noqa: E402

# Values each control of the lesson widget is set to in turn (a change each time: observers run synchronously).
WIDGET_PLANS = {
    "patch size": [8, 14, 16, 28, 32, 56],
    "mask ratio": [0.25, 0.5, 0.75, 0.9, 0.6, 0.3],
    "layer": [0, 1, 2],
    "head": [-1, 0, 1, 2, 3],
}


def training():
    from helpers import vision

    digits = vision.digits_split()
    vit, vit_log = vision.train_tiny_vit(digits, vision.DIGITS_VIT, vision.VIT_RECIPE, progress=False)
    accuracy = vision.accuracy(vit, digits.test_images, digits.test_labels)
    report(f"tiny ViT train ({vit_log.steps} steps, {accuracy:.1%} accurate)", vit_log.seconds, 40)
    mae, mae_log = vision.train_tiny_mae(digits, vision.DIGITS_MAE, vision.MAE_RECIPE, progress=False)
    report(f"tiny MAE train ({mae_log.steps} steps, held-out MSE {mae_log.test_loss[-1]:.4f})", mae_log.seconds, 40)
    return digits, vit, mae


def _setter(control, values):
    """A call that sets ``control`` to the next of ``values`` (skipping its current value, so each call changes it)."""
    cycle = itertools.cycle(values)

    def change():
        value = next(cycle)
        if control.value == value:
            value = next(cycle)
        control.value = value  # observers run synchronously: the new PNG is ready when this returns

    return change


def widget_latency(digits, vit, mae, repeats: int = 12) -> None:
    from helpers import vision
    from helpers.vision import widgets

    photo = vision.load_photo("astronaut", 224)
    tabs = widgets.lesson_widget(photo, mae, digits.test_images[8:14], vit.encoder, digits.test_images[:8])
    controls = widgets.controls(tabs)
    everything = []
    for name, values in WIDGET_PLANS.items():
        samples = time_calls(_setter(controls[name], values), repeats=repeats, warmup=1)
        everything += samples
        report(f"widget '{name}': p95", 1e3 * p95(samples), unit="ms")
    samples = time_calls(controls["re-sample"].click, repeats=repeats, warmup=1)
    everything += samples
    report("widget 're-sample': p95", 1e3 * p95(samples), unit="ms")
    report("widget update, all controls: p95", 1e3 * p95(everything), 200, unit="ms")


def notebook() -> None:
    lesson_seconds_both_ways("03_vit_vs_mae.py")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-notebook", action="store_true", help="skip executing the notebook")
    args = parser.parse_args()
    print(f"load average {load_average()}")
    report("import helpers.vision", 1e3 * import_seconds("helpers.vision"), 1000, unit="ms")
    digits, vit, mae = training()
    widget_latency(digits, vit, mae)
    if not args.no_notebook:
        notebook()
    return 0


if __name__ == "__main__":
    sys.exit(main())
