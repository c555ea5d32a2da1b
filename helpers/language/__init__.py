"""Lesson 02, BERT vs GPT: one Transformer, two masks, two objectives.

The ideas: ``masks`` (who may attend to whom) · ``objectives`` (masked LM, next-sentence pairs, next
token) · ``masking_noise`` (how far the measured 80/10/10 shares may fall from the rule by chance;
``mlm_exercise`` checks the reader's own corruption) ·
``sizes`` (parameter counts, published architectures built on the meta device) · ``parameter_parts``
(BERT's and GPT's formulas part by part, checked against built models) · ``gpt3_family`` (the paper's
eight sizes built and counted; training-text scale) · ``inputs``
(what BERT and GPT read) · ``fine_tuning`` (the [CLS] and span heads) · ``word_change`` (who sees a changed word) · ``contextual`` (contextual
vectors and a word-order probe on the pretrained MiniLM).
The tiny models trained live: ``vocab`` (compact vocabulary, held-out split) · ``tiny_model`` (the
model, nanoGPT style) · ``training`` · ``language_model`` (one wrapper for tiny and pretrained models)
· ``inference`` (fill a mask, generate) · ``evaluation`` (held-out comparison) · ``verdicts`` (a lead
only beyond sampling noise) · ``checkpoint`` (the
trained checkpoints).
The real models: ``pretrained_fill`` (bert-base-uncased against gpt2 on the same held-out words) ·
``in_context`` (few-shot prompts, measured) · ``pattern_task`` (in-context copying: a tiny copier, the same
test for any causal model) · ``interview`` (the interview answer, with this run's figures).
And ``plots`` · ``widgets``.
"""

from __future__ import annotations

from .._lazy import lazy_api

__getattr__, __dir__, __all__ = lazy_api(__name__, __path__, {
    "masks": ("attention_mask",),
    "objectives": ("mlm_mask", "masking_proportions", "nsp_pairs", "next_token_pairs"),
    "mlm_exercise": ("check_mlm_mask",),
    "masking_noise": ("expected_shares", "standard_error", "share_errors", "seed_spread", "kept_share_verdict"),
    "sizes": ("transformer_params", "bert_params", "ARCHITECTURES", "architecture", "build_on_meta",
              "architecture_table", "format_table", "scale_comparison"),
    "parameter_parts": ("formula_parts", "counted_parts", "parts_table"),
    "gpt3_family": ("GPT3_FAMILY", "TRAINING_DATA", "family_table", "format_family", "data_scale"),
    "inputs": ("bert_input", "gpt2_input"),
    "fine_tuning": ("ClassificationHead", "SpanHead", "best_span", "head_shapes"),
    "word_change": ("position_change", "changed_position", "encoder_change", "decoder_change", "moved_summary", "random_gpt2"),
    "contextual": ("word_vectors", "sense_similarity", "sentence_features", "shuffled_pairs", "bag_of_words"),
    "vocab": ("Vocab", "TextData", "prepare_text"),
    "tiny_model": ("TinyLMConfig", "TinyTransformer", "build_model"),
    "training": ("train_lm", "training_flops", "training_targets", "equal_compute_steps"),
    "language_model": ("LanguageModel", "load_pretrained", "pretrained_language_model"),
    "inference": ("mask_word", "fill_mask", "generate", "answer_logprob"),
    "evaluation": ("compare_held_out", "unigram_perplexity", "side_by_side", "LESSON_WINDOWS"),
    "verdicts": ("accuracy_gap", "lead_words", "column_verdicts"),
    "novels": ("austen_novels", "novels_data", "held_out_data"),
    "checkpoint": ("load_tiny_bert", "load_tiny_gpt", "checkpoints_or_live"),
    "examples": ("example_sentences", "few_shot_prompts", "word_senses"),
    "pretrained_fill": ("RealModels", "load_real_models", "compare_real_models", "real_fill_summary", "REAL_FILL"),
    "in_context": ("few_shot_probabilities", "few_shot_report"),
    "interview": ("interview_answer",),
    "pattern_task": ("COPIER", "repeat_prompts", "train_copier", "copy_accuracy", "weights_snapshot", "same_weights",
                     "copy_verdict", "word_symbols"),
})
