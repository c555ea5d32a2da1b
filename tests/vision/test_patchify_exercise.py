import torch

from helpers.vision import patchify_exercise as ex


def _solution(images, p):
    b, c, h, w = images.shape
    x = images.reshape(b, c, h // p, p, w // p, p).permute(0, 2, 4, 3, 5, 1)
    return x.reshape(b, -1, p * p * c)


def test_the_hidden_solution_passes():
    assert ex.check_patchify(_solution).status == "correct"


def test_unanswered_is_not_an_error():
    assert ex.check_patchify(None).status == "unanswered"


def test_channel_first_inside_a_patch_is_wrong_order():
    def channel_first(images, p):
        b, c, h, w = images.shape
        return images.reshape(b, c, h // p, p, w // p, p).permute(0, 2, 4, 1, 3, 5).reshape(b, -1, p * p * c)

    verdict = ex.check_patchify(channel_first)
    assert verdict.status == "wrong" and "wrong order" in verdict.message


def test_a_crash_and_a_wrong_shape_are_reported():
    def crashes(images, p):
        raise RuntimeError("boom")

    assert "RuntimeError: boom" in ex.check_patchify(crashes).message
    assert "expected shape" in ex.check_patchify(lambda images, p: images).message
