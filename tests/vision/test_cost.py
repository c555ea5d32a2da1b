"""The encoder's cost: fewer FLOPs on the visible quarter, timing a given encoder, ViT-B/16's parameters by part."""

import math

from helpers import vision
from helpers.vision import cost


def test_encoder_cost_counts_fewer_flops_on_the_visible_quarter():
    config = vision.TinyViTConfig(image_size=32, patch_size=4, channels=3, width=32, depth=2, heads=2)
    full = vision.encoder_cost(config, 0.0, repeats=1)
    masked = vision.encoder_cost(config, 0.75, repeats=1)
    assert (full.tokens, masked.tokens) == (65, 17)
    assert full.flops / masked.flops > 3.5
    assert masked.seconds > 0


def test_encoder_cost_can_time_a_given_encoder():
    config = vision.TinyViTConfig(width=16, depth=1, heads=2)
    encoder = vision.ViTEncoder(config)
    encoder.train()
    cost = vision.encoder_cost(config, 0.5, repeats=2, encoder=encoder)
    assert cost.tokens == 9 and cost.seconds > 0 and not encoder.training
    untimed = vision.encoder_cost(config, 0.5, repeats=0)
    assert math.isnan(untimed.seconds) and untimed.flops == cost.flops


def test_vit_b16_parameters_by_part_add_up_to_the_total():
    counts = cost.vit_b16_parameters()
    total = counts.pop("total")
    assert total == sum(counts.values()) == 86_567_656
    assert counts["12 Transformer blocks"] == 12 * 7_087_872  # 4·768² + 2·768·3072 weights, biases, 2 LayerNorms
    assert counts["class token"] == 768 and counts["classifier head (1000 classes)"] == 768 * 1000 + 1000
    report = cost.vit_b16_parameter_report()
    assert "≈ 86.6M (the ViT paper says 86M)" in report and report.endswith("86,567,656 parameters")


def test_cost_reports_give_the_ratios():
    costs = {"tiny (16 patches)": [vision.EncoderCost(0.0, 17, 400, 0.004), vision.EncoderCost(0.75, 5, 100, 0.002)]}
    assert "(4.00× fewer)" in cost.cost_report(costs) and "(2.00× faster)" in cost.cost_report(costs)
    assert cost.savings_report(costs) == "encoder at 25% of the patches, tiny (16 patches): 4.00× fewer FLOPs, 2.00× faster"


def test_mae_b16_decoder_is_eight_blocks_of_width_512_and_smaller_than_the_encoder():
    from helpers.vision import cost

    parts = cost.mae_b16_parts()
    encoder, decoder = parts["encoder (ViT-B/16)"], parts["decoder (8 blocks, width 512)"]
    # a 512-wide pre-norm block: 4·512² + 2·512·2048 weights, their biases and two LayerNorms
    assert parts["one decoder block"] == 4 * (512 * 512 + 512) + 2 * 512 * 2048 + 2048 + 512 + 4 * 512
    assert 8 * parts["one decoder block"] < decoder < encoder
    report = cost.decoder_report(parts)
    assert "discarded after pre-training" in report and "8%" in report
