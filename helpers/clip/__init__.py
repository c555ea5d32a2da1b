"""Lesson 01, CLIP's text window: how many words fit in CLIP's 77 token slots.

``text`` (CLIP's tokenizer as the model reads it: the window, counting, fitting, truncating) ·
``text_tower`` (an untrained CLIP's text tower: its shapes, causal mask, end-token pooling,
embedding drift) · ``effective_length`` (one swap placed early or late, caption length fixed) · ``text_costs`` (merged Chinese characters, glued punctuation, measured) · ``slots`` (id 0 is "!"; padding by role) · ``word_boundaries`` (no token crosses a space) · ``pooling`` (what each slot has seen under the causal mask, and why the end token is read) · ``long_context`` (stretching the position table past 77, as Long-CLIP does) · ``budget`` (words per window on real prose, three tokenizers) · ``plots``
(the lesson's figures) · ``widgets`` (the token explorer).
"""

from __future__ import annotations

from .._lazy import lazy_api

__getattr__, __dir__, __all__ = lazy_api(__name__, __path__, {
    "text": ("tokenize", "bpe_tokens", "count_tokens", "words_that_fit", "truncate_to_fit", "decode", "encode",
             "piece_labels", "slot_kinds", "compare_ids", "fit_report", "Fit",
             "CONTEXT_LENGTH", "START_ID", "END_ID", "PAD_ID"),
    "text_tower": ("untrained_clip", "text_tower_facts", "TextTowerFacts", "causal_mask_allowed",
                   "end_token_positions", "padding_effect", "word_prefixes", "embedding_drift"),
    "effective_length": ("position_effect", "PositionEffect", "place_detail", "detail_start_token", "swap_effect"),
    "text_costs": ("han_costs", "HanCosts", "punctuation_inflation"),
    "slots": ("vocabulary_entry", "slot_labels", "pad_with"),
    "word_boundaries": ("encodes_word_by_word", "entries_spanning_words"),
    "pooling": ("content_seen", "slot_states", "slots_changed", "random_windows"),
    "long_context": ("stretch_positions", "attention_cost_ratio"),
    "budget": ("tokens_per_word", "tokens_per_char", "words_fitting_windows", "chars_that_fit", "hapax_words",
               "number_strings", "emoji_strings"),
    "plots": ("token_grid", "mask_heatmap", "distribution", "grouped_bars", "embedding_drift_curves"),
    "widgets": ("token_view", "render_token_html", "token_explorer", "TokenView"),
})
