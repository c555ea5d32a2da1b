"""Lesson 03's public API in one place: ``helpers.vision.patchify`` and friends.

The work lives in modules named for their ideas; this module re-exports them on first use
(so importing it is instant):

- ``vision_patches``: ``patchify``, ``unpatchify``, ``random_masking``, ``restore_order``,
  ``as_image_batch``, ``to_rgb``, ``load_photo``, ``masked_image``, ``sequence_length``
- ``tiny_vit``: ``TinyViTConfig``, ``ViTEncoder``, ``TinyViT``, ``digits_split``, ``train_tiny_vit``,
  ``accuracy``, ``class_token_attention``, ``encoder_features``
- ``mae``: ``TinyMAEConfig``, ``TinyMAE``, ``mae_loss``, ``train_tiny_mae``, ``reconstruct``,
  ``encoder_cost``, ``reconstruct_pretrained``
- ``vision_probe``: ``linear_probe``
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "vision_patches": ("patchify", "unpatchify", "random_masking", "restore_order", "keep_count", "as_image_batch",
                       "to_rgb", "load_photo", "masked_image", "sequence_length", "grid_shape", "PHOTOS"),
    "tiny_vit": ("TinyViTConfig", "DIGITS_VIT", "VIT_B16", "ViTEncoder", "TinyViT", "DigitsSplit", "digits_split",
                 "train_tiny_vit", "accuracy", "predict", "class_token_attention", "select_class_token_attention",
                 "attention_maps", "encoder_features", "parameter_count"),
    "mae": ("TinyMAEConfig", "DIGITS_MAE", "TinyMAE", "mae_loss", "normalise_patches", "train_tiny_mae", "reconstruct",
            "encoder_cost", "reconstruct_pretrained"),
    "vision_probe": ("linear_probe", "ProbeResult", "probe_table"),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"helpers.vision has no {name!r}; it offers {', '.join(__all__)}")
    value = getattr(importlib.import_module(f"helpers.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
