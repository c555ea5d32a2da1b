# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: rise
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   rise:
#     scroll: true
#     theme: white
#     transition: none
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 02 · BERT vs GPT: two Transformers, understanding vs generation
#
# > **问题 2：** 比较 BERT 和 GPT-3 的模型结构，并分析它们在语言理解和生成任务上的差异？
# >
# > **Question 2:** Compare the architectures of BERT and GPT-3, and analyse how they differ on language
# > understanding and language generation tasks.
#
# The source document's answer: BERT is a stack of Transformer **encoders** in which every position sees
# every other position; its input is the sum of token, segment and position embeddings; it is pre-trained with
# a masked language model (MLM) and next-sentence prediction (NSP). GPT-3 is an **autoregressive** decoder
# that keeps GPT-2's design at a far larger size ("96 layers, 12,288 wide, 175 billion parameters, more than
# 100 times GPT-2") and is used zero-, one- or few-shot, with no gradient updates.
#
# **After this lesson you can explain**
#
# 1. why BERT and GPT are one Transformer block wired two ways, and what the attention mask lets each position see;
# 2. what each reads (BERT: token + segment + position over `[CLS] A [SEP] B [SEP]`; GPT: token + position) and
#    where each model's parameters sit, down to BERT's pooler;
# 3. what each is trained to predict (masked LM with its 80/10/10 rule, next-sentence prediction; the next token),
#    and why that makes GPT the generator and BERT the encoder you fine-tune;
# 4. how BERT is fine-tuned for classification and question answering, and how GPT-3 is used instead without
#    any gradient update (zero-, one- and few-shot), with what the GPT-3 paper found that costs.
#
# **You should know first:** self-attention and the Transformer block (residuals, LayerNorm, MLP), softmax and
# the cross-entropy loss, and what a subword tokenizer does (lesson 01). **Time:** about 60 minutes to read and
# run (the notebook itself runs in under a minute on a laptop CPU; about 20 s with `LIVE_TRAINING = False`).
#
# We check each of these claims by running code: real configurations, the real tokenizers, a real pretrained
# encoder, and a tiny BERT and a tiny GPT that we train here, side by side, on the same text.
#
# The first cell loads the real bert-base-uncased and gpt2 when their weights are reachable (network or local
# cache), and decides within seconds when they are not. Every section works without them; when they are there,
# section 4 uses gpt2, section 6 repeats its held-out comparison with both, and section 8 tries in-context
# learning on gpt2.

# %% slideshow={"slide_type": "skip"}
LIVE_TRAINING = True  # False: skip the live training of section 6 and run from the trained checkpoints (seconds)

import helpers

live = helpers.core.runtime.live_training(LIVE_TRAINING)  # FIVEQ_LIVE_TRAINING=0/1 overrides the switch
hub = helpers.core.pretrained.hub_status()  # decided before any heavy import can wait on the network
real = helpers.language.load_real_models()  # bert-base-uncased and gpt2, or None each, with the reason
helpers.core.runtime.seed_everything(0)
helpers.core.runtime.environment_report(real)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · Same bricks, different wiring
#
# Both families are built from the same Transformer block (self-attention, then an MLP, each with a residual
# connection and LayerNorm). They differ in three places, and the rest of this notebook is about them:
#
# | | BERT | GPT |
# |---|---|---|
# | blocks | encoder | decoder (no cross-attention) |
# | a position may attend to | every position (**bidirectional**) | itself and earlier positions (**causal**) |
# | input | token + **segment** + position embeddings, `[CLS] A [SEP] B [SEP]` | token + position embeddings |
# | tokenizer | WordPiece (30,522 pieces, uncased) | byte-level BPE (50,257 pieces) |
# | pre-training | masked LM (+ NSP) | next-token prediction |
# | natural use | read a text, then classify / tag / match | continue a text; prompts |

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · Architecture from configurations
#
# transformers can build any of these models from its configuration alone. On PyTorch's `meta` device the
# tensors have shapes but no storage, so even GPT-3's 175B parameters cost no memory. We count the
# parameters of each model and compare with a formula: every block has `12·d²` weights (Q, K, V and the
# output projection: `4·d²`; the MLP `d → 4d → d`: `8·d²`) plus `13·d` biases and LayerNorm gains, and the
# embeddings add `(vocab + context)·d`. That is GPT-2's formula; BERT's differs around the blocks, in three places:
#
# - a **segment table** (`2·d`: one vector for sentence A, one for B);
# - a **LayerNorm on the embedding sum** (`2·d`), where GPT-2 (pre-LayerNorm blocks) puts its LayerNorm after the
#   last block instead;
# - a **pooler** (`d² + d`): one dense `d → d` layer with tanh, applied to the final `[CLS]` vector only. BERT
#   pre-trains it through next-sentence prediction, and the original fine-tuning recipe puts the classifier on its
#   output. It is part of `BertModel`, not of the encoder stack, and sentence-embedding models such as MiniLM's
#   sentence-transformers version skip it (they average the token vectors instead).

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Ask the room which of BERT and GPT can write a sentence and which can fill a gap, and why.
# Keep the answers on the board; section 4's masks settle them.

# %% slideshow={"slide_type": "-"}
import inspect

from helpers import language

print(inspect.getsource(language.transformer_params))
print(inspect.getsource(language.bert_params))
rows = language.architecture_table()
print(language.format_table(rows))
exact = [r["model"] for r in rows if r["counted"] == r["formula"]]
print(f"-> the formula equals the parameters counted on the built model for {len(exact)} of {len(rows)} models"
      + ("" if len(exact) == len(rows) else f"; it differs for {', '.join(r['model'] for r in rows if r['model'] not in exact)}"))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Part by part, for the two base models: the closed form of each part beside the parameters counted in the matching
# submodule of transformers' `BertModel` and `GPT2Model` (built on the meta device, no download).

# %% slideshow={"slide_type": "-"}
for name in ("BERT-base", "GPT-2 small"):
    print(language.parts_table(language.architecture(name), language.build_on_meta(language.architecture(name))))

# %% slideshow={"slide_type": "subslide"}
language.plots.parameter_bars(rows)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The `12·L·d²` shortcut alone is close for the big models (embeddings are a small share of 175B) and poor
# for the small ones (BERT-base's 23M embedding weights are a fifth of it). Now the seed's numbers:

# %% slideshow={"slide_type": "-"}
print(language.scale_comparison(rows))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Verdict on the seed.** The layers, the width and the parameter count agree with the configuration (the lines
# above; the paper rounds the count to 175B). "More than 100 times GPT-2" holds against the largest GPT-2 and
# understates it against the 124M GPT-2 most people run (both ratios printed above). "Keeps GPT-2's structure" is
# right with one exception, which the GPT-3 paper itself states (Brown et al., 2020, section 2.1): it uses GPT-2's
# model and architecture, including its modified initialisation, pre-normalisation and reversible tokenisation,
# except that its layers alternate dense attention with locally banded sparse attention, as in the Sparse
# Transformer. The 2,048-token context (GPT-2: 1,024) is a size, like the width, not a new structure. The
# published BERT sizes (110M, 340M) are rounded as well: the counted column gives them to the parameter.
#
# **The GPT-3 family.** The paper trains eight sizes of this one model, from 125M to 175B parameters, all with a
# 2,048-token context and all on the same 300B tokens (its Table 2.1), and most of its results are curves over
# these sizes. Built on the meta device from the table's layers, width and heads, and counted:

# %% slideshow={"slide_type": "-"}
family = language.family_table()
print(language.format_family(family))
worst = max(family, key=lambda r: abs(r["counted"] / r["published"] - 1))
print(f"-> every size comes out within {abs(worst['counted'] / worst['published'] - 1):.1%} of the paper's name "
      f"(furthest: {worst['model']}); the paper's names are rounded counts of the same models")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Two rows of the paper's table cannot hold as printed: GPT-3 XL's 24 heads of 128 do not split a width of 2,048
# (built with 16 heads of 128; the head split does not change the count), and GPT-3 13B's width 5,140 is not its 40
# heads of 128 (built at 5,120). `data/language/gpt3_family.json` records both.
#
# **How much text.** BERT was pre-trained on BooksCorpus (800M words) and English Wikipedia (2,500M words),
# 3.3B words in all (Devlin et al., 2019); every GPT-3 model on 300B tokens sampled from a larger filtered mix of
# Common Crawl, WebText2, two book corpora and Wikipedia (Brown et al., 2020). Words are not tokens, so the cell
# converts BERT's words at the GPT-2 tokenizer's tokens per word on *Lady Susan*, measured here (GPT-3 uses GPT-2's
# tokenizer):

# %% slideshow={"slide_type": "-"}
lady_susan = helpers.core.corpora.austen()
tokens_per_word = len(helpers.core.tokenizers.gpt2_fast()(lady_susan)["input_ids"]) / len(lady_susan.split())
print(language.data_scale(tokens_per_word))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · Inputs: what each model actually reads
#
# BERT reads a **pair** of sentences packed into one sequence: `[CLS] A [SEP] B [SEP]`. Each position's input
# vector is the sum of three learned vectors: its token, its segment (A or B) and its position. Here is a real
# pair through the real WordPiece tokenizer, looked up in the pretrained MiniLM encoder's embedding tables.
#
# **Which model "MiniLM" is.** It is all-MiniLM-L6-v2, the one pretrained encoder that installs offline, used
# throughout this notebook. It has BERT's architecture and input (6 layers, width 384, WordPiece, the three
# embedding tables), but it is not a plain BERT: it was distilled from a larger BERT-family model (MiniLM, Wang et
# al., 2020) and then fine-tuned contrastively on about a billion sentence pairs to produce sentence embeddings
# (sentence-transformers). Its structure shows what BERT's is; what its vectors encode comes from distillation
# and contrastive fine-tuning, not from masked-LM pre-training alone.

# %% slideshow={"slide_type": "-"}
example = language.example_sentences()  # the lesson's example sentences, from data/language/examples.json
pair = language.bert_input(*example["bert_pair"])
print("tokens     ", pair.tokens)
print("segment ids", pair.segment_ids)
print("positions  ", pair.positions)
gap = (pair.summed - pair.model_embeddings).abs().max().item()
print(f"LayerNorm(token + segment + position) vs the encoder's own embedding layer: max difference {gap:.1e}")
language.plots.embedding_rows(pair.tokens, pair.segment_ids, "BERT: token + segment + position, summed per position")

# %% [markdown] slideshow={"slide_type": "subslide"}
# GPT reads one stream of byte-level BPE pieces with token and position embeddings only: no `[CLS]`, no
# `[SEP]`, no segments (GPT-2's configuration has no segment table at all). A leading space is part of the
# piece (shown as ␣), and any byte sequence can be encoded, so GPT has no unknown token. The same words:

# %% slideshow={"slide_type": "-"}
same_text = " ".join(example["bert_pair"])
pieces, gpt_ids = language.gpt2_input(same_text)
print(list(zip(pieces, gpt_ids)))
n_wordpiece = len(helpers.core.tokenizers.get("bert").encode(same_text))
print(f"GPT-2 BPE: {len(pieces)} pieces; BERT WordPiece: {n_wordpiece} pieces + 3 specials")
gpt2_meta = language.build_on_meta(language.architecture("GPT-2 small"))
print("GPT-2's embedding tables:", [n for n, _ in gpt2_meta.named_children() if n in ("wte", "wpe")],
      "- segment table:", hasattr(gpt2_meta, "token_type_embeddings"))
language.plots.embedding_rows(pieces, None, "GPT: token + position only")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · Attention masks: who may look at whom
#
# The single most important difference is one boolean matrix. In BERT every position attends to every
# position; in GPT position *i* attends only to positions 0..*i*, so it cannot see the words it is supposed
# to predict.

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Draw the two masks by hand first (a full square, a lower triangle). Everything after this
# slide follows from that one difference.

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(language.attention_mask))
words = example["mask_words"].split()
masks = {"bidirectional (BERT)": language.attention_mask("bidirectional", len(words)),
         "causal (GPT)": language.attention_mask("causal", len(words))}
language.plots.mask_heatmaps(masks, words)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **An experiment.** Change one word late in a sentence and measure how far each position's final hidden
# state moves. In a bidirectional encoder (the real pretrained MiniLM) every position should move, including
# the ones *before* the change. In a causal decoder only the changed position and those after it can move:
# the earlier ones are bit-for-bit identical. The causal property comes from the mask, not from training, so a
# GPT-2-architecture decoder with random weights shows it as well as a trained one (we repeat it on our
# trained tiny GPT in section 6).

# %% slideshow={"slide_type": "-"}
before, after = example["changed_word"]["before"], example["changed_word"]["after"]
enc_tokens, enc_change, enc_at = language.encoder_change(before, after)
decoder = real.gpt.model if real.gpt is not None else language.random_gpt2()
decoder_name = real.gpt.name if real.gpt is not None else "GPT-2 architecture, random weights"
dec_tokens, dec_change, dec_at = language.decoder_change(before, after, decoder, helpers.core.tokenizers.gpt2_fast())
print(language.moved_summary("MiniLM", enc_change, enc_at, largest=True))
print(language.moved_summary("GPT   ", dec_change, dec_at, largest=True))
enc_moved, dec_moved = int((enc_change[:enc_at] > 1e-6).sum()), int((dec_change[:dec_at] > 1e-6).sum())
print(f"-> earlier positions moved: encoder {enc_moved} of {enc_at}, decoder {dec_moved} of {dec_at}: "
      + ("as the two masks predict" if enc_moved == enc_at and dec_moved == 0 else "not what the two masks predict"))
language.plots.position_changes([("bidirectional encoder (pretrained MiniLM): 'house' → 'room'",
                                  enc_tokens, enc_change.tolist(), enc_at),
                                 (f"causal decoder ({decoder_name})", dec_tokens, dec_change.tolist(), dec_at)])

# %% [markdown] slideshow={"slide_type": "subslide"}
# This is why a causal model can **generate** cheaply (earlier positions never need recomputing when a token is
# appended, which is what a KV cache exploits) and why a bidirectional model **understands** each word in the
# light of the whole sentence, including what comes after it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5 · Objectives: what each model is trained to predict
#
# **Masked LM (BERT).** Choose 15% of the tokens; of those, replace 80% by `[MASK]`, 10% by a random token,
# and keep 10% unchanged; predict the original token at every chosen position. The random and kept cases
# stop the model from learning that only `[MASK]` positions matter (`[MASK]` never appears at fine-tuning
# time). The helper is short enough to read (its argument checks and the lookup of special ids sit in small
# functions beside it):

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(language.mlm_mask))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Measured on the whole of *Lady Susan* (Jane Austen, public domain) tokenized with the real WordPiece
# tokenizer, with `[CLS]`/`[SEP]` every sentence (they are never chosen):

# %% slideshow={"slide_type": "-"}
import torch

bert_tok = helpers.core.tokenizers.bert_fast()
sentences = helpers.core.corpora.austen_sentences()
encoded = bert_tok(sentences, add_special_tokens=True)["input_ids"]
stream = torch.tensor([i for ids in encoded for i in ids])
specials = (bert_tok.cls_token_id, bert_tok.sep_token_id, bert_tok.pad_token_id)
inputs, labels = language.mlm_mask(stream, len(bert_tok), specials, bert_tok.mask_token_id,
                                   generator=torch.Generator().manual_seed(0))
props = language.masking_proportions(stream, inputs, labels, bert_tok.mask_token_id, specials)
print(f"{len(stream):,} tokens, {props['eligible']:,} eligible, {props['chosen']:,} chosen")
spread = language.seed_spread(stream, len(bert_tok), specials, bert_tok.mask_token_id, seeds=20)
print(language.kept_share_verdict(props, len(bert_tok), spread))
language.plots.proportion_bars({"chosen": props["chosen_fraction"], "[MASK]": props["mask_fraction"],
                                "random": props["random_fraction"], "kept": props["kept_fraction"]},
                               {"chosen": 0.15, "[MASK]": 0.8, "random": 0.1, "kept": 0.1},
                               "Masked-LM corruption on Lady Susan: the rule vs what mlm_mask did")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Every share is a count of random draws, so it scatters around the rule: with `n` draws of probability `p` the
# standard error is `√(p·(1 − p)/n)`, printed beside each share, and the spread over 20 seeds (the same text,
# only the seed changed) shows the scatter directly. The rule's own "kept" share is a hair above 10%: a random
# replacement is uniform over the 30,522 pieces, so one time in 30,522 it draws the original token back. That
# adds 0.0003 points, far below the standard error, so the measured gap from 10% (either way) is sampling noise,
# as the verdict line says. One corrupted sentence, as the model sees it:

# %% slideshow={"slide_type": "-"}
first = len(encoded[0]) + len(encoded[1])
span = slice(first, first + len(encoded[2]))
print("original: ", " ".join(bert_tok.convert_ids_to_tokens(stream[span])))
print("input:    ", " ".join(bert_tok.convert_ids_to_tokens(inputs[span])))
print("targets:  ", " ".join(bert_tok.convert_ids_to_tokens([t]) [0] if t != -100 else "·" for t in labels[span].tolist()))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Next-sentence prediction (BERT).** Half of the pairs are a sentence and the one that follows it
# (`IsNext`), half a sentence and a random one (`NotNext`); the `[CLS]` vector is trained to tell them apart.
# Later work dropped it: RoBERTa (Liu et al., 2019) found that removing NSP matches or slightly improves
# downstream results, and ALBERT (Lan et al., 2020) replaced it with a harder sentence-order task.

# %% slideshow={"slide_type": "-"}
for a, b, is_next in language.nsp_pairs(sentences, 4, seed=1):
    print(f"[{'IsNext ' if is_next else 'NotNext'}] A: {a[:70]}\n          B: {b[:70]}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Next-token prediction (GPT).** Every position predicts the token after it: the targets are the inputs
# shifted by one. Every token is a training target (not 15%), and the causal mask makes it a fair test.

# %% slideshow={"slide_type": "-"}
gpt_tok = helpers.core.tokenizers.get("gpt2")
ids = gpt_tok.encode(sentences[2])[:10]
x, y = language.next_token_pairs(ids)
for a, b in zip(gpt_tok.labels(x), gpt_tok.labels(y)):
    print(f"{a!r:>14} -> {b!r}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6 · Understanding vs generation: trained live, and trained longer
#
# No pretrained BERT with its MLM head and no pretrained GPT-2 install offline, so we train our own: a tiny
# BERT and a tiny GPT (with the real weights loaded, the section ends with the same comparison on
# bert-base-uncased and gpt2). They are **the same class** (`language.TinyTransformer`: pre-LayerNorm blocks as in
# GPT-2) with the same width, depth, heads, context and vocabulary; they see the same windows of text and get
# the **same compute budget**. Two things differ, exactly as in the real models: the attention mask (the
# `attention_mask` helper of section 4 is what the model calls) and the objective (masked LM with `mlm_mask`
# at 15%, or next token). A masked-LM step is cheaper (its output layer runs only on the corrupted 15%), so at
# equal compute the tiny BERT takes more steps; `language.training_flops` counts them with the usual
# 6 × parameters × tokens rule.
#
# Each pair comes in two versions:
#
# - **live**: trained in this notebook, on *Lady Susan* alone, for a few seconds each, so that you can watch
#   a loss fall (set `LIVE_TRAINING = False` in the first cell to skip it);
# - **checkpoint**: the same code with a bigger configuration, trained for minutes by `make checkpoints` on
#   Austen's six novels plus *Lady Susan*'s training part (about 740,000 words), and loaded here from
#   `data/checkpoints/` (its card, printed below, says how it was trained).
#
# Both versions are scored on the same held-out text: the last 10% of *Lady Susan*, which no model ever
# trains on. Both use the real WordPiece tokenizer, with the vocabulary cut down to the pieces seen in the
# training text (so that the output layer is small enough to train on a CPU).
#
# One deliberate change from BERT and GPT-2: positions enter as **ALiBi** distance penalties in attention
# (Press et al., 2022; MosaicBERT uses them for BERT) instead of learned position vectors. In trials while
# writing this lesson, with learned positions the masked model never got past predicting word frequencies in
# the live budget: a masked position gets nothing from its own input and must first discover, through
# attention, that its neighbours matter, and learned positions take far longer to find that. The causal model
# learns either way, because the previous token sits in its own residual stream. To see it yourself, train
# with `language.TinyLMConfig(positions="learned")` (about as long again as the cell below).

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** With live training off the checkpoints load in seconds; turn it on only if the class should
# watch a loss fall (about half a minute). Read the verdicts from the screen: they are printed from this run.

# %% slideshow={"slide_type": "-"}
data = language.prepare_text(held_out=0.1)
config = language.TinyLMConfig()
print(config)
print(f"vocabulary: {len(data.vocab):,} pieces; training tokens: {len(data.train):,}; held-out tokens: {len(data.test):,}; "
      f"[UNK] in held-out: {(data.test == data.vocab.unk_id).float().mean():.1%}")

# %% slideshow={"slide_type": "subslide"}
bert_steps = language.equal_compute_steps(config, len(data.vocab))
flops = {kind: language.training_flops(kind, config, len(data.vocab)) for kind in ("masked", "causal")}
print(f"training FLOPs per step: masked {flops['masked'] / 1e9:.2f} G, causal {flops['causal'] / 1e9:.2f} G "
      f"-> tiny GPT {config.steps} steps, tiny BERT {bert_steps} steps")
tiny_bert = tiny_gpt = None
if live:
    tiny_bert = language.train_lm("masked", data, config, seed=0, steps=bert_steps)
    tiny_gpt = language.train_lm("causal", data, config, seed=0)
    targets = {"tiny BERT": language.training_targets("masked", config, bert_steps),
               "tiny GPT": language.training_targets("causal", config)}
    for model, name in ((tiny_bert, "tiny BERT"), (tiny_gpt, "tiny GPT")):
        print(f"{name:9}: {model.n_params:,} parameters, trained in {model.train_seconds:.1f} s, "
              f"about {targets[name]:,.0f} training targets")
    fig = language.plots.training_curves({"tiny BERT (masked LM), live": tiny_bert, "tiny GPT (causal LM), live": tiny_gpt})
else:
    fig = None
    print("LIVE_TRAINING is off: the live training is skipped; everything below uses the trained checkpoints")
fig

# %% [markdown] slideshow={"slide_type": "subslide"}
# The two losses are not directly comparable: BERT's is measured on the 15% of corrupted tokens with
# context on both sides, GPT's on every token with context on one side.
#
# Now the checkpoints. If a file is missing or corrupt, the line below says so and the lesson goes on with
# the live models instead (every figure below names the models it comes from).

# %% slideshow={"slide_type": "-"}
trained = language.checkpoints_or_live(tiny_bert, tiny_gpt)
bert, gpt = trained.bert, trained.gpt
print(trained.message)
if trained.from_checkpoint:
    ckpt_config = bert.model.config
    print(f"checkpoint configuration: width {ckpt_config.d_model}, {ckpt_config.n_layer} layers, {ckpt_config.n_head} heads, "
          f"context {ckpt_config.block_size}, vocabulary {bert.card.config['vocab_size']:,} pieces; "
          f"{bert.n_params:,} parameters each; {bert.card.recipe['compute']}")
    print(f"[UNK] in held-out with the checkpoints' vocabulary: {(trained.data.test == bert.vocab.unk_id).float().mean():.1%}")
which = "checkpoint" if trained.from_checkpoint else "live model"

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Live model and checkpoint, side by side** on the same held-out windows of *Lady Susan* (the same targets
# for every column): top-1 accuracy of filling a hidden whole word, and the GPT's next-token perplexity.

# %% slideshow={"slide_type": "-"}
scores = {"checkpoint" if trained.from_checkpoint else "live (fallback)":
          (language.compare_held_out(bert, gpt, trained.data, **language.LESSON_WINDOWS), bert, gpt)}
if live and trained.from_checkpoint:
    scores = {"live": (language.compare_held_out(tiny_bert, tiny_gpt, data, **language.LESSON_WINDOWS), tiny_bert, tiny_gpt),
              **scores}
elif not live:
    scores = {"live": None, **scores}
print(language.side_by_side(scores))
print("\n".join(language.column_verdicts(scores)))
comparison = next(reversed(scores.values()))[0]  # the analyses below use the checkpoint (or the fallback)
same_vocabulary = gpt.card.metrics.get("held_out_perplexity_live_recipe_same_vocabulary") if gpt.card else None
if same_vocabulary:
    print(f"like with like: the live GPT recipe trained over the checkpoint's vocabulary reaches perplexity "
          f"{same_vocabulary:.0f} on the same windows (measured by `make checkpoints`, in the card), the checkpoint "
          f"GPT {comparison.perplexity('gpt'):.0f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The two columns' perplexities are over different vocabularies, so they do not compare directly: the live
# models know only the pieces seen twice in *Lady Susan*'s training part (a rarer word is `[UNK]`, an easy
# target), the checkpoints the pieces seen five times in seven books (both counts and `[UNK]` shares are
# printed above), so the checkpoint GPT has more, and rarer, words to tell apart. The like-with-like line
# under the table trains the live recipe over the checkpoint's vocabulary instead. The top-1 rows count whole
# words in both vocabularies and compare directly.
#
# From here on, every figure comes from the **checkpoint** pair (unless the line above said it fell back to
# the live models).
#
# **(a) Filling a masked word when the decisive context is on the right.** In *Lady Susan* a title comes
# before a name: "Lady Susan", "Mrs. Vernon", "Sir James". Mask the title and only the name after it says
# which title it was. The causal model's answer cannot change with the right side, by construction; the
# masked model's can:

# %% slideshow={"slide_type": "-"}
for sentence in example["title_prompts"]:
    row = [f"{model.name}: " + ", ".join(f"{w} {p:.0%}" for w, p in language.fill_mask(sentence, model, 3))
           for model in (bert, gpt)]
    print(f"{sentence:38} {row[0]:44} {row[1]}")
titles = [language.fill_mask(s, bert, 1)[0][0] for s in example["title_prompts"]]
print(f"\nthe {which} BERT's first guesses: {', '.join(titles)} "
      f"({'a different title for each name' if len(set(titles)) == len(titles) else 'not a different title for each name'})")
gpt_fills = [language.fill_mask(s, gpt, 3) for s in example["title_prompts"]]
print(f"the {which} GPT's three answers are {'identical' if all(f == gpt_fills[0] for f in gpt_fills) else 'NOT identical'}, "
      "whatever name follows the mask")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The GPT's answer cannot depend on the name after the mask, because it never sees it; the last line above checks
# that its three answers came out identical, and the line before it whether the BERT picked a different title
# for each name.
#
# Now the same question on every kind of word, measured on held-out windows: hide one word, ask for it back
# (top-1 among whole words). Three readers: the tiny BERT with both sides, **the same BERT with everything
# right of the mask cut off**, and the tiny GPT (which reads only the left by construction). The gap between
# the first two is what the right-hand context is worth to BERT. Near the start of a window there is almost no
# left context, so there the decisive context lies to the right.

# %% slideshow={"slide_type": "-"}
early = range(1, 8)
for reader, label in (("bert_both", "tiny BERT, both sides"), ("bert_left", "tiny BERT, right side cut off"),
                      ("gpt", "tiny GPT, left side only")):
    print(f"{label:30} accuracy {comparison.accuracy(reader):6.1%} overall, "
          f"{comparison.accuracy(reader, early):6.1%} with < 8 tokens on the left")
right_side = language.accuracy_gap(comparison, "bert_both", "bert_left")
print(f"\nthe {which} BERT with both sides {language.lead_words(*right_side, ahead='beats', behind='trails')} "
      f"itself with the right side cut off: that is what the right side is worth to it")
print(f"the {which} BERT with both sides {language.lead_words(*language.accuracy_gap(comparison, 'bert_both', 'gpt'))} "
      f"the {which} GPT")
print(f"the same targets scored by probability (perplexity, lower is better; less noisy than top-1): BERT "
      f"{comparison.perplexity('bert_both'):.0f} with both sides, {comparison.perplexity('bert_left'):.0f} with the right cut off")
language.plots.accuracy_by_position(comparison, f"Filling a held-out word ({which}s): what each model can read")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read the numbers above for what they are (top-1 accuracy on a few hundred held-out words moves by a couple
# of points from one sample to another; the perplexity line uses every target's probability). Cutting off the
# right side shows how much BERT relies on it. The comparison *between* the models is not only about
# context: for the same compute the causal model is trained on every token, the masked model on 15% of them,
# so the GPT gets several times as many training targets. When the budget is small (the live column: one short
# novel, seconds of training) those extra targets can outweigh the BERT's extra context; with more text and more
# steps (the checkpoint column) the BERT has more chance to learn to use both sides. Which way each column fell in
# this run, and whether the gap is more than sampling noise, is printed under the table. The sample inefficiency of
# masked-LM training is real at every scale; it is what later designs such as ELECTRA (which learns from
# every token) set out to fix. At BERT's scale bidirectional encoders won the "understanding" benchmarks
# (GLUE, SQuAD) against left-to-right models of equal size, which is the comparison the seed has in mind.
#
# **The same comparison with the real models.** With the pretrained weights, bert-base-uncased (110M
# parameters) and gpt2 (124M) fill held-out words of the same *Lady Susan* tail. Their vocabularies differ
# (uncased WordPiece, cased byte-level BPE), so the comparison is made fair word by word: a target is a
# lower-case word that is one piece for both tokenizers, both models choose among the same such words (about
# 14,000), and both read the same words on the left (BERT, in one of its two readings, as many on the right).
# Thirty-two words keep the cell to seconds on a CPU, so top-1 moves by several points from one sample to another.
# Without the weights the cell says what it would measure.

# %% slideshow={"slide_type": "-"}
if real.available:
    print(language.real_fill_summary(language.compare_real_models(real.bert, real.gpt, **language.REAL_FILL)))
else:
    print(helpers.language.pretrained_fill.offline_note())

# %% [markdown] slideshow={"slide_type": "subslide"}
# **(b) Generating a continuation.** GPT was trained for exactly this: sample a next token, append it,
# repeat. BERT has no next-token head; the only way to make it write is to append `[MASK]`, fill it, append
# another, and so on, which asks it a question it never trained on (a mask with nothing to its right).
# Perplexity on held-out text with left context only measures how well each does this; BERT's pseudo-
# perplexity (each token masked in turn, both sides visible) is shown for contrast, but it answers an easier
# question and is not comparable.

# %% slideshow={"slide_type": "-"}
import time

print(f"next-token perplexity ({which}s), left context only:  GPT {comparison.perplexity('gpt'):7.1f}   "
      f"BERT ([MASK] at the end) {comparison.perplexity('bert_left'):7.1f}")
print(f"BERT pseudo-perplexity (both sides):  {comparison.perplexity('bert_both'):7.1f}")
print(f"(a model that knows only word frequencies scores {language.unigram_perplexity(trained.data):.1f})")
prompt = example["generation_prompt"]
for model in (gpt, bert):
    t0 = time.perf_counter()
    text = language.generate(prompt, model, n_tokens=24, temperature=0.8, top_k=20, seed=0)
    print(f"\n{model.name} ({(time.perf_counter() - t0) * 1000 / 24:.1f} ms/token): {prompt} {text}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Judge the continuations yourself, remembering that these models have a few million parameters at most and have
# read a few novels for minutes. What the numbers show is the shape of the trade-off. The causal model's
# next-token distribution is exactly what it was trained to produce, and sampling from it is one forward pass
# per token (with a KV cache, only the new position). The masked model has to be coaxed with a `[MASK]` that
# has nothing to its right, a situation it met only at window ends, and it needs a full pass over the
# whole sequence for every new token, since appending a token changes every earlier position's state.
#
# The attention-mask experiment of section 4, repeated on our two trained models:

# %% slideshow={"slide_type": "-"}
before_ids, after_ids = bert.encode(before), bert.encode(after)
at = language.changed_position(before_ids, after_ids)
panels = []
for model in (bert, gpt):
    change = language.position_change(model.hidden_states(before_ids)[-1], model.hidden_states(after_ids)[-1])
    print(language.moved_summary(model.name, change, at))
    panels.append((f"{model.name} (trained here)", model.labels(before_ids), change.tolist(), at))
language.plots.position_changes(panels)

# %% [markdown] slideshow={"slide_type": "subslide"}
# What this section measured, in one place (every figure printed above, from this run):

# %% slideshow={"slide_type": "-"}
print(f"tiny BERT vs tiny GPT ({which}s), {bert.n_params:,} parameters each, same FLOPs")
print(f"  masked-word accuracy, both sides / right cut off / GPT: {comparison.accuracy('bert_both'):.1%} / "
      f"{comparison.accuracy('bert_left'):.1%} / {comparison.accuracy('gpt'):.1%}")
print(f"  next-token perplexity (left context only): GPT {comparison.perplexity('gpt'):.0f}, "
      f"BERT {comparison.perplexity('bert_left'):.0f}; word-frequency baseline {language.unigram_perplexity(trained.data):.0f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7 · What "understanding" buys: contextual embeddings
#
# A bidirectional encoder gives every token a vector that depends on the whole sentence. The word "bank" has
# one input embedding, but after six layers of the pretrained MiniLM its vector next to a river can differ from
# its vector next to money; the cell prints whether the vectors group by sense. (Read these figures as MiniLM's: a distilled BERT-family encoder fine-tuned
# contrastively for sentence embeddings. They show what a bidirectional encoder can carry; they are not a
# measurement of what BERT's masked-LM pre-training alone produces.)

# %% slideshow={"slide_type": "-"}
from helpers.core import probes

word, bank_sentences, senses = language.word_senses()  # three river banks, three money banks
contextual = probes.cosine_matrix(language.word_vectors(bank_sentences, word))
static = probes.cosine_matrix(language.word_vectors(bank_sentences, word, layer=0))
by_sense = language.sense_similarity(contextual, senses)
print(f"input embedding (layer 0): every pair {language.sense_similarity(static, senses)['all']:.2f} "
      "(the same vector up to position)")
print(f"last layer: same sense {by_sense['same']:.2f}, different sense {by_sense['different']:.2f} -> "
      + ("the vectors group by sense" if by_sense["same"] > by_sense["different"] else "the vectors do not group by sense"))
language.plots.similarity_heatmap(contextual, bank_sentences, f"MiniLM's vector for '{word}', cosine similarity (last layer)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **A linear probe.** Freeze the encoder, take its sentence embedding, and train only a logistic regression
# on top. Task: tell a real *Lady Susan* sentence from the same sentence with its words shuffled. A bag of
# words sees exactly the same words in both, so it cannot beat chance; word order is visible only to a model
# that reads tokens in context. The sentence embedding is MiniLM's mean-pooled output, the vector its contrastive
# fine-tuning trained, so the score is that of a sentence-embedding model built on BERT's architecture.

# %% slideshow={"slide_type": "-"}
probe_sentences = [s for s in sentences if 6 <= len(s.split()) <= 20][::2][:160]  # spread over the book
texts, targets = language.shuffled_pairs(probe_sentences, seed=0)
split = len(texts) // 2  # first half of the book for training, second half for testing
features = language.sentence_features(texts)
bow_train, vocabulary = language.bag_of_words(texts[:split])
bow_test, _ = language.bag_of_words(texts[split:], vocabulary)
probe = {"bag of words": probes.linear_probe(bow_train, targets[:split], bow_test, targets[split:]),
         "MiniLM features": probes.linear_probe(features[:split], targets[:split], features[split:], targets[split:])}
print(f"{split} training texts, {len(texts) - split} test texts, half of them shuffled")
for name, accuracy in probe.items():
    print(f"  linear probe on {name:16} test accuracy {accuracy:.1%}")
probe_n = len(texts) - split
probe_se = (probe["MiniLM features"] * (1 - probe["MiniLM features"]) / probe_n + 0.25 / probe_n) ** 0.5
print(f"-> the probe on MiniLM's features {language.lead_words(probe['MiniLM features'] - probe['bag of words'], probe_se)} "
      "the probe on a bag of words, which sees the same words in both versions")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 8 · Zero-, one- and few-shot: learning from the prompt
#
# GPT-3's paper evaluates without fine-tuning: the task is described in the prompt, followed by zero, one or
# a few solved examples, and the model simply continues the text. No gradient is computed and no weight
# changes: whatever "learning" happens is in the activations, for this one prompt (in-context learning).
# It works only at scale: the paper shows few-shot gains growing with model size, small at 125M and large
# at 175B.

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Stress that no weight changes here: the check cell proves it. Ask what, then, did the
# learning.

# %% slideshow={"slide_type": "-"}
prompts, answer = language.few_shot_prompts()  # from data/language/few_shot.json
for n, p in prompts.items():
    print(f"--- {n}-shot prompt ---\n{p}\n")

# %% slideshow={"slide_type": "subslide"}
print(language.few_shot_report(prompts, answer, gpt))  # the tiny GPT checkpoint (or the live one, if it is missing)
if real.gpt is not None:
    print(language.few_shot_report(prompts, answer, real.gpt))
else:
    print("gpt2 (124M) needs the pretrained weights (not loaded); with them this cell runs the same prompts through it "
          "and measures whether its probability of the answer grows with solved examples")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The first report is our tiny GPT's: it has read a few novels for minutes, it may read ">" as `[UNK]` (a piece
# Austen never wrote is not in its small vocabulary), and the GPT-3 paper found that in-context learning grows
# with model size, so expect little from it; its verdict line says what adding examples did.
# gpt2, when loaded, is the 124M model of the same family, about 1,400 times smaller than GPT-3; its verdict
# line says whether its probability of the answer grew with the examples. One prompt is a single measurement,
# not a benchmark; the numbers are what each model does with it, and nothing here is tuned to look better.
#
# **A pattern task a tiny model can do.** Antonyms need knowledge a tiny model lacks, so here is a task whose
# answer is in the prompt itself: a random sequence of five symbols, written out once, twice or four times;
# the model must continue the last copy. With no earlier copy the sequence cannot be known (chance); with one,
# every symbol is in the prompt. Each prompt's sequence is new, so a model that gets it right learned it from
# the prompt. The lesson's tiny GPT, trained on novels, takes the test on its 300 most frequent words of three letters or more; a second
# tiny GPT of the same class (`TinyTransformer`, 2 layers, width 32), trained here for about a second on
# repeated random sequences, takes it on its 16 symbols. What that one learns in training is a rule (what came
# one period back comes again), never the test's sequences. Every weight is copied before the test and
# compared after it.

# %% slideshow={"slide_type": "-"}
copier_start = time.perf_counter()
copier = language.train_copier(vocab_size=16, period=5, seed=0)
copier_seconds = time.perf_counter() - copier_start
snapshots = {"copier": language.weights_snapshot(copier), "novels": language.weights_snapshot(gpt.model)}
copy_scores = {"copier": language.copy_accuracy(lambda ids: copier(ids).logits, torch.arange(16), seed=1)}
novel_symbols = language.word_symbols(gpt, 300)
copy_scores["novels"] = language.copy_accuracy(gpt.logits, novel_symbols, n=64, seed=1)
print(language.copy_verdict(f"tiny GPT trained {copier_seconds:.1f} s on repeated sequences", copy_scores["copier"], 1 / 16))
print(language.copy_verdict(f"{gpt.name} (trained on novels)", copy_scores["novels"], 1 / len(novel_symbols)))
unchanged = language.same_weights(snapshots["copier"], copier) and language.same_weights(snapshots["novels"], gpt.model)
print(f"every weight of both models after the test equals its copy from before: {unchanged}")
if real.gpt is not None:
    gpt2_scores = language.copy_accuracy(real.gpt.logits, language.word_symbols(real.gpt, 300), n=32, seed=1)
    print(language.copy_verdict("gpt2 (124M, pretrained)", gpt2_scores, 1 / 300))
else:
    print("gpt2 (124M) needs the pretrained weights (not loaded); with them this cell gives it the same copy test on 300 of its words")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Copying from the context is the simplest in-context skill, and in Transformers it has a known mechanism
# ("induction heads", Olsson et al., 2022): one head finds where the current token appeared before, another
# copies what followed it. Whether a model has it depends on what it was trained on; the lines above say which of
# these two models learned it. GPT-3's abilities are the same kind of thing at scale: rules learned in
# pre-training, applied to content that only the prompt supplies.
#
# **Verdicts on the seed's two broader claims** (published figures, from the GPT-3 paper, Brown et al., 2020):
#
# - *GPT-3 "performs well even when distributions differ"*: **partly.** Few-shot GPT-3 is strong on many tasks it
#   was never fine-tuned for (on closed-book TriviaQA it beat the fine-tuned models of the time), but it trailed
#   fine-tuned models on others, and the paper names its weak spot: comparing two sentences or snippets. On WiC
#   (is a word used in the same sense in two sentences?) few-shot GPT-3 scores 49.4%, where chance is 50% and
#   fine-tuned models scored well above it; on ANLI (adversarial entailment, three classes) it stays close to
#   chance in most settings. The paper also checks its test sets for
#   overlap with the training crawl, because "different distribution" is hard to guarantee for a model that read
#   so much of the web.
# - *GPT-3 is "the basis for one model for all tasks"*: **as a direction, yes; GPT-3 itself, no.** One set of
#   weights answered every task of the paper from prompts alone, which is what made the idea credible, but on
#   several benchmarks (the two above among them) the specialised fine-tuned models were better. Later
#   instruction-tuned decoder-only models went much further towards one model for many tasks; section 9 says
#   where encoders still win.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 9 · What an interview also asks
#
# **How BERT is fine-tuned.** Pre-training gives an encoder; a task adds a small head on its output and then
# trains *every* weight, encoder included, on labelled examples for a few epochs (Devlin et al., 2019). Two heads
# cover most of the paper's tasks. For classifying a sentence or a pair (sentiment, entailment, paraphrase), the
# final `[CLS]` vector goes through the pooler of section 2 and a linear layer to one logit per class. For
# extractive question answering (SQuAD), the input is `[CLS] question [SEP] passage [SEP]`, and one linear layer
# `d → 2` gives every position a start and an end logit; the answer is the passage span `i..j` with the highest
# `start[i] + end[j]`. The shapes, on the tiny BERT (its heads fresh and untrained, so only the shapes mean
# anything; the tiny BERT has no segment table, the real one adds A/B segment vectors here):

# %% slideshow={"slide_type": "-"}
qa = example["qa_pair"]
question_ids, passage_ids = bert.encode(qa["question"]), bert.encode(qa["passage"])
qa_ids = [bert.vocab.cls_id, *question_ids, bert.vocab.sep_id, *passage_ids, bert.vocab.sep_id]
print(" ".join(bert.labels(qa_ids)))
with torch.no_grad():
    qa_hidden, _ = bert.model.encode(torch.tensor([qa_ids]))
print("\n".join(language.head_shapes(qa_hidden, n_classes=3, first=len(question_ids) + 2)))
print(f"the encoder under both heads: {bert.n_params:,} parameters, all of them updated by fine-tuning")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Why masked LM is sample-inefficient, and ELECTRA's answer.** A masked LM is scored only at the positions it
# corrupted: 15% of the tokens per pass, while a causal LM is scored at every position. At equal compute BERT
# therefore learns from far fewer targets (section 6's tiny pair, printed below, and section 2's data scale).
# ELECTRA (Clark et al., 2020) keeps the bidirectional encoder and changes the task to *replaced-token
# detection*: a small masked-LM generator fills the masked slots with plausible tokens, and the encoder
# (a discriminator) says for **every** position whether its token is original or replaced. Its paper reports a
# small model trained on one GPU for four days that beats GPT (trained with 30× more compute) on GLUE, and a large
# one that matches RoBERTa and XLNet with under a quarter of their compute.

# %% slideshow={"slide_type": "-"}
tiny_targets = {kind: language.training_targets(kind, config, steps)
                for kind, steps in (("masked", bert_steps), ("causal", config.steps))}
print(f"one pass over Lady Susan ({props['eligible']:,} positions): masked LM scores {props['chosen']:,} of them "
      f"({props['chosen_fraction']:.1%}); next-token prediction and ELECTRA's detector score all {props['eligible']:,}")
print(f"section 6 at equal compute: tiny BERT {tiny_targets['masked']:,.0f} targets in {bert_steps} steps, tiny GPT "
      f"{tiny_targets['causal']:,.0f} in {config.steps} steps ({tiny_targets['causal'] / tiny_targets['masked']:.1f}x as many)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **What happened to NSP.** RoBERTa (Liu et al., 2019) trained BERT longer, on more text, with bigger batches and
# without NSP, and found that dropping NSP matched or slightly improved downstream results; ALBERT (Lan et al.,
# 2020) replaced it with sentence-order prediction (are these two consecutive sentences swapped?), which is harder
# to solve by topic alone. Most later encoders use masked LM only.
#
# **Encoder-decoder models in the picture.** BERT is the encoder half of the original Transformer, GPT the
# decoder half. T5 (Raffel et al., 2020) and BART (Lewis et al., 2020) keep both halves: a bidirectional encoder
# reads the input, and a causal decoder writes the output while cross-attending to it. T5 casts every task as
# text to text and pre-trains by filling masked spans; BART pre-trains by reconstructing corrupted text. They suit
# tasks with a distinct input and output (translation, summarisation).
#
# **Decoder-only models now do understanding too.** Scaled up and instruction-tuned, decoder-only models answer
# classification, extraction and question-answering tasks by writing the answer, and they replaced most
# task-specific encoders in chat and assistant systems. Encoders such as BERT remain the cheap choice for
# embeddings, retrieval and high-volume classification, where one forward pass gives the answer. The split this
# lesson measures (bidirectional context for reading, causal for writing) is a property of the mask, not of what
# a model can be trained to do.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 10 · Try it yourself
#
# Three tabs: mask a word of your sentence and compare the top fillers of both tiny models (the checkpoints of
# section 6, or the live models if they are missing; the GPT can only use the words before the mask); continue
# a prompt with either model, with temperature and top-k controls; and look
# inside the pretrained MiniLM encoder: pick a layer and a head and see where each token attends.

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Hand a student the keyboard: a sentence of their own, then pick the word to mask near
# its start and near its end, and watch which model's guesses change. Use the mouse on a slide: the arrow keys
# move the deck.

# %% slideshow={"slide_type": "-"}
tokens, _, attentions = helpers.core.minilm.encode_tokens(example["attention_text"], output_attentions=True)
print(f"static preview of the attention tab: MiniLM has {attentions.shape[0]} layers x {attentions.shape[1]} heads")
language.plots.attention_heatmap(attentions[-1, 0], tokens, "MiniLM, last layer, head 0")

# %% slideshow={"slide_type": "subslide"}
print("static preview of the fill-a-mask tab (the widget below computes the same):")
masked_sentence = language.mask_word(example["fill_mask_sentence"], example["fill_mask_word"])
print(masked_sentence)
for model in (bert, gpt, tiny_bert, tiny_gpt):
    if model is not None:
        fillers = language.fill_mask(masked_sentence, model, 5)
        print(f"  {model.name + (' (live)' if model.card is None else ''):18}", ", ".join(f"{w} {p:.0%}" for w, p in fillers))
first_guess = language.fill_mask(masked_sentence, bert, 1)[0][0]
print(f"the {which} BERT's first guess is {first_guess!r}" + (", the word both sides call for" if first_guess == "to"
      else ": not 'to', although both sides make it plain to a reader"))
language.widgets.explorer(bert, gpt)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 11 · Exercises
#
# **Exercise 1.** How many parameters does a GPT-2-style model with 24 layers, width 1,024, GPT-2's
# vocabulary (50,257) and a 1,024-token context have? (This is GPT-2 medium.) Use the formula by hand first.

# %% slideshow={"slide_type": "-"}
answer_1 = None  # your answer: an int (or within 1,000 of it)
helpers.core.exercises.check("Exercise 1", answer_1, language.transformer_params(24, 1024, 50257, 1024),
                             tolerance=1000,
                             hint="12·L·d² + 13·L·d + (vocab + context)·d + 2·d")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# `24·(12·1024² + 13·1024) + (50257 + 1024)·1024 + 2·1024 = 354,823,168`, about 355M: GPT-2 medium
# (published as 345M). Check: `language.transformer_params(24, 1024, 50257, 1024)`.
# </details>
#
# **Exercise 2.** In a causal mask of size 10, how many entries are `True` (allowed)?

# %% slideshow={"slide_type": "-"}
answer_2 = None  # your answer: an int
helpers.core.exercises.check("Exercise 2", answer_2, int(language.attention_mask("causal", 10).sum()),
                             hint="Row i allows i + 1 positions.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# Row *i* allows positions 0..*i*, that is *i* + 1 entries: `1 + 2 + … + 10 = 55` of 100.
# </details>
#
# **Exercise 3.** In the experiment of section 4 we changed the 11th word. If we changed the *first* word
# instead, how many positions of the causal decoder's output would stay exactly the same?

# %% slideshow={"slide_type": "-"}
answer_3 = None  # your answer: an int
first_word = example["first_word_change"]
_, first_change, _ = language.decoder_change(first_word["before"], first_word["after"], decoder,
                                             helpers.core.tokenizers.gpt2_fast())
helpers.core.exercises.check("Exercise 3", answer_3, int((first_change < 1e-6).sum()),
                             hint="Every later position attends to the first one.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# None (0): every position attends to position 0, so a change there reaches all of them. A causal model is
# blind only to what comes *after* a position.
# </details>
#
# **Exercise 4 (code).** Write BERT's masked-LM corruption yourself. Given a 1-D LongTensor `ids`, the vocabulary
# size, the special ids and the `[MASK]` id, return `(inputs, labels)`: choose each non-special token with
# probability 15%; of the chosen ones, 80% become `mask_id`, 10% a random id (uniform over the vocabulary) and 10%
# stay as they are; `labels` holds the original id at every chosen position and -100 everywhere else. About six
# lines with `torch.rand`, `torch.randint`, `torch.isin` and `torch.where`. Your random draws cannot match the
# helper's, so the check compares behaviour: it runs your function on random id streams and holds it to what the
# tested `language.mlm_mask` guarantees (labels, specials, untouched tokens, and every share within four standard
# errors of the rule, the yardstick of section 5).

# %% slideshow={"slide_type": "-"}
def my_mlm_mask(ids, vocab_size, special_ids, mask_id):
    return None  # your code: replace this line


answer_mlm = None  # set to my_mlm_mask when it is written
language.check_mlm_mask(answer_mlm)

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# ```python
# def my_mlm_mask(ids, vocab_size, special_ids, mask_id):
#     chosen = (torch.rand(ids.shape) < 0.15) & ~torch.isin(ids, torch.tensor(special_ids))
#     action = torch.rand(ids.shape)                                  # one more draw decides what happens
#     inputs = torch.where(chosen & (action < 0.8), mask_id, ids)     # 80%: [MASK]
#     replaced = chosen & (action >= 0.8) & (action < 0.9)            # 10%: a random id
#     inputs = torch.where(replaced, torch.randint(vocab_size, ids.shape), inputs)
#     labels = torch.where(chosen, ids, -100)                         # the rest of the chosen: kept
#     return inputs, labels
# ```
# Drawing "random" and "kept" from the same `rand` as "chosen" (for example `rand < 0.12` for [MASK]) also gives the
# right shares; forgetting `~torch.isin(...)` lets `[CLS]` and `[SEP]` be chosen, and the check says so.
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The answer, measured in this run

# %% slideshow={"slide_type": "-"}
by_name = {r["model"]: r for r in rows}
gpt3_row = by_name["GPT-3 175B"]
print(f"GPT-3 175B: {gpt3_row['layers']} layers, width {gpt3_row['width']:,}, {gpt3_row['counted'] / 1e9:.1f}B parameters "
      f"counted ({gpt3_row['counted'] / by_name['GPT-2 XL']['counted']:.0f}x GPT-2 XL); "
      f"BERT-base {by_name['BERT-base']['counted'] / 1e6:.1f}M")
print("change the 11th word ->", language.moved_summary("MiniLM (bidirectional)", enc_change, enc_at), "|",
      language.moved_summary(f"{decoder_name} (causal)", dec_change, dec_at))
print(f"masked LM on Lady Susan: {props['chosen_fraction']:.2%} chosen; {props['mask_fraction']:.2%} [MASK], "
      f"{props['random_fraction']:.2%} random, {props['kept_fraction']:.2%} kept")
print(f"tiny BERT vs tiny GPT ({which}s, equal size and compute): held-out top-1 {comparison.accuracy('bert_both'):.1%} "
      f"(both sides) / {comparison.accuracy('bert_left'):.1%} (right cut off) / {comparison.accuracy('gpt'):.1%} (GPT); "
      f"next-token perplexity GPT {comparison.perplexity('gpt'):.0f}, BERT {comparison.perplexity('bert_left'):.0f}")
print(f"MiniLM 'bank': same sense {by_sense['same']:.2f}, different sense {by_sense['different']:.2f}; word-order probe "
      f"{probe['MiniLM features']:.1%} vs bag of words {probe['bag of words']:.1%}")
kept = language.share_errors(props, len(bert_tok))["kept_fraction"]
print(f"kept share {kept[0]:.2%} vs the rule's {kept[1]:.4%}: {kept[3]:+.1f} standard errors; GPT-3 family counted "
      f"{family[0]['counted'] / 1e6:.0f}M to {family[-1]['counted'] / 1e9:.1f}B")
print("\n".join(language.column_verdicts(scores)))
print(f"in-context copying, no weight changed: copier {copy_scores['copier'][0]:.0%} -> {copy_scores['copier'][1]:.0%} "
      f"with one example; novel-trained tiny GPT {copy_scores['novels'][0]:.0%} -> {copy_scores['novels'][1]:.0%}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Interview answer · 面试回答
#
# The answer a strong candidate gives in six to ten lines, in English and in Chinese; the figures this lesson
# measured are printed from this run, the others are the papers'.

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Ask for a thirty-second spoken answer before revealing the printed one.

# %% slideshow={"slide_type": "-"}
print(language.interview_answer(
    bert_base_params=by_name["BERT-base"]["counted"], gpt3_params=gpt3_row["counted"],
    kept_share=kept[0], kept_gap_se=kept[3], fill_both=comparison.accuracy("bert_both"),
    fill_left=comparison.accuracy("bert_left"), fill_gpt=comparison.accuracy("gpt"),
    perplexity_gpt=comparison.perplexity("gpt"), perplexity_bert=comparison.perplexity("bert_left"),
    copy_without=copy_scores["copier"][0], copy_with=copy_scores["copier"][1]))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - Same blocks, different wiring: BERT's attention mask is all ones (**bidirectional**), GPT's is lower
#   triangular (**causal**). So changing a late word can move every position of the encoder and no earlier
#   position of the decoder; section 4 prints whether it did.
# - BERT's input is token + segment + position embeddings over `[CLS] A [SEP] B [SEP]` (WordPiece); GPT's is
#   token + position over byte-level BPE. Verified against the real tokenizers and the real encoder.
# - Sizes from configurations: GPT-2's formula `L·(12d² + 13d) + (vocab + context)·d + 2d`, and BERT's with a
#   segment table, an embedding LayerNorm and a pooler (`d² + d`, tanh on `[CLS]`), are checked part by part
#   against the built models (section 2 prints the verdict). GPT-3: 96 layers, width 12,288, 96 heads, context
#   2,048, **174.6B** parameters; about 112× the largest GPT-2 (so the seed's "more than 100×" holds), about
#   1,400× the 124M GPT-2. Its architecture is GPT-2's except for alternating dense and locally banded sparse
#   attention (Brown et al., 2020); its paper trains eight sizes, 125M to 175B, on 300B tokens, against BERT's
#   3.3B words.
# - Objectives: masked LM (15%; 80/10/10, measured on real text beside each share's standard error) and NSP
#   for BERT (dropped by RoBERTa; ELECTRA learns from every position); next-token prediction on every token for
#   GPT. BERT is fine-tuned with a [CLS] head or span heads; GPT-3 is prompted instead.
# - Tiny models at equal size and equal compute: cutting off the right side shows what it is worth to the tiny
#   BERT, the tiny GPT cannot see it at all (its answer cannot change), and the perplexity lines compare how well
#   each writes. Which model fills held-out words better depends on the budget: the GPT learns from every token,
#   the BERT from 15%, so a small budget favours the GPT's extra targets and a larger one lets the BERT use both
#   sides. Section 6 prints this run's figures and a verdict per column, with its sampling noise
#   (`tests/language/test_checkpoint.py` checks the committed checkpoints).
# - Understanding: a pretrained bidirectional encoder gives context-dependent vectors ("bank") and features a
#   linear probe can use for a task a bag of words cannot solve (section 7 prints both verdicts). The encoder measured is all-MiniLM-L6-v2, a
#   distilled BERT-family encoder fine-tuned contrastively for sentence embeddings, not a plain pre-trained BERT.
# - On the pretrained path, section 6 repeats the held-out comparison with bert-base-uncased (both sides, right
#   side cut off) against gpt2 on words both tokenizers can score; its verdict is printed from that run.
# - Zero/one/few-shot use no gradient updates; the GPT-3 paper finds the ability grows with model size, and
#   few-shot GPT-3 still trailed fine-tuned models on WiC and ANLI. Section 8 measures one antonym prompt on our
#   tiny GPT (and gpt2, when loaded) and a copy task in which a tiny copier learns each sequence from the prompt
#   alone, weights checked unchanged; the verdict lines say what happened.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 总结
#
# - 相同的积木，不同的连接：BERT 的注意力掩码全为 1（**双向**），GPT 的是下三角（**因果**）。改动句子后部的一个词，
#   编码器所有位置的隐藏状态都可能改变，而解码器在该词之前的位置不会变；第 4 节打印了实际结果。
# - BERT 的输入是 token + segment + position 三种嵌入之和，格式为 `[CLS] A [SEP] B [SEP]`（WordPiece 分词）；GPT 只有
#   token + position（字节级 BPE）。已用真实分词器和真实编码器验证。
# - 由配置直接计算规模：GPT-2 的公式 `L·(12d² + 13d) + (词表 + 上下文)·d + 2d`，以及 BERT 的公式（多出 segment 表、
#   嵌入层 LayerNorm 和 pooler：`d² + d`，对 `[CLS]` 向量做 tanh），都逐部分与构建出的模型核对（第 2 节打印结论）。
#   GPT-3：96 层、宽度 12,288、96 个头、上下文 2,048，共 **1746 亿**参数；约为最大 GPT-2（15 亿）的 112 倍（原文"100
#   多倍"成立），约为常用 1.24 亿 GPT-2 的 1,400 倍。其结构与 GPT-2 相同，唯一的例外是各层交替使用稠密注意力和局部带状
#   稀疏注意力（Brown 等，2020）；论文训练了 1.25 亿到 1750 亿共八种规模，训练数据 3000 亿 token，而 BERT 为 33 亿词。
# - 训练目标：BERT 用掩码语言模型（15%；80/10/10，已在真实文本上实测并给出各比例的标准误）和下一句预测（RoBERTa
#   已去掉；ELECTRA 从每个位置学习）；GPT 对每个 token 做下一词预测。BERT 用 [CLS] 分类头或起止位置头微调，GPT-3 则用提示。
# - 同等规模、同等算力的小模型：去掉右侧可看出右侧上下文对小 BERT 的价值；小 GPT 根本看不到右侧（答案不会变）；
#   困惑度一行比较两者的续写能力。哪一个填词更准取决于训练预算：GPT 从每个 token 学习，BERT 只从 15% 学习，预算小时
#   GPT 多出的训练目标占优，预算大时 BERT 更能利用两侧信息。第 6 节打印本次运行的数字和每一列的结论（含抽样误差），
#   `tests/language/test_checkpoint.py` 检验提交的检查点。
# - "理解"的收益：预训练双向编码器给出随上下文变化的词向量（"bank"），其特征可供线性探针完成词袋模型无法完成的任务。
#   所测模型是 all-MiniLM-L6-v2：经蒸馏的 BERT 系编码器，又用对比学习微调成句向量模型，并非单纯预训练的 BERT。
# - 在预训练路径上，第 6 节用 bert-base-uncased（看两侧 / 去掉右侧）和 gpt2 在两种分词器都能公平打分的词上重复同样的
#   留出集比较；结论由本次运行的结果打印。
# - 零样本/单样本/少样本都不更新梯度；GPT-3 论文发现这种能力随模型规模增长，而少样本 GPT-3 在 WiC、ANLI 上仍不如
#   微调模型。第 8 节测量一个反义词提示对小 GPT（以及已加载时的 gpt2）的作用，并用复制任务展示小模型仅凭提示学会
#   每个序列（权重经检查未变），结论见打印的判断行。

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# - Vaswani, A., Shazeer, N., Parmar, N., et al. *Attention Is All You Need.* NeurIPS 2017. The Transformer block
#   both families are built from.
# - Devlin, J., Chang, M.-W., Lee, K., Toutanova, K. *BERT: Pre-training of Deep Bidirectional Transformers for
#   Language Understanding.* NAACL 2019. From the paper, not the run: BERT-base and BERT-large (L, H, A; 110M and
#   340M), the 15% masking with 80/10/10, NSP, BooksCorpus (800M words) plus Wikipedia (2,500M words), 1M steps of
#   256 × 512 tokens, the fine-tuning heads ([CLS] classifier, start/end vectors for SQuAD). The pooler (dense +
#   tanh on [CLS]) is in the authors' released code and in transformers' `BertModel`, counted in section 2.
# - Radford, A., Wu, J., Child, R., Luan, D., Amodei, D., Sutskever, I. *Language Models are Unsupervised Multitask
#   Learners* (GPT-2). OpenAI technical report, 2019. The GPT-2 sizes (117M to 1,542M), pre-normalisation.
# - Brown, T. B., Mann, B., Ryder, N., Subbiah, M., et al. *Language Models are Few-Shot Learners* (GPT-3). NeurIPS
#   2020. From the paper: the eight sizes of Table 2.1, 300B training tokens, GPT-2's architecture with alternating
#   dense and locally banded sparse attention, zero/one/few-shot evaluation, few-shot gains growing with size, WiC
#   49.4% few-shot, ANLI near chance, closed-book TriviaQA, the test-set overlap analysis.
# - Child, R., Gray, S., Radford, A., Sutskever, I. *Generating Long Sequences with Sparse Transformers.* arXiv 2019.
#   The locally banded sparse attention GPT-3 alternates with dense attention.
# - Liu, Y., Ott, M., Goyal, N., et al. *RoBERTa: A Robustly Optimized BERT Pretraining Approach.* arXiv 2019.
#   Dropping NSP.
# - Lan, Z., Chen, M., Goodman, S., Gimpel, K., Sharma, P., Soricut, R. *ALBERT: A Lite BERT for Self-supervised
#   Learning of Language Representations.* ICLR 2020. Sentence-order prediction in place of NSP.
# - Clark, K., Luong, M.-T., Le, Q. V., Manning, C. D. *ELECTRA: Pre-training Text Encoders as Discriminators Rather
#   Than Generators.* ICLR 2020. Replaced-token detection; the one-GPU, four-day model that beats GPT on GLUE; parity
#   with RoBERTa and XLNet at under a quarter of their compute.
# - Raffel, C., Shazeer, N., Roberts, A., et al. *Exploring the Limits of Transfer Learning with a Unified
#   Text-to-Text Transformer* (T5). JMLR 2020. Encoder-decoder, every task as text to text, span corruption.
# - Lewis, M., Liu, Y., Goyal, N., et al. *BART: Denoising Sequence-to-Sequence Pre-training for Natural Language
#   Generation, Translation, and Comprehension.* ACL 2020.
# - Wang, W., Wei, F., Dong, L., Bao, H., Yang, N., Zhou, M. *MiniLM: Deep Self-Attention Distillation for
#   Task-Agnostic Compression of Pre-Trained Transformers.* NeurIPS 2020. The distillation behind all-MiniLM-L6-v2;
#   Reimers, N., Gurevych, I. *Sentence-BERT.* EMNLP 2019, for the sentence-transformers training that follows it.
# - Press, O., Smith, N. A., Lewis, M. *Train Short, Test Long: Attention with Linear Biases Enables Input Length
#   Extrapolation* (ALiBi). ICLR 2022. The tiny models' positions.
# - Olsson, C., Elhage, N., Nanda, N., et al. *In-context Learning and Induction Heads.* Transformer Circuits Thread,
#   2022. The copying mechanism of section 8.
#
# Every other number in this lesson is computed by its cells in this run.
