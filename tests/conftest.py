"""Shared test set-up: every test runs offline, whatever the machine's network."""

import json
import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("FIVEQ_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

# One definition of the browser fixtures for the whole suite: a session-scoped Chromium imported into two test
# modules would be two fixtures, and the second Playwright would start inside the first one's event loop.
from browser.fixtures import chromium, expectations, lab_page, lab_server  # noqa: E402,F401 (pytest fixtures)

# The pretrained-path tests build a ~3 GB hub cache and run every lesson at real model size: `make test-pretrained`
# runs them (CI too, after `make test`); plain `pytest` does not collect them at all.
if os.environ.get("FIVEQ_TEST_PRETRAINED", "").strip().lower() not in {"1", "true", "yes", "on"}:
    collect_ignore = ["pretrained"]


@pytest.fixture(scope="session")
def tiny_open_clip(tmp_path_factory):
    """A tiny open_clip architecture (64 px images, one layer each side) registered as ``FiveQ-Tiny``, so a
    checkpoint of it can be saved and loaded the way a pretrained CLIP is."""
    import open_clip

    folder = tmp_path_factory.mktemp("open_clip_cfg")
    cfg = {"embed_dim": 16, "vision_cfg": {"image_size": 64, "layers": 1, "width": 32, "patch_size": 16, "head_width": 16},
           "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 32, "heads": 2, "layers": 1}}
    (folder / "FiveQ-Tiny.json").write_text(json.dumps(cfg))
    open_clip.add_model_config(folder)
    return "FiveQ-Tiny"
