"""LLaVA-1.5-7B's image path at full size on the meta device: published shapes and parameter counts."""

import pytest

from helpers.core.probes import parameter_count

from helpers.encoders import llava


def test_llava_projector_parameter_count_matches_the_formula():
    p = llava.llava_projector()
    assert parameter_count(p) == (1024 * 4096 + 4096) + (4096 * 4096 + 4096)


def test_llava_shapes_on_meta():
    shapes = llava.llava_shapes(prompt_tokens=7)
    assert shapes["visual features"] == (1, 576, 1024)
    assert shapes["visual tokens"] == (1, 576, 4096)
    assert shapes["LLM input"] == (1, 583, 4096)
    assert 300e6 < shapes["encoder parameters"][0] < 310e6
    with pytest.raises(ValueError, match="prompt_tokens"):
        llava.llava_shapes(prompt_tokens=-1)


def test_llava_projector_is_the_mlp_of_build_projector_at_full_width():
    p = llava.llava_projector()
    assert [tuple(m.weight.shape) for m in (p[0], p[2])] == [(4096, 1024), (4096, 4096)]
    assert llava.LLAVA_VISION["image_size"] // llava.LLAVA_VISION["patch_size"] == 24
