"""Lesson 03's interview answer, in English and Chinese, with this run's figures filled in."""

from __future__ import annotations

from .comparison import MAE, MAE_PAPER_VIT_B, VIT, _best


def interview_answer(costs: dict, probes: list, decoder_parts: dict) -> str:
    """The 6–10 line answer; ``costs`` from ``cost.encoder_costs``, ``probes`` the lesson's rows (linear probes plus
    fine-tuned and supervised rows), ``decoder_parts`` from ``cost.mae_b16_parts``."""
    full, masked = next(v for k, v in costs.items() if k.startswith("ViT-B"))
    flop_ratio = full.flops / masked.flops
    decoder = decoder_parts["decoder (8 blocks, width 512)"] / decoder_parts["encoder (ViT-B/16)"]
    linear, tuned = _best(probes, MAE, "linear"), _best(probes, MAE, "fine-tuned")
    vit = _best(probes, VIT, "trained")
    paper_linear, paper_tuned = MAE_PAPER_VIT_B.values()
    english = [
        "ViT is the architecture: cut the image into 16×16 patches, project each linearly, add a class token and",
        "position embeddings, run a Transformer encoder, classify from the class token; trained with labels.",
        "MAE is a way to pre-train that encoder without labels: hide 75% of the patches, encode only the visible",
        f"quarter (here {flop_ratio:.1f}× fewer encoder FLOPs for ViT-B/16), and let a small decoder ({decoder:.0%} of the",
        "encoder's parameters, discarded afterwards) rebuild the hidden pixels. 75%, not BERT's 15%, because",
        "neighbouring patches give a hidden one away; a high ratio forces the encoder to model the object.",
        f"Features: supervised ViT features fit their task (tiny ViT here: {vit:.1%}); MAE's are weak frozen and strong",
        f"fine-tuned (paper, ViT-B: {paper_linear:.1f}% linear probe vs {paper_tuned:.1f}% fine-tuned; tiny MAE here:",
        f"{linear:.1%} vs {tuned:.1%}), and transfer well to detection and segmentation.",
    ]
    chinese = [
        "ViT 是结构：把图像切成 16×16 的图像块，线性投影，加上类别 token 和位置编码，送入 Transformer 编码器，",
        "由类别 token 分类；用标签监督训练。MAE 是无标签预训练这个编码器的方法：遮住 75% 的图像块，编码器只处理",
        f"可见的四分之一（本次 ViT-B/16 编码器计算量减少 {flop_ratio:.1f} 倍），由一个小解码器（参数量为编码器的",
        f"{decoder:.0%}，预训练后丢弃）重建被遮住的像素。遮 75% 而不是 BERT 的 15%，是因为图像冗余：相邻的块会泄露",
        "被遮住的块，高遮挡率迫使编码器理解物体。特征：监督训练的 ViT 特征贴合其任务（本次微型 ViT：",
        f"{vit:.1%}）；MAE 特征冻结时线性探测较弱、微调后很强（论文 ViT-B：线性探测 {paper_linear:.1f}%，微调",
        f"{paper_tuned:.1f}%；本次微型 MAE：{linear:.1%} 对 {tuned:.1%}），并且迁移到检测和分割效果好。",
    ]
    return "\n".join(["Interview answer (figures from this run where measured):", *english, "",
                      "面试回答（数字凡是本次测得的均来自本次运行）：", *chinese])
