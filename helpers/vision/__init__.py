"""Lesson 03, ViT vs MAE: patches as tokens, and learning by filling in masked patches.

``patches`` (patchify, masking) · ``photos`` (real photos as float images) · ``positions`` (the position table at a new resolution) · ``vit`` (a tiny ViT,
nanoGPT style) · ``mae`` (a tiny MAE and its loss) · ``training`` (the digits, one training loop for
both) · ``readout`` (predictions, attention, frozen features) · ``reconstruction`` (filling in hidden
patches) · ``redundancy`` (why 75%: neighbours give a patch away) · ``norm_pix`` (the normalised-pixel target) · ``cost`` (parameters, FLOPs, time, the decoder) · ``comparison`` (linear probes, fine-tuning,
verdicts) · ``checkpoint`` (the long recipes of ``make checkpoints`` and the loaders) · ``side_by_side``
(the live model against the checkpoint) · ``data_appetite`` (ViT vs a CNN as data shrinks) · ``patchify_exercise`` (exercise 4's check) · ``interview`` (the
answer box) · ``plots``, ``render``, ``widgets``.
"""

from __future__ import annotations

from .._lazy import lazy_api

__getattr__, __dir__, __all__ = lazy_api(__name__, __path__, {
    "patches": ("patchify", "unpatchify", "random_masking", "restore_order", "keep_count", "masked_image",
                "sequence_length", "grid_shape"),
    "photos": ("as_image_batch", "to_rgb", "load_photo", "PHOTOS", "PHOTO_CAPTIONS"),
    "vit": ("TinyViTConfig", "DIGITS_VIT", "VIT_B16", "ViTEncoder", "TinyViT", "sincos_position_table"),
    "mae": ("TinyMAEConfig", "DIGITS_MAE", "TinyMAE", "mae_loss", "normalise_patches"),
    "training": ("Recipe", "VIT_RECIPE", "MAE_RECIPE", "DigitsSplit", "digits_split", "validation_split",
                 "TrainingLog", "fit", "train_tiny_vit", "train_tiny_mae"),
    "readout": ("accuracy", "predict", "class_token_attention", "select_class_token_attention", "attention_maps",
                "encoder_features"),
    "reconstruction": ("Reconstruction", "reconstruct", "reconstruct_pretrained", "held_out_loss",
                       "average_image_error", "reconstruction_report", "target_verdict", "recognition_report",
                       "mean_colour_error", "pretrained_verdict", "HELD_OUT_SEED"),
    "redundancy": ("neighbour_fill", "mean_colour_fill", "photo_sweep", "mask_ratio_sweep", "sweep_report",
                   "redundancy_verdict", "digits_verdict", "sweep_figure", "MAE_PAPER_MASK_RATIO"),
    "positions": ("interpolate_position_table", "resolution_report"),
    "data_appetite": ("SmallCNN", "train_classifier", "appetite_sweep", "appetite_report"),
    "patchify_exercise": ("check_patchify",),
    "interview": ("interview_answer",),
    "norm_pix": ("brightness_invariance", "patch_statistics", "norm_pix_report", "PatchStatistics"),
    "cost": ("EncoderCost", "encoder_cost", "encoder_costs", "cost_report", "savings_report",
             "vit_b16_parameter_report"),
    "comparison": ("ProbeResult", "probe_table", "linear_probes", "compare", "verdicts"),
    "checkpoint": ("load_tiny_vit", "load_tiny_mae", "checkpoint_or_live", "finetune_rows", "finetune_rows_from_card",
                   "VIT_LONG", "MAE_LONG", "RECIPES"),
    "side_by_side": ("live_vs_checkpoint",),
})
