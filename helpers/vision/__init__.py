"""Lesson 03, ViT vs MAE: patches as tokens, and learning by filling in masked patches.

``patches`` (patchify, masking, photos) · ``tiny_vit`` (a tiny ViT trained live) · ``mae`` (a tiny
MAE, its loss, reconstructions) · ``probe`` (comparison tables) · ``render``, ``plots`` · ``widgets``.
"""

from __future__ import annotations

from .._lazy import lazy_api

__getattr__, __dir__, __all__ = lazy_api(__name__, __path__, {
    "patches": ("patchify", "unpatchify", "random_masking", "restore_order", "keep_count", "as_image_batch",
                       "to_rgb", "load_photo", "masked_image", "sequence_length", "grid_shape", "PHOTOS"),
    "tiny_vit": ("TinyViTConfig", "DIGITS_VIT", "VIT_B16", "ViTEncoder", "TinyViT", "DigitsSplit", "digits_split",
                 "train_tiny_vit", "accuracy", "predict", "class_token_attention", "select_class_token_attention",
                 "attention_maps", "encoder_features", "parameter_count"),
    "mae": ("TinyMAEConfig", "DIGITS_MAE", "TinyMAE", "mae_loss", "normalise_patches", "train_tiny_mae", "reconstruct",
            "encoder_cost", "reconstruct_pretrained"),
    "probe": ("ProbeResult", "probe_table"),
})
