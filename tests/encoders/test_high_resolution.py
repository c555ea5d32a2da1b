from helpers.encoders import high_resolution as hr


def test_a_714_px_image_needs_more_positions_than_vit_l14_336_has():
    assert hr.patch_positions_needed(714, 14) == 51 * 51 > hr.patch_positions_needed(336, 14) == 576


def test_anyres_picks_two_by_two_for_a_square_and_counts_the_overview():
    layout = hr.anyres_layout(714, 714)
    assert (layout.columns, layout.rows) == (2, 2) and layout.encoder_passes == 5 and layout.tokens == 5 * 576


def test_anyres_picks_a_wide_grid_for_a_wide_image():
    assert (hr.anyres_layout(1000, 330).columns, hr.anyres_layout(1000, 330).rows) == (3, 1)


def test_qwen2_vl_dynamic_resolution():
    assert hr.dynamic_resolution_tokens(714, 714) == (728, 728, 676)
    w, h, tokens = hr.dynamic_resolution_tokens(4000, 3000)
    assert w * h <= 28 * 28 * 1280 and tokens == (w // 28) * (h // 28)
