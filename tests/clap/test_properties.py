"""Property tests for lesson 04 (issue 15): any text through the caption paths and the sound designer's
text box, any slider and dropdown value through both widgets. No exception escapes a callback, what the
widget shows is one line, and the widget answers a valid change afterwards."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from unicode_text import PROPERTY, any_caption
from helpers import clap
from helpers.clap import contrastive, sounds, tiny_clap, widgets

ANY_TEXT = any_caption(*["a \ud800 tone", "\u200b", "\x00", " ", "\u202e\u0301", "[MASK]", "a" * 10_000])


class FlakyText(torch.nn.Module):
    """A tiny CLAP whose text tower fails on captions with "boom": a model error the widget must survive."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def __getattr__(self, name):
        if name == "model":
            return super().__getattr__(name)
        return getattr(self.model, name)

    def encode_text(self, texts):
        if any("boom" in t for t in texts):
            raise RuntimeError("the text tower failed\nwith a second line")
        return self.model.encode_text(texts)


@pytest.fixture(scope="module")
def model():
    return clap.untrained_tiny_clap(text_tower="scratch", embed_dim=16)


@pytest.fixture(scope="module")
def minilm_model():
    return clap.untrained_tiny_clap(text_tower="minilm", embed_dim=16)


@pytest.fixture(scope="module")
def designer(model):
    return widgets.sound_designer(model, ["a high-pitched beep", "a low hum", "a steady hiss"])


def _controls(box):
    kind, loud = box.children[0].children
    pitch, duration, noise = box.children[1].children
    own, add = box.children[2].children
    return kind, loud, pitch, duration, noise, own, add


def _one_line(html):
    return "\n" not in html and "Traceback" not in html


@PROPERTY
@given(text=ANY_TEXT)
def test_any_text_is_a_caption_or_a_one_line_refusal(model, minilm_model, text):
    for tower in (model, minilm_model):        # both text towers: WordPiece ids, and frozen MiniLM vectors
        try:
            ranking = clap.rank_captions(tower, np.zeros(1600, np.float32), 16_000, [text, "a low hum"])
        except (TypeError, ValueError) as error:
            assert "\n" not in str(error) and "caption" in str(error)
        else:
            assert sum(p for _, p in ranking) == pytest.approx(1.0, abs=1e-5)


@PROPERTY
@given(text=ANY_TEXT)
def test_the_caption_policy_cleans_surrogates_and_controls(text):
    try:
        cleaned = tiny_clap.check_captions([text], allow_duplicates=True)
    except ValueError as error:
        assert "captions" in str(error)
    else:
        assert all(not 0xD800 <= ord(c) <= 0xDFFF for c in cleaned[0])
        cleaned[0].encode("utf-8")                      # what a tokenizer needs


@PROPERTY
@given(text=ANY_TEXT)
def test_any_text_in_the_designer_box_leaves_it_working(designer, text):
    kind, loud, pitch, duration, noise, own, add = _controls(designer)
    before = list(designer.candidates)
    own.value = text
    add.click()
    status = designer.children[3].value
    assert _one_line(status)
    assert all(isinstance(c, str) and c.strip() for c in designer.candidates)
    assert designer.candidates[:len(before)] == before
    kind.value = "low tone" if kind.value != "low tone" else "high tone"          # a valid change still works
    assert "fiveq-error" not in designer.children[3].value
    assert {c for c, _ in designer.last_ranking} == set(designer.candidates)
    own.value = ""


@PROPERTY
@given(kind=st.sampled_from(list(sounds.KINDS)), pitch=st.floats(50, 5000), duration=st.floats(0.1, 1.4),
       noise=st.floats(0.0, 0.3), loud=st.booleans())
def test_any_slider_and_dropdown_setting_ranks_every_candidate(designer, kind, pitch, duration, noise, loud):
    kind_box, loud_box, pitch_box, duration_box, noise_box, _, _ = _controls(designer)
    kind_box.value, pitch_box.value, duration_box.value, noise_box.value, loud_box.value = kind, pitch, duration, noise, loud
    assert "fiveq-error" not in designer.children[3].value
    assert len(designer.last_ranking) == len(designer.candidates)
    assert sum(p for _, p in designer.last_ranking) == pytest.approx(1.0, abs=1e-5)


def test_a_caption_the_model_fails_on_is_not_stored_and_the_widget_keeps_working(model):
    box = widgets.sound_designer(FlakyText(model), ["a high-pitched beep", "a low hum"])
    kind, loud, pitch, duration, noise, own, add = _controls(box)
    picture, ranking = box.children[6].value, box.last_ranking
    own.value = "a boom in the distance"
    status = box.children[3].value
    assert "fiveq-error" in status and "the text tower failed" in status and "second line" not in status
    assert box.candidates == ["a high-pitched beep", "a low hum"]          # the bad caption was never stored
    assert box.children[6].value == picture and box.last_ranking == ranking   # the last good state stays
    kind.value = "low tone"
    assert "fiveq-error" not in box.children[3].value
    assert {c for c, _ in box.last_ranking} == {"a high-pitched beep", "a low hum"}
    own.value = "a gentle hum"
    assert "a gentle hum" in box.candidates


@PROPERTY
@given(temperature=st.floats(0.01, 1.0))
def test_any_temperature_gives_rows_that_sum_to_one(temperature):
    a, b = contrastive.noisy_pairs(4, 8, noise=1.0, seed=0)
    box = _temperature_box((a @ b.T).numpy())
    box.children[0].value = temperature
    assert "fiveq-error" not in box.children[1].value
    assert torch.allclose(box.view["probabilities"].sum(1), torch.ones(4), atol=1e-5)


_BOXES = {}


def _temperature_box(similarity):
    key = similarity.tobytes()
    if key not in _BOXES:
        _BOXES[key] = widgets.temperature_explorer(similarity)
    return _BOXES[key]


@PROPERTY
@given(values=st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=4, max_size=4),
       temperature=st.one_of(st.floats(allow_nan=True), st.integers(-3, 3)))
def test_probabilities_from_any_numbers_are_finite_or_refused_in_one_line(values, temperature):
    matrix = np.array(values, dtype=np.float32).reshape(2, 2)
    try:
        p = clap.softmax_rows(matrix, temperature)
    except (TypeError, ValueError) as error:
        assert "\n" not in str(error)
        assert any(name in str(error) for name in ("similarity_matrix", "temperature"))
    else:
        assert torch.isfinite(p).all()
