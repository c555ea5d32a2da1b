"""Lesson 02's interview answer, in English and Chinese, with this run's figures filled in."""

from __future__ import annotations

from ..core import checks


def _numbers(**values) -> dict:
    return {name: checks.real(value, name) for name, value in values.items()}


def interview_answer(*, bert_base_params, gpt3_params, kept_share, kept_gap_se, fill_both, fill_left, fill_gpt,
                     perplexity_gpt, perplexity_bert, copy_without, copy_with) -> str:
    """The 6–10 line answer in both languages. Parameters in units, shares and accuracies as fractions,
    ``kept_gap_se`` the kept share's distance from the rule in standard errors, ``copy_*`` the copier's accuracy."""
    v = _numbers(bert_base_params=bert_base_params, gpt3_params=gpt3_params, kept_share=kept_share,
                 kept_gap_se=kept_gap_se, fill_both=fill_both, fill_left=fill_left, fill_gpt=fill_gpt,
                 perplexity_gpt=perplexity_gpt, perplexity_bert=perplexity_bert, copy_without=copy_without,
                 copy_with=copy_with)
    noise = abs(v["kept_gap_se"]) < 2
    writes = v["perplexity_gpt"] < v["perplexity_bert"]
    english = [
        "Same Transformer block, wired two ways. BERT is an encoder: every token attends to every token, so each",
        "vector reflects the whole sentence. GPT is a decoder: a causal mask lets a token see only the past, so it",
        f"can generate. BERT adds segment embeddings, an embedding LayerNorm and a [CLS] pooler ({v['bert_base_params'] / 1e6:.0f}M for base).",
        f"BERT pre-trains by masked LM (15% chosen; 80/10/10 [MASK]/random/kept, kept {v['kept_share']:.1%} here, "
        f"{'sampling noise' if noise else 'off the rule'}) plus NSP,",
        "which RoBERTa dropped; only 15% of positions are targets, which ELECTRA fixes. GPT predicts every next token.",
        f"Tiny pair at equal compute, this run: BERT fills a hidden word {v['fill_both']:.1%} with both sides, "
        f"{v['fill_left']:.1%} with the right cut off, GPT {v['fill_gpt']:.1%};",
        f"GPT's next-token perplexity {v['perplexity_gpt']:.0f} vs BERT's {v['perplexity_bert']:.0f}"
        f"{' (GPT writes better)' if writes else ' (GPT not better here)'}.",
        f"GPT-3 is GPT-2's architecture plus alternating sparse attention: 96 layers, width 12,288, {v['gpt3_params'] / 1e9:.1f}B, "
        "300B tokens.",
        "BERT is fine-tuned per task ([CLS] head; start/end heads for QA). GPT-3 is prompted zero/one/few-shot with no",
        f"gradient step (a tiny copier here: {v['copy_without']:.0%} -> {v['copy_with']:.0%} with one example); "
        "few-shot it trailed fine-tuned models on WiC and ANLI.",
    ]
    chinese = [
        "同一个 Transformer 模块，两种连接方式。BERT 是编码器：每个 token 关注所有 token，向量包含整句信息；GPT 是解码器：",
        "因果掩码只让 token 看到之前的内容，所以能逐词生成。BERT 另有 segment 嵌入、嵌入层 LayerNorm 和 [CLS] pooler"
        f"（base 版 {v['bert_base_params'] / 1e6:.0f}M 参数）。",
        f"BERT 用掩码语言模型预训练（选 15%；80/10/10 为 [MASK]/随机/保留，本次保留 {v['kept_share']:.1%}，"
        f"{'属抽样误差' if noise else '偏离规则'}）加下一句预测（RoBERTa 已去掉）；",
        "只有 15% 的位置是训练目标，ELECTRA 对此做了改进。GPT 预测每一个下一词。",
        f"本次同算力小模型：BERT 看两侧填词 {v['fill_both']:.1%}，去掉右侧 {v['fill_left']:.1%}，GPT {v['fill_gpt']:.1%}；"
        f"下一词困惑度 GPT {v['perplexity_gpt']:.0f}，BERT {v['perplexity_bert']:.0f}"
        f"{'（GPT 生成更好）' if writes else '（此处 GPT 并不更好）'}。",
        f"GPT-3 沿用 GPT-2 结构，仅各层交替使用稀疏注意力：96 层、宽 12,288、{v['gpt3_params'] / 1e9:.1f}B 参数、3000 亿 token。",
        "BERT 按任务微调（[CLS] 分类头；问答用起止位置头）。GPT-3 用零/单/少样本提示，不更新梯度",
        f"（本次小模型复制任务：无示例 {v['copy_without']:.0%}，一个示例 {v['copy_with']:.0%}）；少样本时在 WiC、ANLI 上不如微调模型。",
    ]
    return "\n".join(["Interview answer (figures from this run where measured; the rest from the papers):", *english, "",
                      "面试回答（凡本次测得的数字均来自本次运行，其余来自论文）：", *chinese])
