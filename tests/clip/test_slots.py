"""helpers.clip.slots: id 0 is '!', padding is labelled by role, and any padding id leaves pooling alone."""

import torch

from helpers import clip
from helpers.clip import slots, text_tower


def test_id_0_is_exclamation_and_pads_are_labelled_by_role():
    assert slots.vocabulary_entry(0) == "!"
    labels = slots.slot_labels(clip.tokenize("a cat")[0])
    assert labels[:4] == ["<start>", "a·", "cat·", "<end>"] and labels[4:] == ["pad:'!'"] * 73


def test_end_id_padding_gives_the_same_embedding():
    ids = clip.tokenize(["a cat", "a photo of a dog"])
    hf_style = slots.pad_with(ids, clip.END_ID)
    assert (hf_style[0, 4:] == clip.END_ID).all() and torch.equal(hf_style[:, :4], ids[:, :4])
    assert torch.equal(clip.end_token_positions(hf_style), clip.end_token_positions(ids))
    model = text_tower.untrained_clip("ViT-B-32")
    with torch.no_grad():
        assert torch.allclose(model.encode_text(ids), model.encode_text(hf_style), atol=1e-5)
