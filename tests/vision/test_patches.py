"""patchify / unpatchify / random_masking against transformers' ViTMAE reference; keep counts, grids, masked images."""

import pytest
import torch

import helpers
from helpers import vision


@pytest.fixture(scope="module")
def reference_mae():
    from transformers import ViTMAEConfig, ViTMAEForPreTraining

    config = ViTMAEConfig(image_size=32, patch_size=8, num_channels=3, hidden_size=16, num_hidden_layers=1,
                          num_attention_heads=2, intermediate_size=32, decoder_hidden_size=16,
                          decoder_num_hidden_layers=1, decoder_num_attention_heads=2, decoder_intermediate_size=32,
                          mask_ratio=0.75)
    return ViTMAEForPreTraining(config).eval()


def test_public_names_reachable_after_plain_import():
    assert helpers.vision.patchify is vision.patchify
    assert callable(helpers.vision.unpatchify) and callable(helpers.vision.random_masking)
    with pytest.raises(AttributeError, match="offers"):
        helpers.vision.no_such_thing


def test_patchify_matches_transformers_reference(reference_mae):
    images = torch.randn(2, 3, 32, 32)
    ours = vision.patchify(images, 8)
    assert ours.shape == (2, 16, 8 * 8 * 3)
    torch.testing.assert_close(ours, reference_mae.patchify(images))


def test_patch_layout_is_row_major_then_row_column_channel():
    images = torch.arange(2 * 3 * 4 * 6, dtype=torch.float32).reshape(2, 3, 4, 6)
    patches = vision.patchify(images, 2)
    assert patches.shape == (2, 6, 12)
    # patch 4 = grid row 1, column 1 -> pixel rows 2..3, columns 2..3
    for b in range(2):
        expected = images[b, :, 2:4, 2:4].permute(1, 2, 0).reshape(-1)
        torch.testing.assert_close(patches[b, 4], expected)


def test_unpatchify_inverts_patchify_and_matches_reference(reference_mae):
    images = torch.randn(3, 3, 32, 32)
    patches = vision.patchify(images, 8)
    torch.testing.assert_close(vision.unpatchify(patches, 8), images)
    torch.testing.assert_close(vision.unpatchify(patches, 8), reference_mae.unpatchify(patches))
    gray = torch.rand(2, 1, 8, 8)
    torch.testing.assert_close(vision.unpatchify(vision.patchify(gray, 2), 2, channels=1), gray)


@pytest.mark.parametrize("call, message", [
    (lambda: vision.patchify(torch.zeros(1, 3, 30, 32), 8), "not divisible"),
    (lambda: vision.patchify(torch.zeros(3, 32, 32), 8), "dimensions"),
    (lambda: vision.patchify(torch.zeros(1, 3, 32, 32), 0), ">= 1"),
    (lambda: vision.unpatchify(torch.zeros(1, 8, 12), 2, channels=3), "square"),
    (lambda: vision.unpatchify(torch.zeros(1, 16, 10), 2, channels=3), "patch_dim"),
    (lambda: vision.unpatchify(torch.zeros(16, 12), 2), "dimensions"),
    (lambda: vision.random_masking(torch.zeros(1, 16, 4), 1.0), r"\[0, 1\)"),
    (lambda: vision.random_masking(torch.zeros(1, 16, 4), -0.1), r"\[0, 1\)"),
    (lambda: vision.random_masking(torch.zeros(16, 4), 0.5), "dimensions"),
])
def test_bad_input_gives_one_line_value_error(call, message):
    with pytest.raises(ValueError, match=message) as info:
        call()
    assert "\n" not in str(info.value)


def test_patchify_rejects_a_non_tensor():
    with pytest.raises(TypeError, match="torch.Tensor or numpy"):
        vision.patchify([[1, 2], [3, 4]], 1)


def test_random_masking_shapes_and_mask_semantics():
    tokens = torch.randn(4, 16, 5)
    visible, mask, ids_restore = vision.random_masking(tokens, 0.75, torch.Generator().manual_seed(0))
    assert visible.shape == (4, 4, 5)
    assert mask.shape == (4, 16) and ids_restore.shape == (4, 16)
    assert torch.all(mask.sum(1) == 12)
    for b in range(4):
        kept = torch.nonzero(mask[b] == 0).flatten()
        # every visible token is one of the kept originals
        matches = (visible[b][:, None, :] == tokens[b][None, kept, :]).all(-1)
        assert matches.any(1).all()


def test_random_masking_differs_per_image_and_is_seeded():
    tokens = torch.randn(8, 16, 3)
    _, mask_a, _ = vision.random_masking(tokens, 0.75, torch.Generator().manual_seed(1))
    _, mask_b, _ = vision.random_masking(tokens, 0.75, torch.Generator().manual_seed(1))
    torch.testing.assert_close(mask_a, mask_b)
    assert len({tuple(m.tolist()) for m in mask_a}) > 1


def test_ids_restore_puts_tokens_back_in_order():
    tokens = torch.randn(3, 16, 6)
    visible, mask, ids_restore = vision.random_masking(tokens, 0.5, torch.Generator().manual_seed(2))
    fill = torch.full((6,), 99.0)
    restored = vision.restore_order(visible, ids_restore, fill)
    kept = mask == 0
    torch.testing.assert_close(restored[kept], tokens[kept])
    assert torch.all(restored[~kept] == 99.0)
    # the spec's own recipe: gather [visible, mask tokens] with ids_restore
    full = torch.cat([visible, fill.expand(3, 16 - visible.shape[1], 6)], dim=1)
    torch.testing.assert_close(torch.gather(full, 1, ids_restore[..., None].expand(-1, -1, 6)), restored)


def test_random_masking_matches_transformers_given_the_same_noise(reference_mae):
    tokens = torch.randn(2, 16, 16)
    generator = torch.Generator().manual_seed(5)
    ours = vision.random_masking(tokens, 0.75, generator)
    noise = torch.rand(2, 16, generator=torch.Generator().manual_seed(5))
    theirs = reference_mae.vit.embeddings.random_masking(tokens, noise)
    for a, b in zip(ours, theirs):
        torch.testing.assert_close(a, b.to(a.dtype))


@pytest.mark.parametrize("n, ratio, keep", [(16, 0.75, 4), (196, 0.75, 49), (16, 0.9, 1), (16, 0.0, 16), (16, 0.5, 8)])
def test_keep_count_is_int_of_n_times_visible_fraction(n, ratio, keep):
    visible, mask, _ = vision.random_masking(torch.zeros(1, n, 2), ratio)
    assert visible.shape[1] == keep == vision.keep_count(n, ratio)
    assert int(mask.sum()) == n - keep


def test_masked_image_paints_removed_patches():
    images = torch.rand(2, 1, 8, 8)
    mask = torch.zeros(2, 16)
    mask[:, 0] = 1
    out = vision.masked_image(images, mask, 2, fill=0.5)
    assert torch.all(out[:, :, :2, :2] == 0.5)
    torch.testing.assert_close(out[:, :, 2:, :], images[:, :, 2:, :])


def test_sequence_length_of_vit_b16():
    assert vision.sequence_length(224, 16) == 197
    assert vision.sequence_length(224, 16, class_token=False) == 196


def test_printed_patchify_is_the_idea_alone():
    import inspect

    body = inspect.getsource(vision.patchify).split('"""')[-1]
    assert "raise" not in body and len(body.strip().splitlines()) <= 6
