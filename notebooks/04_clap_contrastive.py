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
# # 04 · CLAP: learning audio from language with a contrastive loss
#
# > **问题 5：** CLAP模型是如何通过对比学习进行音频表示学习的？
# >
# > **Question 5:** How does the CLAP model learn audio representations through contrastive learning?
#
# The source document's answer: CLAP (Contrastive Language-Audio Pretraining) pairs audio with natural-language
# descriptions, maps both into **one shared latent space**, and trains so that matching audio–text pairs move
# **closer** and non-matching pairs move **apart**; this gives audio representations with more semantic meaning.
#
# That is right, and it leaves out the parts that make it work: *what* the loss is, the **temperature** that
# scales it, where the "non-matching pairs" come from (the **rest of the batch**), and how much the **text
# tower** matters. We build each piece, train a small CLAP here in seconds, test it on sounds and wordings
# it never saw, and then walk a clip through the real LAION-CLAP architecture.
#
# **After this lesson you can explain**
#
# 1. the symmetric InfoNCE loss CLAP trains with, why it is symmetric, and what the temperature does;
# 2. why the loss is a lower bound on the mutual information between audio and text ($I \ge \log B - \mathcal{L}$),
#    what the batch size does to that bound, and what captions that fit more than one clip do to it;
# 3. what LAION-CLAP added to the recipe (feature fusion, keyword-to-caption augmentation, LAION-Audio-630K,
#    the choice of text encoder) and what HTSAT does to a log-mel spectrogram;
# 4. how a CLAP model is judged (zero-shot classification, retrieval recall@k), and which "CLAP" a paper means.
#
# **Prerequisites:** lesson 01 (CLIP's two towers), softmax and cross-entropy, matrix products in PyTorch.
# **Time:** about 60 minutes to read and run; the notebook itself runs in under a minute on a CPU.
#
# Two kinds of small CLAP appear below: one **trained live** in this lesson in seconds (so you can watch its
# loss fall), and a **checkpoint** of the same model trained for minutes by this project's `make checkpoints`
# on many more clips. The analyses use the checkpoint. Set `LIVE_TRAINING = False` to skip the live run:
# the lesson then runs in seconds, from the checkpoints alone.
#
# The first cell also decides within seconds whether the pretrained LAION-CLAP checkpoint is reachable
# (network or local cache). Every section works without it; section 7 uses it when it is there.

# %% slideshow={"slide_type": "skip"}
LIVE_TRAINING = True   # False: skip the live training and run everything from the trained checkpoints

from helpers import clap
from helpers.core import pretrained, runtime

live = runtime.live_training(LIVE_TRAINING)   # FIVEQ_LIVE_TRAINING=0/1 overrides the switch

hub = pretrained.hub_status()  # decided before anything imports laion_clap (its import asks the hub)
weights = pretrained.try_load(clap.laion_clap.clap_model)   # core's clap_model without transformers' loading noise
runtime.seed_everything(0)
runtime.environment_report(weights, packages=("torch", "transformers", "laion_clap"))

# %% slideshow={"slide_type": "skip"}
import inspect
import time

import numpy as np
import torch
from IPython.display import HTML, display

from helpers import clap
from helpers.clap import audio, contrastive
from helpers.core.exercises import check

notebook_start = time.perf_counter()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · Sound as data
#
# A microphone measures air pressure many thousand times a second. A **waveform** is that list of numbers,
# between −1 and 1; the **sample rate** says how many per second. We use 16 kHz (16,000 samples a second,
# enough for everything below 8 kHz); LAION-CLAP uses 48 kHz.
#
# Few audio models read the raw samples. They read a **log-mel spectrogram**: cut the sound into 25 ms
# windows every 10 ms, measure the energy at each frequency (a Fourier transform), pool the frequencies into
# 64 bands spaced like human pitch perception (the **mel scale**), and take decibels. Time runs left to right,
# pitch bottom to top. `helpers.clap.audio.log_mel` does exactly that in a dozen lines (tested against librosa).

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Play a clip before showing its spectrogram and ask the room what a picture of a sound should
# show on each axis.

# %% slideshow={"slide_type": "-"}
examples = clap.sounds.examples(seed=0)
rate = examples.sample_rate_hz
first = examples.waveforms[0]
print(f"one clip: {len(first):,} samples at {rate:,} Hz = {audio.duration_s(first, rate):.2f} s, "
      f"dtype {first.dtype}, range [{first.min():.2f}, {first.max():.2f}]")
print(f"its log-mel: {tuple(audio.log_mel(first, rate).shape)} = (mel bands, 10 ms frames)")
print(f"caption: “{examples.captions[0]}”")
clap.plots.waveform_and_mel(first, rate, audio.log_mel(first, rate), title=f"{examples.kinds[0]}: {examples.captions[0]}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Every kind of sound in our data set, one example each. Press play: the pictures are what the audio
# encoder sees, the sound is what the captions describe.

# %% slideshow={"slide_type": "-"}
for kind, caption, wave in zip(examples.kinds, examples.captions, examples.waveforms):
    display(HTML(f"<b>{kind}</b> — “{caption}”"), audio.player(wave, rate))

# %% slideshow={"slide_type": "subslide"}
clap.plots.mel_gallery([audio.log_mel(w, rate) for w in examples.waveforms], examples.kinds)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Each kind has its own shape: a tone is one bright line (high or low), a chord three lines, a sweep a slanted
# line, white noise fills every band, brown noise only the low ones, clicks are vertical strokes (close
# together or far apart), and tremolo is a line that pulses.
#
# **A real recording.** music21 ships a 20 s recording of a melody (BSD licence). It arrives as 16-bit
# integers at 44.1 kHz; `audio.prepare` scales the integers to [−1, 1] and resamples to our rate. Stereo would
# be mixed down to mono the same way. These conversions are documented in `helpers.clap.audio`; empty, NaN or
# infinite audio raises an error instead.

# %% slideshow={"slide_type": "-"}
recording, recording_rate, recording_about = clap.sounds.real_recording()
melody = audio.prepare(recording, recording_rate, rate)
print(recording_about)
print(f"as stored: {recording.dtype}, {recording_rate} Hz, {len(recording):,} samples, values up to {np.abs(recording).max()}")
print(f"prepared:  {melody.dtype}, {rate} Hz, {len(melody):,} samples, values up to {np.abs(melody).max():.3f}")
stereo = np.stack([melody, 0.5 * melody])
print(f"a stereo array {stereo.shape} becomes mono {audio.to_mono_float(stereo).shape} (channels averaged)")
try:
    audio.log_mel(np.array([0.1, np.nan, 0.2]), rate)
except ValueError as error:
    print("NaN audio:", error)
display(audio.player(melody[: 8 * rate], rate))
clap.plots.waveform_and_mel(melody[: 8 * rate], rate, audio.log_mel(melody[: 8 * rate], rate),
                             title="the first 8 s of the music21 recording")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · A real audio–caption set that runs offline
#
# CLAP was trained on hundreds of thousands of (audio, caption) pairs. We cannot download them here, so
# `helpers.clap.sounds` **synthesises** a labelled set: ten kinds of sound, each at many pitches or rates,
# short or long, loud or quiet, with a little background hiss, each clip with a caption built from several
# wordings ("a loud, short high-pitched beep", "rapid clicks, soft and brief"...). It is seeded: the same
# call makes the same clips everywhere. The wordings are data (`data/clap/`), read by `helpers.clap.captions`.
#
# The test split is held out in two ways, so a good score means generalisation, not memory:
#
# * **wordings**: test captions and zero-shot prompts use phrases never seen in training ("a shrill tone"
#   where training said "a high-pitched beep"), and other words for loud, quiet, short and long;
# * **parameter ranges**: each kind's main parameter (frequency, sweep start, click rate...) comes from the
#   middle fifth of its range for testing and from the rest for training.

# %% slideshow={"slide_type": "-"}
train_set = clap.sounds.make_set(100 if live else 20, "train", seed=0)   # the live run's clips (a few to look at without it)
test_set = clap.checkpoint.held_out_set()                                # clap.sounds.make_set(30, "test", seed=1)
print(f"train: {len(train_set)} clips, {len(set(train_set.captions))} distinct captions; "
      f"test: {len(test_set)} clips, {len(set(test_set.captions))} distinct captions; "
      f"captions shared by both splits: {len(set(train_set.captions) & set(test_set.captions))}")
print(clap.tables.split_ranges(train_set, test_set))
print("\ntrain captions:", *train_set.captions[:4], sep="\n  ")
print("test captions:", *test_set.captions[:4], sep="\n  ")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The training range of each parameter has a gap in the middle, and the test clips sit in it (both ranges
# above are computed from the clips). Zero-shot prompts for the test are the test phrases alone, e.g.:

# %% slideshow={"slide_type": "-"}
test_prompts = clap.captions.prompts("test")
for name, phrases in test_prompts.items():
    print(f"{name:14} {phrases}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · The loss, written out
#
# A batch holds $B$ matched pairs: clip $i$ goes with caption $i$. The audio tower gives unit vectors
# $a_i$, the text tower unit vectors $t_i$, so $a_i \cdot t_j$ is a cosine similarity. Multiply the
# $B\times B$ similarity matrix by the **logit scale** $s = 1/\tau$ (a learnable inverse temperature) and
# read each **row** as a $B$-way classification "which caption is mine?" and each **column** as "which clip
# is mine?":
#
# $$\mathcal{L} = \tfrac12\Big[\tfrac1B\sum_i -\log\frac{e^{s\,a_i\cdot t_i}}{\sum_j e^{s\,a_i\cdot t_j}}
#   \;+\; \tfrac1B\sum_i -\log\frac{e^{s\,a_i\cdot t_i}}{\sum_j e^{s\,a_j\cdot t_i}}\Big]$$
#
# This is the symmetric InfoNCE loss of CLIP and CLAP. The **positives** are the diagonal; the
# **negatives** are every other item in the batch, for free. Here is the function every training step
# below calls, printed from the helper where it is tested:

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Write the similarity matrix on the board as a grid of pairs; the loss is a classification
# along each row and each column, with the diagonal as the right answer.

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(contrastive.clip_loss))

# %% [markdown] slideshow={"slide_type": "subslide"}
# And the learnable temperature: stored as $\log s$ so it stays positive, started at $1/0.07 \approx 14.3$
# and clamped to at most 100 after each step, as CLIP and LAION-CLAP do.

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(contrastive.LogitScale.clamp_))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Is it the loss LAION-CLAP trains with? `laion_clap` ships its own `ClipLoss`; on the same inputs the two
# must agree.

# %% slideshow={"slide_type": "-"}
from laion_clap.clap_module.loss import ClipLoss  # noqa: E402  (hub_status above decided offline/online first)

a_demo, t_demo = contrastive.noisy_pairs(16, 512, noise=2.0, seed=0)
scale_demo = torch.tensor(contrastive.INIT_LOGIT_SCALE)
ours, theirs = contrastive.clip_loss(a_demo, t_demo, scale_demo), ClipLoss()(a_demo, t_demo, scale_demo)
print(f"helpers.clap.contrastive.clip_loss: {float(ours):.6f}\nlaion_clap ClipLoss:           {float(theirs):.6f}"
      f"\nabsolute difference:           {abs(float(ours - theirs)):.1e}")
try:
    contrastive.clip_loss(a_demo * 2, t_demo, scale_demo)
except ValueError as error:
    print("unnormalised input:", error)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · Temperature and negatives
#
# Take 8 matched pairs that are only partly aligned (each text vector is its audio vector plus noise), a
# stand-in for a half-trained model. Their similarity matrix has a brighter diagonal:

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Move the temperature slowly and ask what a very low temperature does to the probabilities
# before showing it.

# %% slideshow={"slide_type": "-"}
a8, t8 = contrastive.noisy_pairs(8, 64, noise=2.5, seed=1)
s8 = contrastive.similarity(a8, t8)
on_diagonal, off_diagonal = contrastive.diagonal_means(s8)
print(f"mean cosine on the diagonal {on_diagonal:.2f}, off it {off_diagonal:.2f}")
clap.plots.similarity_heatmap(s8, [f"clip {i}" for i in range(8)], [f"caption {i}" for i in range(8)],
                               "cosine similarity of 8 partly aligned pairs")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Cosines live in [−1, 1], so a softmax over them is nearly flat: at τ = 1 the right caption gets barely more
# than 1/8. Dividing by a small temperature stretches the differences; at CLIP's τ = 0.07 the best-scoring
# caption takes most of the probability. Too small, and the loss only sees the single hardest negative.

# %% slideshow={"slide_type": "-"}
temperatures = [1.0, 0.25, 0.07, 0.01]
clap.plots.temperature_softmax(s8[0], temperatures, labels=[f"caption {i}" for i in range(8)], match=0)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **More negatives.** With the pairs equally well aligned, a bigger batch is a harder B-way question; the
# chance level is log B. CLIP trained with 32,768 pairs per batch (Radford et al., 2021): many negatives make
# a sharper training signal. Section 6 returns to this with the trained model.

# %% slideshow={"slide_type": "-"}
batch_results = contrastive.loss_by_batch_size([2, 4, 8, 16, 32, 64, 128, 256], dim=64, noise=2.5, repeats=10)
for b, (loss, chance) in batch_results.items():
    print(f"B = {b:3d}: loss {loss:.3f}   chance log B = {chance:.3f}")
rises = all(batch_results[b][0] < batch_results[c][0] for b, c in zip(batch_results, list(batch_results)[1:]))
print("verdict: the loss " + ("rises with every larger batch" if rises else "does not rise at every step")
      + f", from {batch_results[2][0]:.2f} at B = 2 to {batch_results[256][0]:.2f} at B = 256, "
      f"while chance rises from {batch_results[2][1]:.2f} to {batch_results[256][1]:.2f}")
clap.plots.loss_vs_batch(batch_results, "same pair quality, more negatives (τ = 0.07)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5 · A small CLAP, trained live and trained longer
#
# Two towers into one 128-d space:
#
# * **audio**: a small 2-D CNN over the 64-band log-mel picture (its filters slide along pitch as well as
#   time, so a pattern learned at one pitch is recognised at another), then a 2-layer MLP;
# * **text**, two versions to compare:
#   **(a)** the real pretrained **all-MiniLM-L6-v2** sentence encoder (installed offline), **frozen**, with a
#   trainable linear projection; **(b)** a text tower **from scratch**: WordPiece tokens, a bag of trainable
#   embeddings and an MLP.
#
# MiniLM is frozen, and so are the wordings this lesson scores with, so MiniLM's vectors of them are the same in every
# run: `make checkpoints` stores them once (`minilm_wordings`, not a model; checked by the texts' SHA-256, and the
# tests compare them with MiniLM's own output), and the first line below loads them instead of running MiniLM on
# some 700 wordings again. Then the untrained model: one clip of each kind against the held-out test prompts. Random
# weights, no structure (the diagonal, outlined, is the right answer).

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** With live training off the checkpoints load in seconds; turn it on only if the class should
# watch the loss fall. The held-out wordings were never trained on: say so before reading the accuracy.

# %% slideshow={"slide_type": "-"}
print(clap.wording_vectors.prefill())
class_names = list(test_prompts)
class_prompts = [test_prompts[k][0] for k in class_names]
untrained = clap.training.untrained_tiny_clap("minilm", seed=0)
before = clap.evaluation.similarity_matrix(untrained, examples.waveforms, class_prompts)
print("untrained model, diagonal mean {:.3f}, off-diagonal mean {:.3f}".format(*contrastive.diagonal_means(before)))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The **checkpoints**: the same two models trained by `make checkpoints` with a longer recipe: many more
# generated clips (the generator makes as many as asked, from the training bands and training wordings),
# many more steps, and for the frozen-MiniLM model **dropout on MiniLM's 384 features** while training, so
# the projection cannot lean on the few features that the training wordings happen to share and a new
# wording does not. The recipe was chosen on a validation split carved from the training clips and
# training wordings, never on the held-out set (`helpers.clap.validation`; the figures behind the choice
# are in `helpers/clap/checkpoint.py`). Each card says how it was made:

# %% slideshow={"slide_type": "-"}
checkpoint_minilm, card_line_minilm = clap.checkpoint.load_tiny_clap("tiny_clap")
checkpoint_scratch, card_line_scratch = clap.checkpoint.load_tiny_clap("tiny_clap_scratch")
print(card_line_minilm, card_line_scratch, sep="\n")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now the **live** run: both versions on the same 1,000 clips with the loss above (AdamW, one-cycle schedule,
# batches of 64, eight passes over the data). The progress bars show the loss and the learned logit scale.

# %% slideshow={"slide_type": "-"}
LIVE_EPOCHS = 8
train_live = live or checkpoint_minilm is None or checkpoint_scratch is None   # no checkpoint: train anyway
if train_live:
    clap_minilm, history_minilm = clap.training.train_tiny_clap(train_set, "minilm", epochs=LIVE_EPOCHS, seed=0)
    clap_scratch, history_scratch = clap.training.train_tiny_clap(train_set, "scratch", epochs=LIVE_EPOCHS, seed=0)
    print(history_minilm.summary(), history_scratch.summary(), sep="\n")
    display(clap.plots.training_curves([history_minilm, history_scratch]))
else:
    clap_minilm = clap_scratch = None
    print("LIVE_TRAINING is off: the live training is skipped; everything below uses the checkpoints.")
trained_clap = checkpoint_minilm if checkpoint_minilm is not None else clap_minilm   # what every analysis below uses
model_source = "checkpoint" if checkpoint_minilm is not None else "live model"

# %% [markdown] slideshow={"slide_type": "subslide"}
# Where does the loss start, where does it end, and how far does the learned logit scale move? Chance for a
# batch of 64 is log 64; CLIP's logit scale, over a far longer training, rose until it hit the cap of 100
# (Radford et al., 2021).

# %% slideshow={"slide_type": "-"}
print(clap.tables.training_verdict(history_minilm if train_live else None, checkpoint_minilm, batch_size=64))

# %% [markdown] slideshow={"slide_type": "subslide"}
# From here on, every figure of the frozen-MiniLM model comes from the **checkpoint** (or, if it is
# missing, from the live model; the line below says which). The same ten clips and ten **held-out**
# prompts, before and after training:

# %% slideshow={"slide_type": "-"}
after = clap.evaluation.similarity_matrix(trained_clap, examples.waveforms, class_prompts)
print(f"trained model ({model_source}), diagonal mean {{:.3f}}, off-diagonal mean {{:.3f}}".format(
    *contrastive.diagonal_means(after)))
clap.plots.before_after(before, after, [f"{k} clip" for k in class_names], [f"“{p}”" for p in class_prompts])

# %% [markdown] slideshow={"slide_type": "subslide"}
# That is the seed document's sentence made visible: matching pairs closer, the rest apart.
#
# **Zero-shot classification on held-out clips.** For each test clip (parameters from the held-out band),
# pick the kind whose **held-out** prompts are closest. No test clip and no test wording was seen in
# training. Two ways to word a class, both from the held-out vocabulary only:
#
# * **phrases**: the two held-out phrases of each kind, averaged ("a shrill tone", "a piercing whistle");
# * **prompt ensemble**: each held-out phrase in every held-out caption template, with every held-out word for
#   loudness and length ("a quick and faint shrill tone", ...), averaged: CLIP's prompt ensembling, which
#   matches how captions are written and lets no single wording decide.
#
# The table puts the live models and the checkpoints side by side on the same held-out clips: what a few
# seconds of training give against minutes.

# %% slideshow={"slide_type": "-"}
test_ensemble = clap.captions.prompt_ensemble("test")
train_prompts = clap.captions.prompts("train")
print(f"prompt ensemble: {sum(map(len, test_ensemble.values()))} held-out prompts, e.g. “{test_ensemble['high tone'][0]}”")
towers = clap.tables.side_by_side(live={"frozen MiniLM": clap_minilm, "from scratch": clap_scratch},
                                  checkpoint={"frozen MiniLM": checkpoint_minilm, "from scratch": checkpoint_scratch})
results = clap.tables.zero_shot_results(towers, test_set, {"held-out phrases": test_prompts,
                                                          "held-out prompt ensemble": test_ensemble,
                                                          "training phrases": train_prompts})
TARGETS = {"held-out phrases": 0.85, "held-out prompt ensemble": 0.90}   # issue 11's targets for the checkpoint
print(f"\n{len(test_set)} held-out clips, {len(class_names)} kinds, chance {1 / len(class_names):.0%}")
print(clap.tables.accuracy_table(results))
main_row = results[f"{'checkpoint' if checkpoint_minilm is not None else 'live'} · frozen MiniLM"]
print(f"\n{model_source}, frozen MiniLM, against the targets:\n" + clap.tables.target_verdicts(main_row, TARGETS))
scratch_row = results.get(f"{'checkpoint' if checkpoint_minilm is not None else 'live'} · from scratch")
if scratch_row is not None:
    gaps = {k: main_row[k].accuracy - scratch_row[k].accuracy for k in ("training phrases", "held-out phrases")}
    print(f"verdict ({model_source}s): the from-scratch text tower is {abs(gaps['training phrases']) * 100:.1f} points "
          f"{'behind' if gaps['training phrases'] > 0 else 'ahead of'} the frozen-MiniLM one with the training phrases and "
          f"{abs(gaps['held-out phrases']) * 100:.1f} points {'behind' if gaps['held-out phrases'] > 0 else 'ahead'} with "
          f"held-out wordings: new words cost the scratch tower "
          + ("much more" if gaps["held-out phrases"] > gaps["training phrases"] + 0.1 else "no more")
          + " than the pretrained one")
best_held_out = main_row["held-out prompt ensemble"]
clap.plots.confusion(best_held_out.confusion(), class_names,
                     f"frozen-MiniLM tower ({model_source}), held-out prompt ensemble (rows: true kind)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# With the prompts worded as in training, both text towers know the words, and what is tested is the audio
# tower on held-out pitches and rates. With **new wordings** the scratch tower has never seen "shrill" or
# "metronome": those token embeddings are still random, and it can only go by the words it did see ("tone",
# "note", "ticking"); the verdict above says how far behind that leaves it. The frozen MiniLM, pretrained on
# far more text, places many new wordings near training wordings of the same meaning, and the trained projection
# can carry that over to the sounds. Which new wordings did it carry, and which not? For each held-out prompt: the
# training wording MiniLM finds closest (before any training), and how often that prompt alone picks the right
# kind for its clips.

# %% slideshow={"slide_type": "-"}
print(clap.tables.held_out_prompts(trained_clap, test_set, test_prompts, train_prompts))

# %% [markdown] slideshow={"slide_type": "subslide"}
# A prompt whose nearest training wording belongs to another kind (marked ←) starts out on the wrong side,
# and the projection has to overcome that. A sentence encoder learned from text which words are used alike,
# not what they sound like: "rapid" and "slow" both describe ticking, so "rapid ticking" may sit next to
# "slow ticking". Averaging many prompts (the ensemble) dilutes any single misleading wording. This is the limit of a frozen text tower: it brings what its
# pretraining knows about words, and nothing about sounds.
#
# **Retrieval.** The other use of a shared space: given a clip, find its caption among many (audio → text),
# or given a caption find its clip (text → audio). Recall@k is the fraction of queries whose match is in
# the top k. We use 100 held-out clips with their held-out captions. Many captions describe the same kind of
# sound, so recall@1 is hard by construction (loudness and length must also match).

# %% slideshow={"slide_type": "-"}
retrieval_set = test_set.subset(np.arange(100))
print(f"recall on {len(retrieval_set)} held-out pairs (chance: R@1 {1 / len(retrieval_set):.0%}, R@5 {5 / len(retrieval_set):.0%})")
print(clap.tables.retrieval_table(towers, retrieval_set))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6 · What the loss certifies: mutual information, batch size, false negatives
#
# **A bound on mutual information.** Draw $B$ pairs, hide which caption belongs to which clip, and ask a
# scorer to find each clip's caption. Guessing costs $\log B$ nats per row. A scorer can do better only as far
# as audio and text share information, and for *any* scorer the InfoNCE loss $\mathcal{L}$ obeys
#
# $$I(\text{audio};\text{text}) \;\ge\; \log B - \mathcal{L}$$
#
# (van den Oord et al., 2018; Poole et al., 2019). Minimising the loss raises a lower bound on the mutual
# information; the symmetric loss is the mean of two such bounds, one per direction. Two consequences follow
# from the formula alone: the bound can never exceed $\log B$, and a small batch cannot certify much however
# good the model is. Below, the checkpoint (evaluation only, no training) on random batches of the held-out
# clips with their held-out captions:

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** The bound log B minus the loss is the one formula worth writing down; ask what happens to it
# when the batch doubles.

# %% slideshow={"slide_type": "-"}
held_out_audio = trained_clap.encode_audio(test_set)
held_out_text = trained_clap.encode_text(test_set.captions)
bounds = clap.bound.bound_by_batch_size(held_out_audio, held_out_text, trained_clap.logit_scale,
                                        [2, 4, 8, 16, 32, 64, 128, 256], repeats=10)
for b, row in bounds.items():
    print(f"B = {b:3d}: held-out loss {row['loss']:.3f}   log B {row['log_b']:.3f}   bound I ≥ {row['bound']:.3f} nats")
best_b = max(bounds, key=lambda b: bounds[b]["bound"])
growth = bounds[256]["bound"] - bounds[64]["bound"]
print(f"\nlargest bound: {bounds[best_b]['bound']:.2f} nats at B = {best_b}; log 10 = {np.log(10):.2f} nats is what "
      f"knowing the kind alone is worth. From B = 64 to 256 the bound changed by {growth:+.2f} nats: "
      + ("it has stopped growing, so the model's scores, not the batch, now limit it."
         if abs(growth) < 0.1 else "it is still growing, so a larger batch would certify more."))
clap.plots.loss_vs_batch({b: (row["loss"], row["log_b"]) for b, row in bounds.items()},
                         f"the checkpoint on held-out batches: the gap to log B is the bound on I")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Why symmetric.** The audio → text loss (rows) is a softmax over captions for each clip. Add the same
# amount to every score of one clip and each row's softmax is unchanged: a clip that scores high with *every*
# caption is invisible to that loss. It is not invisible to the columns, where that clip now wins every
# caption's question "which clip is mine?". Using both directions closes the gap, and matches the two uses
# of the model: text → audio retrieval needs the columns, zero-shot labelling the rows. On the checkpoint's ten
# clips against the ten held-out prompts, with the first clip pushed up against every caption:

# %% slideshow={"slide_type": "-"}
logits = trained_clap.logit_scale * after
pushed = logits.clone()
pushed[0] += 10.0   # the same amount added to all of clip 0's scores
(rows_before, cols_before), (rows_after, cols_after) = (clap.bound.directional_losses(logits),
                                                        clap.bound.directional_losses(pushed))
print(f"audio → text (rows): {rows_before:.3f} → {rows_after:.3f};   text → audio (columns): {cols_before:.3f} → {cols_after:.3f}")
print("rows " + ("unchanged" if abs(rows_after - rows_before) < 1e-4 else f"changed by {rows_after - rows_before:+.3f}")
      + f", columns {cols_after - cols_before:+.3f} nats: "
      + ("only the symmetric loss sees the clip that claims every caption."
         if cols_after > cols_before + 1e-4 else "at this push neither direction notices."))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **False negatives.** The bound assumes exactly one right caption per clip. Our batches break that: with ten
# kinds, a batch of 64 holds several clips of each kind, and a caption written for one "high tone" clip fits
# another high tone clip nearly as well. The loss still counts it as a negative. Two clips of the same kind
# from the held-out set, each against both captions:

# %% slideshow={"slide_type": "-"}
pair = np.flatnonzero(np.array(test_set.kinds) == "high tone")[:2]
pair_similarity = held_out_audio[pair] @ held_out_text[pair].T
for row, i in enumerate(pair):
    print(f"clip {i} (its caption “{test_set.captions[i]}”): cosine with caption {pair[0]} "
          f"{pair_similarity[row, 0]:.3f}, with caption {pair[1]} {pair_similarity[row, 1]:.3f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Over many random held-out batches of 64 (the training batch size): the loss as trained, the loss with every
# same-kind item removed from the negatives, and the floor a model would reach that knew every kind
# perfectly but could not tell same-kind clips apart ($\frac1B\sum_i \log n_i$, $n_i$ the clips of row
# $i$'s kind in the batch):

# %% slideshow={"slide_type": "-"}
report = clap.bound.false_negative_report(held_out_audio, held_out_text, trained_clap.logit_scale,
                                          test_set.labels, batch=64, repeats=10)
share = (report["loss"] - report["loss_without_false_negatives"]) / report["loss"]
print(f"batch of 64: {report['same_kind_per_row']:.1f} other clips of the same kind per row; each clip puts "
      f"{report['probability_on_false_negatives']:.0%} of its probability on their captions")
print(f"loss {report['loss']:.3f} nats; without same-kind negatives {report['loss_without_false_negatives']:.3f}: "
      f"{share:.0%} of the loss comes from captions that also fit; the same-kind floor is {report['floor']:.3f} nats")
print("verdict: " + ("most" if share > 0.5 else "part") + f" of what the {model_source} still pays is for false "
      "negatives, " + ("so the bound above under-states what audio and text share." if share > 0.05 else
                       "too little to change the bound above much."))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Captions that also fit are one reason a contrastive loss on data like ours cannot reach zero (the share is
# printed above), and one reason LAION-CLAP and CLIP want large batches from data with few duplicates: in web-scale data two captions in a batch rarely fit the same clip.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7 · The real LAION-CLAP
#
# LAION-CLAP (Wu, Chen et al., 2023) trains the same loss at scale: an **HTSAT-tiny** audio encoder (a Swin
# Transformer over log-mels) and a text encoder, each followed by a 2-layer MLP into a **512-d** joint space,
# logit scale initialised to 1/0.07. Its released checkpoints use RoBERTa as the text encoder. To look inside,
# we build the architecture from laion_clap's own code with its **own transformer text branch** (the variant
# that needs nothing from the hub) and **random weights**, whether or not the checkpoint loaded: it shows
# sizes and shapes, not predictions. The pretrained checkpoint, when it is there, comes after the walk.

# %% slideshow={"slide_type": "-"}
clap_model, clap_config = clap.laion_clap.build_offline()
print(clap.laion_clap.describe(clap_model, clap_config))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now walk 10 s of the music21 recording (resampled to 48 kHz) and a caption through it, stage by stage:

# %% slideshow={"slide_type": "-"}
walk_caption = "a melody played on a wooden flute"
steps, audio_joint, text_joint = clap.laion_clap.walk(clap_model, clap_config, recording, recording_rate, walk_caption)
print(clap.laion_clap.steps_table(steps))
print(f"\naudio vector {tuple(audio_joint.shape)}, norm {float(audio_joint.norm()):.3f}; text vector "
      f"{tuple(text_joint.shape)}, norm {float(text_joint.norm()):.3f}; cosine {float(audio_joint @ text_joint.T):.3f} "
      f"(random weights: this number means nothing yet)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **What HTSAT does to the log-mel.** HTSAT (Chen et al., 2022) is a Swin Transformer for audio. The 10 s
# log-mel (1,001 frames × 64 mel bands) is stretched to 1,024 frames and **folded** into a square image: four
# 256-frame pieces stacked along the frequency axis, 256 × 256. A 4 × 4 convolution cuts it into 64 × 64 = 4,096
# patch tokens of 96 channels. Four **Swin stages** follow. Inside a stage, attention runs only within small
# windows of 8 × 8 tokens, shifted by half a window every other layer so neighbouring windows exchange
# information: the cost grows with the number of tokens, not its square. Between stages, **patch merging**
# joins each 2 × 2 group of tokens into one with twice the channels, so the picture gets coarser and the
# features richer, as in a CNN. At the end a token-semantic layer maps the 768-channel grid to one vector per
# clip (the "embedding" row above). Read off the walk:

# %% slideshow={"slide_type": "-"}
print(clap.laion_clap.htsat_stages(steps))
htsat_parameters = clap.laion_clap.parameter_counts(clap_model)["audio encoder (HTSAT-tiny)"]
print(f"HTSAT-tiny: {htsat_parameters / 1e6:.1f} M parameters, "
      f"{htsat_parameters / clap.laion_clap.parameter_counts(clap_model)['total']:.0%} of this CLAP's "
      f"{clap.laion_clap.parameter_counts(clap_model)['total'] / 1e6:.1f} M")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **What LAION-CLAP added.** The loss is CLIP's; Wu et al. (2023, ICASSP) contributed the rest of the recipe:
#
# * **Data: LAION-Audio-630K**, 633,526 audio–text pairs, 4,325.39 hours from 8 public sources (the paper's
#   Table 1), a magnitude larger than the audio–caption sets before it. The released 630k-audioset checkpoints
#   add AudioSet.
# * **Keyword-to-caption augmentation.** AudioSet clips have class labels ("dog", "bark"), not sentences. A
#   pretrained T5 language model writes a caption from each clip's keywords, so labelled data becomes
#   caption data. Our generator does the same thing by template: `captions.caption` turns a kind and its
#   loudness and length into a sentence.
# * **Encoders compared.** Audio: PANN (a CNN) against **HTSAT**; text: CLIP's transformer, BERT and
#   **RoBERTa**; HTSAT with RoBERTa did best. Both encoders start pretrained and are **trained**, together with a
#   2-layer MLP projection each into the 512-d space and the logit scale. (Our checkpoint freezes its text
#   encoder and trains only a projection: one of the differences to keep in mind.)
# * **Feature fusion** for audio of any length, below.
#
# **What the paper reports** (Wu et al., 2023; the paper's figures, not measured here). Zero-shot classification
# (its Table 4), best row, HTSAT + RoBERTa trained on LAION-Audio-630K plus AudioSet with keyword-to-caption
# augmentation: **ESC-50 91.0%** top-1 (50 environmental-sound classes, chance 2%), UrbanSound8K 77.0%, VGGSound
# 46.2%. Text-to-audio retrieval (its Table 3), the same encoders and data with feature fusion: **AudioCaps**
# recall@1 36.1% text→audio and 46.8% audio→text; **Clotho** 16.1% and 22.7% (recall@1 among the whole test set,
# about 1,000 clips for Clotho). Other rows of those tables (PANN instead of HTSAT, no AudioSet, no augmentation)
# are lower. The project's own README (github.com/LAION-AI/CLAP) gives figures anyone can reproduce with its
# zero-shot script: on the first official ESC-50 fold (400 clips), the released 630k-audioset-best.pt reaches 92.75%
# top-1 and the fusion checkpoint 90.50%, which it notes is slightly above the paper. Section 7's last cell measures
# the released 630k-audioset-best.pt on our own clips instead.
#
# **Feature fusion, and what `enable_fusion=False` turns off.** HTSAT reads exactly 10 s. With fusion on, a
# clip longer than that becomes four 10 s views, stacked as channels: the whole clip squeezed in time to 10 s
# (the global view) and three 10 s crops drawn at random from its first, middle and last thirds (local views at
# full resolution); an attention-based fusion block inside HTSAT merges them. A short clip is repeated up to 10 s
# and the same mel is used four times. With `enable_fusion=False`, which the lesson and the released
# 630k-audioset-best.pt use, there is no fusion block: a long clip is cut to one random 10 s crop and the rest is
# never heard. laion_clap builds the fusion input with torchaudio, which this project does not install;
# `clap.fusion.fusion_input` follows its steps with the lesson's log-mel at 48 kHz. A 2 s test clip and the
# 20 s recording:

# %% slideshow={"slide_type": "-"}
fused_short = clap.fusion.fusion_input(test_set.waveforms[0], rate)
fused_long = clap.fusion.fusion_input(recording, recording_rate, seed=0)
for name, fused in (("short", fused_short), ("long", fused_long)):
    print(f"{name}: {fused.duration_s:.1f} s → fusion input {fused.mel_fusion.shape} (views, mel bands, 10 ms frames); "
          f"longer than 10 s: {fused.longer}; the four views " + ("differ" if clap.fusion.views_differ(fused) else "are one mel repeated"))
clap.plots.mel_gallery([*fused_short.mel_fusion, *fused_long.mel_fusion],
                       [f"short: view {k}" for k in range(1, 5)] + [f"long: {v}" for v in clap.fusion.VIEWS],
                       columns=4)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The other model called CLAP.** Two different papers use the name. The one this lesson runs is
# **LAION-CLAP** (Wu et al., 2023): HTSAT + RoBERTa, LAION-Audio-630K, the `laion_clap` package. **Microsoft's
# CLAP** (Elizalde et al., 2023, ICASSP) came first with the same loss and a different model: a **CNN14** audio
# encoder (from PANNs), a **BERT** text encoder, and **128k** audio–text pairs, evaluated on 16 downstream tasks;
# it reports 82.6% zero-shot on ESC-50. Its successor (Elizalde et al., 2023, "Natural language supervision for
# general-purpose audio representations") trains on 4.6M pairs with a GPT-2-style text encoder. When a paper
# says "CLAP", check which one.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **With the pretrained checkpoint** (`CLAP_Module(enable_fusion=False)` and its `load_ckpt()` weights,
# loaded by `helpers.core.clap_weights.clap_model()`, which also drops the `text_branch.embeddings.position_ids`
# key that checkpoints saved before transformers 4.31 carry and newer versions reject), the real model labels
# 30 held-out clips (the first three of each kind) zero-shot. Its prompts are six held-out wordings a kind, fixed
# by rule (`captions.few_prompts`: each phrase alone, loud and long, quiet and short), in one batch padded to
# the longest prompt instead of laion_clap's 77 tokens each (`text_embeddings`: RoBERTa's attention mask makes
# the padding irrelevant, only slow). The tiny CLAP gets the same clips and prompts.

# %% slideshow={"slide_type": "-"}
if weights.available:
    few_prompts = clap.captions.few_prompts("test")
    pretrained_subset = test_set.first_of_each_kind(3)
    start = time.perf_counter()
    zs_laion = clap.laion_clap.pretrained_zero_shot(weights.model, pretrained_subset, few_prompts)
    seconds = time.perf_counter() - start
    zs_tiny = clap.evaluation.zero_shot(trained_clap, pretrained_subset, few_prompts)
    print(f"LAION-CLAP 630k-audioset-best.pt ({clap.laion_clap.checkpoint_size(weights.model)}), zero-shot on "
          f"{len(pretrained_subset)} held-out clips with {zs_laion.prompts} held-out prompts: "
          f"{zs_laion.result.accuracy:.1%}; tiny CLAP (frozen MiniLM, {model_source}), same clips and prompts: "
          f"{zs_tiny.accuracy:.1%}; chance {1 / len(few_prompts):.0%}")
    print(f"{seconds:.1f} s on the CPU: audio {zs_laion.seconds_audio:.1f} s, text {zs_laion.seconds_text:.1f} s "
          f"(the prompts as one batch of {zs_laion.tokens[0]} × {zs_laion.tokens[1]} tokens)")
else:
    print(f"Not run: this cell needs the pretrained LAION-CLAP ({weights.reason}).")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 8 · Widgets
#
# **Temperature.** The similarity matrix of the trained tiny CLAP (the checkpoint; ten clips against the ten
# held-out prompts) stays fixed; the slider changes only τ. Watch the softmax sharpen and the loss move.

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Let a student type a caption of their own into the sound designer. Use the mouse on a slide:
# the arrow keys move the deck.

# %% slideshow={"slide_type": "-"}
display(clap.widgets.temperature_figure(after, 0.07, class_names))  # the static picture, for a rendered page
clap.widgets.temperature_explorer(after.numpy(), class_names)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Sound designer.** Pick a kind, pitch, duration, loudness and background noise: the clip is synthesised,
# plays, and the frozen-MiniLM tiny CLAP (the checkpoint) ranks the candidate captions for it. Type your own caption and
# press Enter (or *add caption*) to put it among the candidates.

# %% slideshow={"slide_type": "-"}
default_clip, default_ranking = clap.widgets.designer_ranking(trained_clap, "high tone", 2000, 1.0, 0.0, True,
                                                              clap.widgets.DEFAULT_CANDIDATES)
print("default settings (high tone, 2000 Hz, 1 s, loud, no noise), best captions:")
for caption, p in default_ranking[:3]:
    print(f"  {p:5.1%}  {caption}")
display(clap.widgets.designer_figure(default_clip, default_ranking, "default settings: captions ranked"))
clap.widgets.sound_designer(trained_clap)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 9 · Exercises
#
# **Exercise 1.** A batch of $B = 32$ pairs where the model gives every clip–caption pair the same similarity.
# What is the loss (in nats)? Compute it by hand, then check.

# %% slideshow={"slide_type": "-"}
answer_1 = None  # your number, e.g. 3.0
flat = torch.nn.functional.normalize(torch.ones(32, 8), dim=-1)
check("loss with no information", answer_1, float(contrastive.clip_loss(flat, flat, contrastive.INIT_LOGIT_SCALE)),
      tolerance=0.01, hint="every row is a uniform softmax over 32 captions")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# Each row's softmax is uniform, so the right caption gets $1/32$ and the cross-entropy is $\log 32 \approx
# 3.466$ in both directions; their mean is the same. This is the chance level in section 4's plot.
# </details>
#
# **Exercise 2.** Only two captions compete for a clip, with cosine similarities 0.30 (right) and 0.20
# (wrong). What probability does the right one get at τ = 1, and at CLIP's τ = 0.07? Give the τ = 0.07 value.

# %% slideshow={"slide_type": "-"}
answer_2 = None  # a probability between 0 and 1
check("probability at τ = 0.07", answer_2, float(contrastive.softmax_rows(torch.tensor([[0.30, 0.20]]), 0.07)[0, 0]),
      tolerance=0.005, hint="softmax of (0.30, 0.20) / 0.07: the gap 0.1 becomes 1.43 in logits")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# $p = 1 / (1 + e^{-(0.30-0.20)/\tau})$. At τ = 1: $1/(1+e^{-0.1}) \approx 0.525$. At τ = 0.07:
# $1/(1+e^{-1.43}) \approx 0.807$. The temperature turns a small cosine gap into a confident choice.
# </details>
#
# **Exercise 3.** Three clips against their three captions score
# `[[0.9, 0.1, 0.0], [0.8, 0.5, 0.1], [0.3, 0.9, 0.2]]` (row i's match is column i). What is recall@1 for
# audio → text? And recall@2?

# %% slideshow={"slide_type": "-"}
answer_3 = None  # [recall@1, recall@2]
exercise_matrix = torch.tensor([[0.9, 0.1, 0.0], [0.8, 0.5, 0.1], [0.3, 0.9, 0.2]])
check("recall@1 and recall@2", answer_3,
      [contrastive.recall_at_k(exercise_matrix, 1), contrastive.recall_at_k(exercise_matrix, 2)],
      tolerance=0.01, hint="for each row, where does the diagonal entry rank?")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# Row 0's match (0.9) is first; row 1's (0.5) is second behind 0.8; row 2's (0.2) is last. Recall@1 = 1/3,
# recall@2 = 2/3.
# </details>
#
# **Exercise 4 (code).** Write the symmetric InfoNCE loss yourself in a few lines: logits from the unit
# vectors and the logit scale, a cross-entropy over the rows and one over the columns (the match of row $i$ is
# column $i$), their mean. The check compares it with `helpers.clap.clip_loss` on random unit vectors.

# %% slideshow={"slide_type": "-"}
import torch.nn.functional as F


def my_clip_loss(a, t, logit_scale):
    """``a``, ``t``: (B, D) unit vectors, row i of each a matched pair; returns a scalar tensor."""
    return None   # your code here


a_check, t_check = contrastive.random_unit(16, 32, seed=7), contrastive.random_unit(16, 32, seed=8)
mine = my_clip_loss(a_check, t_check, 14.3)
check("your symmetric InfoNCE", None if mine is None else float(mine),
      float(contrastive.clip_loss(a_check, t_check, 14.3)), tolerance=1e-4,
      hint="logits = logit_scale * a @ t.T; targets = torch.arange(B); average F.cross_entropy of logits and logits.T")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# ```python
# def my_clip_loss(a, t, logit_scale):
#     logits = logit_scale * a @ t.T
#     targets = torch.arange(len(a))
#     return (F.cross_entropy(logits, targets) + F.cross_entropy(logits.T, targets)) / 2
# ```
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The answer, measured in this run
#
# The figures this run measured, which the interview answer below quotes (which model each comes from is named):

# %% slideshow={"slide_type": "-"}
print(f"zero-shot, {len(test_set)} held-out clips, held-out wordings ({model_source}, frozen MiniLM): bare phrases "
      f"{main_row['held-out phrases'].accuracy:.1%}, prompt ensemble {main_row['held-out prompt ensemble'].accuracy:.1%}"
      f" (chance {1 / len(class_names):.0%})")
print(f"the loss: helpers.clap.contrastive.clip_loss matches laion_clap's ClipLoss within {abs(float(ours - theirs)):.1e}")
print(f"what it certifies: I >= {bounds[best_b]['bound']:.2f} nats at B = {best_b} (log B = {bounds[best_b]['log_b']:.2f});"
      f" false negatives are {share:.0%} of the held-out loss at B = 64")
print(f"LAION-CLAP's audio encoder, HTSAT-tiny, built offline: {htsat_parameters / 1e6:.1f} M parameters")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Interview answer · 面试回答
#
# An interview-length answer, in English and in Chinese (the two say the same), with this run's figures:

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Ask for a thirty-second spoken answer before revealing the printed one.

# %% slideshow={"slide_type": "-"}
print(clap.tables.interview_answer(bounds, report, best_held_out.accuracy, htsat_parameters, model_source))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * **What CLAP learns from:** pairs of audio and text. Two towers map each into one space; a dot product of
#   unit vectors scores every clip against every caption in the batch.
# * **The loss:** symmetric InfoNCE, a cross-entropy over rows and over columns of the similarity matrix,
#   scaled by a learnable logit scale (1/0.07 at the start, at most 100). Ours equals laion_clap's `ClipLoss`.
# * **Temperature** turns small cosine gaps into confident choices; **negatives** come free from the rest of
#   the batch, and more of them make the task harder and the signal sharper.
# * **Measured here:** a tiny CLAP (trained in seconds live, and for minutes in the checkpoint) classifies
#   held-out sounds zero-shot from held-out wordings (numbers in section 5), where a verdict also says how much a
#   frozen pretrained text encoder helps with words it never trained on, against a text tower from scratch.
# * **What the loss certifies:** $I \ge \log B - \mathcal{L}$, capped at $\log B$; captions that fit more than one
#   clip (false negatives) keep the loss above zero (section 6, figures printed there).
# * **LAION-CLAP** adds LAION-Audio-630K, keyword-to-caption augmentation, HTSAT + RoBERTa trained end to end,
#   and feature fusion for long audio; Microsoft's CLAP (CNN14 + BERT, 128k pairs) is a different model.
# * **The seed document** is right that matched pairs move together and others apart; it leaves out the
#   temperature, where the negatives come from, and how much the text tower's pretraining matters.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 总结
#
# * **CLAP 的学习材料：** 音频与文本描述的配对。两个编码器把音频和文本映射到同一个空间；单位向量的点积给出批次中每段音频与每条描述的相似度。
# * **损失函数：** 对称的 InfoNCE——对相似度矩阵的行和列分别做交叉熵再取平均，并乘以可学习的 logit scale（初始为 1/0.07，上限 100）。本课的实现与 laion_clap 的 `ClipLoss` 结果一致。
# * **温度**把微小的余弦差距放大成明确的选择；**负样本**直接来自同一批次中的其他样本，批次越大任务越难、训练信号越强。
# * **本课实测：** 小型 CLAP（课内现场训练几秒，检查点训练几分钟） 能用训练中从未出现的措辞对未见过的声音做零样本分类（数字见第 5 节）；对训练时没见过的词，冻结的预训练文本编码器比从零训练的文本编码器强多少，也由第 5 节的结论行给出。
# * **损失给出的保证：** 互信息下界 $I \ge \log B - \mathcal{L}$，且不超过 $\log B$；同一批次中同样贴切的描述（假负样本）让损失无法降到零（第 6 节给出本次运行的数字）。
# * **LAION-CLAP** 贡献了 LAION-Audio-630K 数据集、由关键词生成描述的数据增强、端到端训练的 HTSAT + RoBERTa，以及处理长音频的特征融合；微软的 CLAP（CNN14 + BERT，12.8 万对）是另一个模型。
# * **原文档**说"相关的音频-文本对更接近、不相关的更远离"是对的，但没有提到温度参数、负样本的来源，以及文本编码器预训练的重要性。

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# * van den Oord, A., Li, Y., Vinyals, O. *Representation Learning with Contrastive Predictive Coding.*
#   arXiv:1807.03748, 2018. The InfoNCE loss and the bound $I \ge \log B - \mathcal{L}$ (section 6; the
#   numbers in section 6 are this run's).
# * Poole, B., Ozair, S., van den Oord, A., Alemi, A., Tucker, G. *On Variational Bounds of Mutual
#   Information.* ICML, 2019. Why the bound cannot exceed $\log B$ (section 6).
# * Radford, A. et al. *Learning Transferable Visual Models From Natural Language Supervision.* ICML, 2021.
#   CLIP's symmetric loss, τ = 0.07 at the start, the cap of 100 and batches of 32,768 (sections 3–4).
# * Wu, Y., Chen, K., Zhang, T., Hui, Y., Nezhurina, M., Berg-Kirkpatrick, T., Dubnov, S. *Large-scale
#   Contrastive Language-Audio Pretraining with Feature Fusion and Keyword-to-Caption Augmentation.* ICASSP, 2023.
#   LAION-CLAP (section 7): LAION-Audio-630K's 633,526 pairs and 4,325.39 hours, keyword-to-caption
#   augmentation, the encoder comparison, feature fusion and the benchmark figures (ESC-50 91.0%, UrbanSound8K
#   77.0%, VGGSound 46.2% zero-shot; AudioCaps and Clotho recall@1) are the paper's; the fusion input shown is
#   this run's.
# * LAION-AI. *CLAP* repository README (github.com/LAION-AI/CLAP). Zero-shot top-1 of the released checkpoints on
#   the first official ESC-50 fold: 92.75% without fusion, 90.50% with it (section 7; the README's figures).
# * Chen, K., Du, X., Zhu, B., Ma, Z., Berg-Kirkpatrick, T., Dubnov, S. *HTS-AT: A Hierarchical
#   Token-Semantic Audio Transformer for Sound Classification and Detection.* ICASSP, 2022. HTSAT's design
#   (section 7; the shapes and parameter counts are from the architecture built in this run).
# * Elizalde, B., Deshmukh, S., Al Ismail, M., Wang, H. *CLAP: Learning Audio Concepts from Natural Language
#   Supervision.* ICASSP, 2023. CNN14 + BERT, 128k pairs, 82.6% zero-shot on ESC-50 (the paper's figures).
# * Elizalde, B., Deshmukh, S., Wang, H. *Natural Language Supervision for General-Purpose Audio
#   Representations.* arXiv:2309.05767, 2023. 4.6M pairs (the paper's figure).

# %% slideshow={"slide_type": "-"}
print(f"notebook ran in {time.perf_counter() - notebook_start:.0f} s after the first two cells; this kernel used "
      f"{time.process_time():.0f} s of CPU time in all (about the wall time on an idle machine)")
