"""helpers.core.runtime: one device choice, seeds that repeat, an honest environment report."""

import random

import numpy as np
import pytest
import torch

from helpers.core import runtime
from helpers.core.pretrained import HubStatus


@pytest.fixture(autouse=True)
def fresh_device_cache():
    runtime.device.cache_clear()
    yield
    runtime.device.cache_clear()


def test_device_falls_back_to_cpu_here(monkeypatch):
    monkeypatch.delenv("FIVEQ_DEVICE", raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert runtime.device() == torch.device("cpu")


def test_device_prefers_cuda_when_present(monkeypatch):
    monkeypatch.delenv("FIVEQ_DEVICE", raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert runtime.device().type == "cuda"


def test_device_override_and_bad_override(monkeypatch):
    monkeypatch.setenv("FIVEQ_DEVICE", "cpu")
    assert runtime.device() == torch.device("cpu")
    runtime.device.cache_clear()
    monkeypatch.setenv("FIVEQ_DEVICE", "tpu")
    with pytest.raises(ValueError, match="cpu, cuda, mps"):
        runtime.device()


def test_seed_everything_repeats_all_generators():
    def draw():
        return random.random(), np.random.rand(), torch.rand(1).item()

    runtime.seed_everything(7)
    first = draw()
    runtime.seed_everything(7)
    assert draw() == first
    runtime.seed_everything(8)
    assert draw() != first
    with pytest.raises(TypeError, match="seed must be an int, got str"):
        runtime.seed_everything("7")
    with pytest.raises(TypeError, match="seed must be an int, got bool"):
        runtime.seed_everything(True)
    with pytest.raises(ValueError, match="seed must be an int >= 0"):
        runtime.seed_everything(-1)
    assert runtime.seed_everything(np.int64(3)) == 3


def test_cpu_threads_sets_and_restores():
    before = torch.get_num_threads()
    with runtime.cpu_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before

    @runtime.cpu_threads(1)
    def threads_inside():
        return torch.get_num_threads()

    assert threads_inside() == 1 and torch.get_num_threads() == before
    with runtime.cpu_threads(None):
        assert torch.get_num_threads() == before
    with pytest.raises(ValueError, match="n must be an int >= 1, got 0"):
        with runtime.cpu_threads(0):
            pass


def test_environment_report_says_which_path():
    offline = runtime.environment_report(HubStatus(False, "hub unreachable", 0.1))
    assert offline.path == "offline" and "OFFLINE" in offline._repr_html_() and "hub unreachable" in str(offline)
    online = runtime.environment_report(HubStatus(True, "reachable", 0.1))
    assert online.path == "pretrained" and "PRETRAINED" in online._repr_html_()
    none_needed = runtime.environment_report(None)
    assert none_needed.path == "offline" and "needs no pretrained" in none_needed.reason
    assert offline.versions["torch"] == torch.__version__.split("+")[0] or offline.versions["torch"].startswith(torch.__version__[:4])
    assert "cpu" in offline.device or "cuda" in offline.device


def test_enable_figure_display_registers_png_for_figures():
    from IPython.core.interactiveshell import InteractiveShell
    from matplotlib.figure import Figure

    shell = InteractiveShell.instance()
    try:
        assert runtime.enable_figure_display() is True
        fig = Figure(figsize=(1, 1))
        fig.add_subplot().plot([0, 1])
        data, _ = shell.display_formatter.format(fig)
        assert data["image/png"][:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        InteractiveShell.clear_instance()


def test_live_training_follows_the_switch_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv("FIVEQ_LIVE_TRAINING", raising=False)
    assert runtime.live_training(True) is True
    assert runtime.live_training(False) is False
    monkeypatch.setenv("FIVEQ_LIVE_TRAINING", "0")
    assert runtime.live_training(True) is False
    monkeypatch.setenv("FIVEQ_LIVE_TRAINING", "1")
    assert runtime.live_training(False) is True
    with pytest.raises(TypeError, match="switch"):
        runtime.live_training("yes")


def test_quiet_loading_silences_reports_bars_and_named_warnings_then_restores_them():
    import warnings

    from transformers.utils import logging as hf_logging

    before = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with runtime.quiet_loading(("old API",)):
            assert hf_logging.get_verbosity() == hf_logging.ERROR and not hf_logging.is_progress_bar_enabled()
            warnings.warn("old API is deprecated")
            warnings.warn("something else")
    assert [str(w.message) for w in caught] == ["something else"]
    assert (hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()) == before
