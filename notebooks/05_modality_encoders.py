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
# # 05 · Modality encoders: how images, audio, video and text reach a language model
#
# > **问题 4：** 什么是模态编码器在AI多模态大模型中的作用？
# >
# > **Question 4:** What does a modality encoder do in a multimodal large model?
#
# **Learning goals.** After this lesson you can
#
# 1. trace an image, a sound and a video from raw signal to the vectors a language model reads, with their shapes;
# 2. measure whether an encoder's features carry meaning, and explain why two encoders trained apart do not share a
#    space;
# 3. say what a connector is, what is frozen and what is trained when one is fitted, and train one yourself;
# 4. count the tokens an image, a video or a clip of audio costs in a context window.
#
# **Prerequisites.** Lesson 02 (a causal Transformer language model), lesson 03 (a ViT turns an image into patch
# tokens) and lesson 04 (contrastive training puts two modalities in one space); PyTorch tensors and shapes.
#
# **Time.** About 45 minutes to read and run; the notebook itself runs in about a minute on a laptop CPU (seconds
# with `LIVE_TRAINING = False`).
#
# The source document answers in one sentence: a modality encoder turns inputs from different modalities
# (images, audio, video) into feature representations the model can understand and process, capturing each
# modality's own information so that the model can integrate it. That is right, and it leaves out everything one
# would need to build one: the connector, alignment between spaces, and the token cost. One nuance: the encoder
# itself integrates nothing. Each encoder sees only its own modality; where the combining happens depends on the
# connector (section 7): in LLaVA, inside the language model, whose attention reads visual and text tokens in one
# sequence; in BLIP-2, partly before it, in a Q-Former whose queries attend to the image under the guidance of
# text; in Flamingo, in new gated cross-attention layers between the frozen language model's blocks.
#
# This notebook runs real encoders and measures what they hand on:
#
# 1. the pattern, with real tensor shapes: signal → encoder → features → connector → the LLM's embeddings;
# 2. one encoder per modality, run here: a ViT for images, Whisper for audio, frames for video, MiniLM for text;
# 3. whether the features carry meaning (2-D pictures, and a nearest-neighbour measurement);
# 4. why alignment matters: two encoders trained apart do not share a space, a contrastively trained pair does;
# 5. a connector trained into a text encoder's space (CLIP-style alignment, not what LLaVA does);
# 6. LLaVA's first training stage in miniature: patch tokens through a projector into a frozen language model;
# 7. connectors that are not projectors (BLIP-2's Q-Former, Flamingo's resampler and gated cross-attention);
# 8. high-resolution images: tiles (LLaVA-NeXT) and dynamic resolution (Qwen2-VL);
# 9. a token-budget calculator: how much of a context window an image, a video or a clip of audio eats.
#
# The cell below decides within seconds whether pretrained CLIP weights are reachable: OpenAI's CLIP ViT-B/32,
# loaded with `open_clip` exactly as lesson 01 loads it, so one download serves both lessons. Without them that image
# encoder runs on PyTorch's `meta` device, which computes **shapes and no values**, and says so; everything else uses
# real pretrained encoders that install with the package manager (Whisper tiny.en, all-MiniLM-L6-v2) and two tiny
# encoders from earlier lessons: lesson 03's ViT and lesson 04's CLAP.
#
# Each tiny model comes in two versions. The **checkpoint** is trained for minutes by `make checkpoints` and loaded
# from `data/checkpoints/` (its card records the recipe, the data and the SHA-256 checked on load). The **live** one
# is the same code trained in this run, shortened, so you can watch it learn. The analyses that make the lesson's
# point use the checkpoint; each section says which model a figure comes from, and the live model and the checkpoint
# are shown side by side on the same held-out data. Set `LIVE_TRAINING = False` to skip the live runs: the lesson
# then runs in seconds, from the checkpoints alone.

# %% slideshow={"slide_type": "skip"}
LIVE_TRAINING = True  # a teacher sets False: no live runs here, the lesson runs in seconds from the trained checkpoints

import helpers

hub = helpers.core.pretrained.hub_status()  # decided before any heavy import can wait on the network
clip_weights = helpers.core.pretrained.try_load(helpers.core.pretrained.open_clip_model, "ViT-B-32", "openai")
helpers.core.runtime.seed_everything(0)
helpers.core.runtime.environment_report(clip_weights, packages=("torch", "open_clip_torch", "transformers", "ctranslate2"))

# %% slideshow={"slide_type": "skip"}
import functools
import inspect
import time

import numpy as np
import torch

from helpers import clap, encoders, vision
from helpers.core import corpora, exercises, minilm, probes

NOTEBOOK_START = time.perf_counter()
live = helpers.core.runtime.live_training(LIVE_TRAINING)  # FIVEQ_LIVE_TRAINING=0/1 overrides the switch
VIT_EPOCHS, CLAP_EPOCHS = 6, 10   # the live runs: lesson 03's and lesson 04's code, shortened
CONNECTOR_EPOCHS = 8              # section 5's connector trains in every run, live training on or off

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · The pattern, with real shapes
#
# A language model reads a sequence of vectors of one width (4,096 for a 7B LLaMA). An image is a
# `3 × 336 × 336` grid of numbers, a 30 s recording is 480,000 samples. A **modality encoder** turns the
# signal into a sequence of feature vectors; a small **connector** (or projector) maps each feature vector to
# the language model's width; the results are placed in the sequence next to the embeddings of the text tokens.
#
# Below, LLaVA-1.5-7B's image path at full size: the real CLIP ViT-L/14-336 architecture and the real 2-layer
# MLP projector, run on PyTorch's `meta` device (shapes and parameter counts, no memory, no weights), and
# Whisper tiny.en's real pretrained encoder on a real 20 s recording, padded to Whisper's 30 s window.

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Draw encoder, connector and language model as three boxes and keep them on the board; every
# section fills in one box.

# %% slideshow={"slide_type": "-"}
llava = encoders.llava.llava_shapes(prompt_tokens=20)
for name, shape in llava.items():
    print(f"{name:<36} {shape[0]:,}" if "parameters" in name else f"{name:<36} {shape}")

recording, recording_rate, recording_about = clap.sounds.real_recording()
melody = clap.prepare(recording, recording_rate, encoders.WHISPER_SAMPLE_RATE_HZ)
t0 = time.perf_counter()
whisper_mel = encoders.whisper.log_mel(melody)
whisper_tokens = encoders.whisper.encode(melody)
whisper_seconds = time.perf_counter() - t0
print(f"\n{recording_about}")
print(f"Whisper tiny.en: {len(melody) / 16000:.1f} s of audio {melody[None].shape} → log-mel "
      f"{whisper_mel.shape} → encoder {whisper_tokens.shape} in {whisper_seconds:.1f} s")
whisper_projector = encoders.llava.llava_projector(encoders.whisper.WIDTH, encoders.llava.LLAMA_WIDTH)
with torch.device("meta"):
    projected_audio = whisper_projector(torch.empty(whisper_tokens.shape))
encoder_params, projector_params = llava["encoder parameters"][0], llava["projector parameters"][0]
print(f"LLaVA-1.5: vision encoder {encoder_params / 1e6:.1f}M parameters, connector {projector_params / 1e6:.1f}M "
      f"({encoder_params / projector_params:.0f}× smaller)")

# %% slideshow={"slide_type": "subslide"}
encoders.plots.pipeline([
    ("image", [("signal", "image", llava["image"]), ("encoder", "CLIP ViT-L/14-336\n(penultimate layer)", ()),
               ("features", "patch features", llava["visual features"]), ("connector", "2-layer MLP", ()),
               ("llm", "visual tokens", llava["visual tokens"])]),
    ("audio", [("signal", "30 s at 16 kHz", (1, 480_000)), ("signal", "log-mel", whisper_mel.shape),
               ("encoder", "Whisper tiny.en\nencoder", ()), ("features", "frame features", whisper_tokens.shape),
               ("connector", "2-layer MLP", ()), ("llm", "audio tokens", tuple(projected_audio.shape))]),
    ("text", [("signal", "prompt", (1, 20)), ("llm", "LLM token\nembedding table", ()),
              ("llm", "text embeddings", llava["prompt embeddings"])]),
], title="Signal → modality encoder → features → connector → the language model's input (shapes measured above)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The LLM input is the concatenation of the visual tokens and the prompt's embeddings: the language model cannot
# tell that the first 576 "words" were never words. The encoder is large (frozen in LLaVA) and the connector
# more than ten times smaller, as printed above. Whisper's encoder makes **1,500** tokens however short the clip
# is, because it always pads to 30 s: a cost counted in section 9.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · One encoder per modality, run for real
#
# ### Image: a ViT turns an image into patch tokens and a pooled vector
#
# CLIP's image tower is a ViT: a 224 × 224 photo cut into 32 × 32 patches gives a 7 × 7 grid of 49 patch
# tokens of width 768, and a pooled, projected 512-d vector that CLIP compares with text.

# %% slideshow={"slide_type": "-"}
if clip_weights.available:
    clip_model, _, clip_tokenizer = clip_weights.model
    clip_tokens = functools.partial(encoders.clip_image.clip_image_tokens, clip_model)
    clip_note = "CLIP ViT-B-32 'openai' via open_clip, pretrained OpenAI weights"
else:  # no weights: the same architecture on the meta device, which computes shapes and no values
    clip_tokens = encoders.clip_image.meta_clip_image_tokens
    clip_note = ("CLIP ViT-B/32's architecture on the meta device (no pretrained CLIP reachable): "
                 "the shapes are real, there are no values")
photo = vision.load_photo("astronaut", 224)[None]
pooled, patch_tokens = clip_tokens(photo)
print(clip_note)
print(f"image {tuple(photo.shape)} → patch tokens {tuple(patch_tokens.shape)} and pooled vector {tuple(pooled.shape)}")
print(f"formula: visual_token_count(224, 32) = {encoders.visual_token_count(224, 32)}")
print(f"LLaVA-1.5: visual_token_count(336, 14) = {encoders.visual_token_count(336, 14)}; "
      f"measured on the meta-device ViT-L/14-336: {llava['visual features'][1]}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The pooled vector is what CLIP compares with text. With pretrained weights (the PRETRAINED path), the cell below
# asks which caption fits the photo; on the offline path it says why it is skipped: there are no weights, so there
# are no probabilities to print.

# %% slideshow={"slide_type": "-"}
prompts = list(corpora.read_lines("encoders/clip_prompts.txt"))
if clip_weights.available:
    probabilities = encoders.clip_image.clip_prompt_probabilities(clip_model, clip_tokenizer, photo, prompts)[0]
    for prompt, p in sorted(zip(prompts, probabilities.tolist()), key=lambda x: -x[1]):
        print(f"{p:6.1%}  {prompt}")
else:
    print(f"skipped: needs pretrained CLIP weights ({clip_weights.reason})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The formula is `(H / p) × (W / p)` patch tokens, one more if the class token is handed on; LLaVA-1.5 drops it
# and takes the penultimate layer. The source of the 576 is `(336 / 14)² = 24² = 576`.
# `tests/encoders/test_token_counts.py` checks these formulas against the real architectures (transformers and
# open_clip).
#
# To measure what features *mean* (section 3) the same way on both paths, offline included, we use an image
# encoder trained on the kind of images section 3 tests: **lesson 03's tiny ViT**, trained on scikit-learn's 1,797
# real handwritten 8 × 8 digits (2 × 2 patches → 16 patch tokens + a class token, width 64). Two versions:
#
# - the **checkpoint**: lesson 03's model trained by `make checkpoints` with lesson 03's long recipe
#   (`vision.VIT_LONG`: more epochs, digits shifted by up to one pixel); the first line below is its card;
# - the **live run**: the same code trained here for 6 epochs of lesson 03's recipe (skipped with `LIVE_TRAINING` off).
#
# Both learned from the same 1,347 training digits and are measured below on the same 450 held-out digits.
# Sections 3 and 5 use the checkpoint, or the live model if the checkpoint did not load (the lines below say which).

# %% slideshow={"slide_type": "-"}
print("CLIP above has pretrained weights, but was not trained on 8 × 8 digits; the tiny ViT below is, on both paths"
      if clip_weights.available else
      "CLIP above has no weights (shapes only), so it cannot show what features mean; the tiny ViT below is trained on digits")
digits = vision.digits_split(test_fraction=0.25, seed=0)
checkpoint_vit, message = vision.load_tiny_vit()
print(message)
live_vit, vit_log, note = encoders.side_by_side.live_run(
    "tiny ViT", live, checkpoint_vit,
    lambda: vision.train_tiny_vit(digits, epochs=VIT_EPOCHS, description="tiny ViT, live (lesson 03's recipe, 6 epochs)"))
print(note)
vit, vit_source = encoders.side_by_side.chosen(checkpoint_vit, live_vit)
print(encoders.side_by_side.live_vs_checkpoint(f"tiny ViT, {len(digits.test_labels)} held-out digits",
                                               encoders.side_by_side.vit_figures, digits, "tiny_vit",
                                               live_vit, vit_log, checkpoint_vit))
vit_accuracy = vision.accuracy(vit, digits.test_images, digits.test_labels)
with torch.no_grad():
    digit_tokens = vit.encoder(digits.test_images[:1]).hidden
print(f"sections 3 and 5 use the tiny ViT's {vit_source} (test accuracy {vit_accuracy:.1%})")
print(f"one digit {tuple(digits.test_images[:1].shape)} → tokens {tuple(digit_tokens.shape)} "
      f"(= visual_token_count(8, 2, cls_token=True) = {encoders.visual_token_count(8, 2, cls_token=True)})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Audio: a spectrogram encoder
#
# Audio encoders read a **log-mel spectrogram**, an image of energy per frequency band over time. Two here:
#
# - **Whisper tiny.en**, the smallest English-only member of OpenAI's Whisper family (Radford et al., 2023: trained
#   on 680,000 hours of weakly supervised web audio, transcripts found with the audio rather than written by
#   annotators, not only clean speech; the `.en` models on its English part). Its front end: 10 ms mel frames,
#   a stride-2 convolution, so **one token per 20 ms**, and a fixed 30 s window: 30 s → 3,000 frames → **1,500
#   tokens of width 384**, measured above. For short clips we encode only the clip (`pad_to_window=False`, the
#   shortcut whisper.cpp calls `audio_ctx`): a 1.5 s clip becomes 75 tokens. **This is outside Whisper's
#   training**: its encoder only ever saw full 30 s windows (speech plus padding), so features of a short unpadded
#   clip are a shortcut for speed, not what the model was trained to produce; the scores below are for that use.
# - **lesson 04's tiny CLAP audio encoder**: a small CNN over a 64-band log-mel, trained with captions
#   (section 4). It pools over time and returns **one vector per clip**.
#
# The labelled sounds are lesson 04's generated audio–caption set: ten kinds of sound (tones, chords,
# sweeps, noises, clicks, tremolo), 1.5 s at 16 kHz, with captions.

# %% slideshow={"slide_type": "-"}
sound_test = clap.make_set(8, "test", seed=0)   # 80 held-out clips: the held-out band, the held-out wordings
t0 = time.perf_counter()
whisper_clip_tokens = encoders.whisper.encode(sound_test.waveforms, pad_to_window=False)
whisper_features = whisper_clip_tokens.mean(axis=1)
whisper_clip_seconds = time.perf_counter() - t0
print(f"{len(sound_test)} test clips {sound_test.waveforms.shape} → Whisper tokens {whisper_clip_tokens.shape} "
      f"in {whisper_clip_seconds:.1f} s (formula: audio_token_count(1.5, window_s=None) = "
      f"{encoders.audio_token_count(1.5, window_s=None)}) → mean over time {whisper_features.shape}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Lesson 04's tiny CLAP** (audio CNN + frozen MiniLM with a trained projection, contrastive loss; section 4 shows
# why that matters), again in two versions: the **checkpoint**, trained by `make checkpoints` with lesson 04's long
# recipe on thousands of generated clips (its card, printed first, gives clips, steps and time), and a **live run** of
# lesson 04's code, shortened to 240 training clips and 10 epochs to keep this notebook quick. Both are measured below
# on the same 80 held-out clips (pitches and rates from the held-out band, captions from the held-out wordings).
# Sections 3 and 4 use the checkpoint, or the live model if the checkpoint did not load. Its audio encoder turns a
# clip into one vector:

# %% slideshow={"slide_type": "-"}
checkpoint_clap, message = clap.load_tiny_clap("tiny_clap")
print(message)
live_clap, clap_history, note = encoders.side_by_side.live_run(
    "tiny CLAP", live, checkpoint_clap,
    lambda: clap.train_tiny_clap(clap.make_set(24, "train", seed=0), text_tower="minilm", epochs=CLAP_EPOCHS, seed=0))
print(note)
trained_clap, clap_source = encoders.side_by_side.chosen(checkpoint_clap, live_clap)
print(encoders.side_by_side.live_vs_checkpoint(f"tiny CLAP, {len(sound_test)} held-out clips",
                                               encoders.side_by_side.clap_figures, sound_test, "tiny_clap",
                                               live_clap, clap_history, checkpoint_clap))
clap_mel = clap.tiny_clap.audio_features(sound_test.waveforms[:1], sound_test.sample_rate_hz)
clap_vector = trained_clap.encode_audio(sound_test.waveforms[:1])
print(f"sections 3 and 4 use the tiny CLAP's {clap_source}")
print(f"one clip {sound_test.waveforms[:1].shape} → log-mel {tuple(clap_mel.shape)} → audio embedding "
      f"{tuple(clap_vector.shape)} (one token: encoders.token_count('audio', 'tiny CLAP audio (lesson 04)', "
      f"duration_s=1.5) = {encoders.token_count('audio', 'tiny CLAP audio (lesson 04)', duration_s=1.5)})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Video: frames sampled in time, each encoded, then kept or pooled
#
# A video encoder in most multimodal LLMs is an image encoder applied frame by frame. Below, a deterministic
# "video": a camera panning across the astronaut photo, 32 frames, of which we sample 4 evenly spaced ones
# (the centre of each quarter; Video-LLaVA samples 8), and encode each with the CLIP ViT-B-32 above.

# %% slideshow={"slide_type": "-"}
clip_video = encoders.video.pan_video(frames=32, size=224)
picked = encoders.video.sample_frame_indices(len(clip_video), 4)
frames = clip_video[picked]
frame_tokens = encoders.video.encode_frames(lambda x: clip_tokens(x)[1], frames[None])
print(f"video {tuple(clip_video.shape)} → sampled frames {picked.tolist()} → per-frame tokens {tuple(frame_tokens.shape)}")
for pooling in encoders.video.POOLINGS:
    shape = tuple(encoders.video.pool_video_tokens(frame_tokens, pooling, class_token=False).shape)
    print(f"  {pooling:<22} → {shape}")
print(f"formula: video_token_count({len(picked)}, 224, 32) = {encoders.video_token_count(len(picked), 224, 32)}")
encoders.plots.image_strip(frames, [f"frame {i}" for i in picked], title=f"{len(picked)} frames sampled from a 32-frame pan")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Kept in full, tokens grow with **frames × (resolution / patch)²**. The figure shows it for LLaVA-1.5's encoder
# (ViT-L/14) at three resolutions, and with a 2 × 2 pooling of the patch grid, against common context windows.

# %% slideshow={"slide_type": "-"}
frame_counts = [1, 2, 4, 8, 16, 32, 64]
growth = {f"ViT-L/14 at {s} px, all tokens": [encoders.video_token_count(f, s, 14) for f in frame_counts]
          for s in (224, 336, 448)}
growth["ViT-L/14 at 336 px, pooled 2×2"] = [encoders.video_token_count(f, 336, 14, 144) for f in frame_counts]
growth["one vector per frame"] = [encoders.video_token_count(f, 336, 14, 1) for f in frame_counts]
sixteen = encoders.video_token_count(16, 336, 14)
print(f"16 frames at 336 px, all tokens: {sixteen:,} = {sixteen / 4096:.2f} × a 4,096-token context; "
      f"pooled 2×2: {encoders.video_token_count(16, 336, 14, 144):,}")
encoders.plots.token_growth(frame_counts, growth, {"4k context": 4096, "32k context": 32768, "128k context": 128_000},
                   title="Visual tokens handed to the LLM as frames are added")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Sixteen frames at 336 px kept in full do not fit a 4k context (printed above). Video LLMs therefore pool:
# averaging 2 × 2 blocks of the patch grid quarters the count; one vector per frame is cheapest of all.
# Pooling has a price, measured in section 3.
#
# ### Text: the real pretrained MiniLM encoder
#
# For text, the "encoder" of an LLM is its own embedding table. A separate text encoder is used where text must
# be compared with other modalities (CLIP, CLAP, retrieval). all-MiniLM-L6-v2 is pretrained and installs offline:

# %% slideshow={"slide_type": "-"}
text = "a handwritten seven on a scanned page"
text_pieces, text_hidden, _ = minilm.encode_tokens(text)
sentence = minilm.embed(text)
print(f"{text!r} → {len(text_pieces)} WordPiece tokens {text_pieces}")
print(f"→ last-layer token features {tuple(text_hidden[-1].shape)} → mean-pooled sentence vector {tuple(sentence.shape)}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · Features carry meaning
#
# An encoder is good if inputs that mean the same thing land near each other. Two ways to look:
# a **2-D projection** (PCA: the two directions of largest variance) coloured by class, and a number, the
# **leave-one-out nearest-neighbour accuracy**: for each input, is the closest *other* input (by cosine) of the
# same class? Random features score about `1 / classes`. The measurement:

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(probes.nearest_neighbour_accuracy))

# %% [markdown] slideshow={"slide_type": "subslide"}
# For video we need clips whose label depends on time. From real test digits: 120 four-frame clips that count
# **up** (e.g. 3 4 5 6) or **down** (6 5 4 3), each frame a different handwritten image. Up and down use the same
# digits; only the order tells them apart. Each frame goes through the tiny ViT of section 2 (17 tokens of 64).

# %% slideshow={"slide_type": "-"}
count_videos, count_direction, count_start = encoders.video.counting_videos(digits.test_images, digits.test_labels,
                                                                             60, frames=4, seed=0)
print(f"counting clips {tuple(count_videos.shape)}: {int((count_direction == 0).sum())} up, "
      f"{int((count_direction == 1).sum())} down")
up_digits = [int(count_start[0]) + i for i in range(4)]
down_digits = [int(count_start[60]) + 3 - i for i in range(4)]
encoders.plots.image_strip(torch.cat([count_videos[0], count_videos[60]]),
                  [f"up, frame {i + 1}" for i in range(4)] + [f"down, frame {i + 1}" for i in range(4)],
                  title=f"Two of the clips: counting up {up_digits} and counting down {down_digits}")

# %% slideshow={"slide_type": "subslide"}
topic_sentences = corpora.read_json("encoders/topic_sentences.json")["topics"]      # four topics, six sentences each
topic_texts = [s for group in topic_sentences.values() for s in group]
topic_labels = np.repeat(np.arange(len(topic_sentences)), [len(g) for g in topic_sentences.values()])
with torch.no_grad():
    vit_features = vision.encoder_features(vit.encoder, digits.test_images, pool="cls")
    clap_audio = trained_clap.encode_audio(sound_test.waveforms)
count_tokens = encoders.video.encode_frames(lambda x: vit.encoder(x).hidden, count_videos)      # (n, 4, 17, 64)
video_mean = encoders.video.pool_video_tokens(count_tokens, "mean over time")[:, 0]             # class token, averaged
video_ordered = encoders.video.pool_video_tokens(count_tokens, "one vector per frame").flatten(1)  # 4 class tokens in order

PIXELS, VIT_CLS = "digits: raw pixels (64)", f"digits: tiny ViT ({vit_source}), class token (64)"
WHISPER, CLAP_AUDIO = "sounds: Whisper tiny.en, mean of tokens (384)", f"sounds: tiny CLAP ({clap_source}), audio (128)"
TEXT = "text: MiniLM sentence vectors (384)"
MEAN_VIDEO, ORDERED_VIDEO = "video: ViT tokens averaged over time (64)", "video: ViT class token per frame, in order (4×64)"
sound_names, directions = sound_test.kind_names, ["counting up", "counting down"]
feature_sets = [
    (PIXELS, digits.test_images.flatten(1), digits.test_labels.numpy(), [str(d) for d in range(10)]),
    (VIT_CLS, vit_features, digits.test_labels.numpy(), [str(d) for d in range(10)]),
    (WHISPER, whisper_features, sound_test.labels, sound_names),
    (CLAP_AUDIO, clap_audio, sound_test.labels, sound_names),
    (TEXT, minilm.embed(topic_texts), topic_labels, list(topic_sentences)),
    (MEAN_VIDEO, video_mean, count_direction.numpy(), directions),
    (ORDERED_VIDEO, video_ordered, count_direction.numpy(), directions),
]
nn_scores, panels = encoders.feature_scores.score_features(feature_sets, seed=0)
print(encoders.feature_scores.score_table(nn_scores))

# %% slideshow={"slide_type": "subslide"}
encoders.plots.feature_maps(panels, columns=4)

# %% slideshow={"slide_type": "subslide"}
def nn(title):
    return nn_scores[title].score


def against_chance(title):
    return encoders.verdicts.versus_chance(nn_scores[title].score, nn_scores[title].chance)


print(f"Digits: the tiny ViT's class token ({vit_source}) {nn(VIT_CLS):.1%}, {against_chance(VIT_CLS)} and "
      f"{encoders.verdicts.compare(nn(VIT_CLS), nn(PIXELS))} raw pixels ({nn(PIXELS):.1%}); "
      f"the ViT classifies {vit_accuracy:.1%} of the test digits")
print(f"Sounds: Whisper tiny.en (trained to transcribe speech) {nn(WHISPER):.1%}, {against_chance(WHISPER)}; "
      f"the tiny CLAP's audio encoder ({clap_source}) {nn(CLAP_AUDIO):.1%}, {against_chance(CLAP_AUDIO)} "
      f"(chance {nn_scores[WHISPER].chance:.1%})")
print(f"Text: MiniLM's sentence vectors {nn(TEXT):.1%}, {against_chance(TEXT)} (chance {nn_scores[TEXT].chance:.1%})")
print(f"Video, up vs down: averaged over time {nn(MEAN_VIDEO):.1%} ({against_chance(MEAN_VIDEO)}), kept in order "
      f"{nn(ORDERED_VIDEO):.1%} ({against_chance(ORDERED_VIDEO)}; chance {nn_scores[MEAN_VIDEO].chance:.0%})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# How to read the lines just printed ("far above chance": more than 20 points above it; "at or near chance":
# at most 5 points above it):
#
# - **Digits**: 8 × 8 digits are so clean that raw pixels are a strong feature for nearest neighbours on their
#   own, so the class token is compared with them, not only with chance. An encoder's job is not to beat pixels on
#   an easy set but to turn any input into a fixed number of vectors of one width that a Transformer can read
#   (17 tokens of 64 here) while keeping the class information.
# - **Sounds**: Whisper was trained to transcribe speech; its line says whether its features still separate tones,
#   noises and clicks, that is, whether a pretrained encoder transfers. The tiny CLAP's audio encoder was trained
#   on these kinds of sound, from the training range of pitches and rates; the test clips come from a held-out range.
# - **Text**: the topic sentences share almost no words, so a score above chance comes from meaning, not spelling.
# - **Video**: the mean of four frames is the same whichever order they come in, and "counting up" and "counting
#   down" use the same digits; per-frame vectors kept in order differ in every position. Compare the two video
#   scores: that difference is why video LLMs hand on several tokens per frame, in time order, rather than one
#   average.
#
# A 2-D projection is only a shadow of a 64- or 384-dimensional space: a panel can overlap in the picture and still
# score high. Trust the measurement.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · Why alignment matters
#
# Whisper's features and MiniLM's sentence vectors are both **384 wide**. Same width is not the same space: the
# two encoders were trained separately, and nothing ties dimension 17 of one to dimension 17 of the other.
# Test it: for each test clip, find the nearest caption by cosine, and count it correct if the caption
# describes the same kind of sound (ten kinds, so chance is about 10%). Then do the same in the shared space of
# the tiny CLAP of section 2 (the checkpoint, unless it did not load), where audio and text were trained together
# with a contrastive loss, and in the same model before any training.

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Ask why features that already separate the classes are not enough for a language model to
# read them.

# %% slideshow={"slide_type": "-"}
caption_vectors = minilm.embed(list(sound_test.captions))
untrained_clap = clap.untrained_tiny_clap(seed=0)
clap_text = trained_clap.encode_text(list(sound_test.captions))
untrained_audio = untrained_clap.encode_audio(sound_test.waveforms)
untrained_text = untrained_clap.encode_text(list(sound_test.captions))
labels = sound_test.labels
APART, UNTRAINED, ALIGNED = ("Whisper audio vs MiniLM text\n(trained apart, both 384-d)",
                             "tiny CLAP before training\n(random projections)",
                             f"tiny CLAP after contrastive training\n({clap_source}, one shared 128-d space)")
alignment = {
    APART: probes.cross_modal_accuracy(whisper_features, labels, caption_vectors, labels),
    UNTRAINED: probes.cross_modal_accuracy(untrained_audio, labels, untrained_text, labels),
    ALIGNED: probes.cross_modal_accuracy(clap_audio, labels, clap_text, labels),
}
pair_recall = {
    "Whisper vs MiniLM": clap.recall_at_k(probes.cosine_matrix(whisper_features, caption_vectors), 1),
    f"tiny CLAP ({clap_source})": clap.recall_at_k(probes.cosine_matrix(clap_audio, clap_text), 1),
}
chance_kind = probes.chance_accuracy(labels)
for name, value in alignment.items():
    print(f"{name.replace(chr(10), ' '):<75} audio→caption of the same kind: {value:.1%}")
print(f"chance: {chance_kind:.1%}; exact-caption recall@1 among {len(labels)}: "
      + ", ".join(f"{k} {v:.1%}" for k, v in pair_recall.items()) + f" (chance {1 / len(labels):.1%})")
encoders.plots.grouped_scores(list(alignment), {"audio → text retrieval (same kind)": list(alignment.values())},
                     chance=chance_kind, title="Cross-modal retrieval needs a shared space")

# %% slideshow={"slide_type": "subslide"}
apart, aligned = alignment[APART], alignment[ALIGNED]
print(f"Trained apart, Whisper's audio features find a caption of the same kind {apart:.1%} of the time, "
      f"{encoders.verdicts.versus_chance(apart, chance_kind)}, though the same features scored {nn(WHISPER):.1%} on "
      f"nearest neighbours among themselves in section 3 ({against_chance(WHISPER)}).")
print(f"In the tiny CLAP's shared space ({clap_source}, trained contrastively): {aligned:.1%}, "
      f"{encoders.verdicts.versus_chance(aligned, chance_kind)}, {encoders.verdicts.compare(aligned, apart)} "
      f"the two encoders trained apart.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Same width is not the same space: two encoders trained apart can each separate their own inputs well and still not
# find each other's, as the lines above measure. Alignment is what CLIP and CLAP train with their contrastive loss,
# and what a multimodal LLM's connector learns, next.
#
# **Why language-aligned encoders are the usual choice.** Most multimodal LLMs take a CLIP (Radford et al., 2021) or
# SigLIP (Zhai et al., 2023) image tower rather than an ImageNet classifier or an MAE. Trained to match images with
# free-text captions, their features already sit near the concepts language names (objects, attributes, text in
# the image, styles), so the connector has a short way to go: the measurement above shows how far apart two spaces
# are when nothing aligned them. **Why the penultimate layer.** LLaVA takes the patch features of the layer before
# the last (Liu et al., 2023, who found it slightly better than the last): CLIP's last layer is shaped for the one
# pooled vector its loss compares, while the layer before keeps more local, per-patch detail for the language model
# to read. **Another route to one space**: ImageBind (Girdhar et al., 2023) binds five modalities (text, audio,
# depth, thermal, IMU motion) each to *images* with a contrastive loss; since all are bound to the image space,
# audio and text become comparable without one audio–text pair in training.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5 · A connector trained into a text encoder's space: CLIP-style alignment
#
# A first connector, trained the way CLIP and CLAP align two towers. **This is not what LLaVA does**: it projects
# one pooled vector per image and trains it with a contrastive (InfoNCE) loss against a separate *text encoder*,
# where LLaVA hands on every patch token to a *language model* and trains with that model's next-token loss
# (section 6 builds that). What the two share: both encoders stay frozen and only the projector learns.
#
# - frozen image encoder: the tiny ViT's class token (64-d), from the model section 2 named (the checkpoint, unless
#   it did not load);
# - frozen text space: MiniLM's sentence vectors (384-d) of captions such as *"a handwritten seven"*;
# - trained: a linear projector (64 → 384) or LLaVA-1.5's shape, Linear → GELU → Linear.
#
# The test uses captions worded differently from training ("an image of the numeral seven", "someone wrote a
# seven"), so success means the image landed in the right region of the text space, not on a memorised string.
# The projector is what this section is about and trains in seconds, so it is trained in every run, with
# `LIVE_TRAINING` off too.

# %% slideshow={"slide_type": "-"}
print(encoders.connector.TRAIN_TEMPLATES, "→ training captions;", encoders.connector.TEST_TEMPLATES, "→ test captions")
print(f"frozen image features: the tiny ViT's {vit_source}, class token")
train_vit_features = vision.encoder_features(vit.encoder, digits.train_images, pool="cls")
caption_targets = encoders.connector.caption_embeddings("train")              # (10 digits, 4 wordings, 384)
test_text = encoders.connector.class_text_embeddings("test")                  # (10, 384)
runs, before = {}, {}
for kind in encoders.connector.PROJECTOR_KINDS:
    torch.manual_seed(0)
    untrained = encoders.connector.build_projector(kind, train_vit_features.shape[1], caption_targets.shape[2])
    before[kind] = encoders.connector.retrieval_accuracy(untrained, vit_features, digits.test_labels, test_text)
    runs[kind] = encoders.connector.train_connector(kind, train_vit_features, digits.train_labels, caption_targets,
                                           vit_features, digits.test_labels, test_text, epochs=CONNECTOR_EPOCHS, seed=0)
for kind, run in runs.items():
    print(f"{probes.parameter_count(run.projector):>7,} parameters, "
          + encoders.verdicts.connector_verdict(kind, before[kind], run.test_accuracy[-1], run.seconds))
print(f"LLaVA-1.5's projector at full size (1024 → 4096 → 4096): "
      f"{probes.parameter_count(encoders.llava.llava_projector()):,} parameters")

# %% slideshow={"slide_type": "subslide"}
encoders.plots.connector_curves({f"{k} projector": r.test_accuracy for k, r in runs.items()},
                      before={f"{k} projector": v for k, v in before.items()}, chance=0.1,
                      title=f"Frozen ViT features ({vit_source}) → frozen MiniLM caption space: test retrieval accuracy")

# %% slideshow={"slide_type": "subslide"}
linear_after, mlp_after = (runs[k].test_accuracy[-1] for k in ("linear", "mlp"))
print(f"The MLP projector ends {encoders.verdicts.compare(mlp_after, linear_after)} the linear one "
      f"({mlp_after:.1%} vs {linear_after:.1%}); the better of the two ({max(mlp_after, linear_after):.1%}) is "
      f"{encoders.verdicts.compare(max(mlp_after, linear_after), vit_accuracy)} the ViT's own test accuracy "
      f"({vit_accuracy:.1%}, {vit_source}).")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Before training, a projector is a random map, so retrieval starts from about chance (10%); the lines above say where
# a few seconds of training on the projector alone take it, with caption wordings it never saw. The encoders did the
# hard work; the connector only has to learn where their spaces line up, and it cannot know more than the image
# encoder does, hence the comparison with the ViT's own accuracy. On features as linearly separable as these a linear
# map can do what the MLP does; LLaVA-1.5 reported that the MLP improved on LLaVA's original linear projector at
# full scale.
#
# The two projectors and the training step's loss, printed from the helpers that ran:

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(encoders.connector.build_projector))
print(inspect.getsource(encoders.connector.caption_loss))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6 · LLaVA's stage 1 in miniature: patch tokens into a frozen language model
#
# LLaVA (Liu et al., 2023) trains in two stages. **Stage 1, feature alignment**: the CLIP vision encoder and the
# language model (Vicuna) are frozen; only the projector is trained, on image–caption pairs, with the language
# model's next-token loss on the caption. **Stage 2, visual instruction tuning**: the vision encoder stays frozen;
# the projector *and* the language model are trained on instruction-following conversations about images.
#
# Here stage 1 in miniature, on the same digits:
#
# - frozen vision encoder: lesson 03's tiny ViT (its checkpoint via `vision.load_tiny_vit`, unless it did not load),
#   handing on **all 16 patch tokens** of an image, class token dropped as LLaVA drops it;
# - frozen language model: lesson 02's `TinyTransformer` recipe in causal mode, trained first for a few seconds on
#   caption *text* alone (each text is two captions of one digit, so it learns that what the context said decides
#   the digit it writes), then frozen; it has never seen an image;
# - trained: LLaVA-1.5's projector shape (Linear → GELU → Linear) from the ViT's width into the language model's
#   input-embedding space. The 16 projected vectors go in front of the caption's word embeddings and the language
#   model reads them as if they were words.
#
# Two versions again. The **checkpoint** (`tiny_captioner`, trained by `make checkpoints` with
# `encoders.checkpoint.CAPTIONER_LONG`: 1,500 steps for the language model, then 1,500 for the projector, on the
# patch tokens of the tiny ViT checkpoint; its card, printed first, records which ViT by its SHA-256) and the
# **live run**: the same code with 300 steps per stage (`CAPTIONER_LIVE`), seconds on a CPU, skipped with
# `LIVE_TRAINING` off. Both are measured on the same 450 held-out digits. "Before" is the same frozen language
# model with the projector as it was initialised (seed 0), untrained.

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Name what is frozen and what trains before running the cell; then read the held-out captions
# before and after the projector is trained.

# %% slideshow={"slide_type": "-"}
vocab = encoders.CaptionVocab()
test_patches = encoders.patch_tokens(vit.encoder, digits.test_images)   # (450, 16, 64): all patch tokens, frozen ViT
checkpoint_captioner, message = (encoders.checkpoint.load_captioner() if vit_source == "checkpoint" else
                                 (None, "the tiny ViT checkpoint did not load, so the captioner checkpoint (trained on "
                                        "its patch tokens) is not used"))
print(message)
live_captioner, captioner_log, note = encoders.side_by_side.live_run(
    "captioner", live, checkpoint_captioner,
    lambda: encoders.checkpoint.train_captioner(vit.encoder, digits, encoders.checkpoint.CAPTIONER_LIVE))
print(note)
captioner, captioner_source = encoders.side_by_side.chosen(checkpoint_captioner, live_captioner)
held_out_captions = (vocab, test_patches, digits.test_labels)
caption_table, caption_measured = encoders.side_by_side.captioner_table(held_out_captions, live_captioner,
                                                                        captioner_log, checkpoint_captioner)
print(caption_table)
caption_figures = caption_measured[captioner_source]
caption_acc_before, caption_acc_after = caption_figures["caption_accuracy_before"], caption_figures["caption_accuracy_after"]
visual_tokens_read = captioner(test_patches[:1], torch.ones(1, 1, dtype=torch.long)).visual_tokens
trainable = sum(p.numel() for p in captioner.parameters() if p.requires_grad)
lm_frozen = not any(p.requires_grad for p in captioner.lm.parameters())
print(f"\nsection 6 uses the captioner's {captioner_source}. The language model read {visual_tokens_read} visual tokens "
      f"per image (ViT patch tokens, projected {test_patches.shape[2]} → {captioner.lm.config.d_model}); trainable: "
      f"{trainable:,} parameters, {'the projector alone' if trainable == probes.parameter_count(captioner.projector) else 'MORE than the projector'}; "
      f"language model ({probes.parameter_count(captioner.lm):,} parameters) {'frozen' if lm_frozen else 'NOT frozen'}")
print(f"held-out caption loss (next-token, caption words only): {caption_figures['caption_loss_before']:.2f} with the "
      f"untrained projector → {caption_figures['caption_loss_after']:.2f} trained")
SHOWN = list(range(6))
before_captioner = encoders.checkpoint.untrained_twin(captioner)
captions_before = [vocab.decode(ids) for ids in before_captioner.generate(test_patches[SHOWN])]
captions_after = [vocab.decode(ids) for ids in captioner.generate(test_patches[SHOWN])]
print(f"\n{'held-out digit':>14}  {'before the projector is trained':<44} after")
for i, before_text, after_text in zip(SHOWN, captions_before, captions_after):
    print(f"{int(digits.test_labels[i]):>14}  {before_text:<44} {after_text}")
print(f"\ncaptions that name the right digit, all {len(digits.test_labels)} held-out images: "
      f"{caption_acc_before:.1%} before, {caption_acc_after:.1%} after (chance about 10%); "
      f"{encoders.verdicts.versus_chance(caption_acc_after, 0.1)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Before training, the projector is a random map, so which digit the frozen language model writes cannot depend on
# what the image shows, except by chance. After training the projector alone (seconds live, under two minutes for
# the checkpoint), the lines above say how often its caption names the digit in a held-out image. Nothing in the
# language model changed; the projector learned to write, in the language model's own input space, something it reads as "this
# is a seven". The loss and the forward pass:

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(encoders.VisualPrefixCaptioner.forward))
print(inspect.getsource(encoders.VisualPrefixCaptioner.caption_loss))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7 · Connectors are not all projectors
#
# | connector | model | what the LLM receives per image | where image and text meet |
# |---|---|---|---|
# | linear layer / 2-layer MLP **projector** | LLaVA, LLaVA-1.5 (Liu et al., 2023) | one token per encoder token (576) | in the LLM's self-attention, one sequence |
# | **Q-Former**: 32 learned queries, cross-attention to the frozen image encoder | BLIP-2 (Li et al., 2023) | 32 tokens, whatever the resolution | first in the Q-Former (trained with image–text losses), then in the LLM's sequence |
# | **Perceiver Resampler**: 64 learned latents | Flamingo (Alayrac et al., 2022) | 64 tokens, per image or per video | not in the sequence: new **gated cross-attention** layers between the frozen LM's blocks read them |
#
# Below, both kinds of machinery at toy width: a resampler turns any number of encoder tokens into the number of its
# queries, and a gated cross-attention layer starts as the identity (its `tanh(gate)` is 0), so inserting it into a
# frozen language model changes nothing until training opens the gate.

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Contrast where the image enters: as tokens in the prompt (LLaVA) or through cross-attention
# inside the language model (Flamingo).

# %% slideshow={"slide_type": "-"}
torch.manual_seed(0)
resampler = encoders.Resampler(64, queries=8)
for n_tokens in (16, 144, 576):
    print(f"{n_tokens:>4} encoder tokens → resampler → {tuple(resampler(torch.randn(1, n_tokens, 64)).shape)}")
gated = encoders.GatedCrossAttention(64)
text_states, visual = torch.randn(1, 5, 64), resampler(test_patches[:1])
unchanged = torch.equal(gated(text_states, visual), text_states)
print(f"gated cross-attention at initialisation (gate {gated.gate.item():.0f}): the frozen LM's states "
      f"{'pass through unchanged' if unchanged else 'CHANGE'}")
for connector in encoders.CONNECTORS:
    print(encoders.token_budget(frames=8, connector=connector).lines[0])

# %% [markdown] slideshow={"slide_type": "subslide"}
# Fixed-query connectors exist for the token bill: compare the three lines above, the same eight frames through a
# projector, a Q-Former and Flamingo's resampler (whose tokens take no context slots at all).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 8 · High resolution: tiles and dynamic resolution
#
# LLaVA-1.5's encoder, CLIP ViT-L/14 at 336 px, learned one position embedding per patch position of a 336 px
# image. A 714 px photo cannot simply go in: it would need positions the encoder never had. Resizing it to 336 px
# throws detail away, so later models do one of two things: **tile** it (LLaVA-NeXT's AnyRes, Liu et al., 2024:
# encoder-sized tiles on the best-fitting grid plus a low-resolution overview of the whole image) or train an
# encoder that takes **any resolution** (Qwen2-VL, Wang et al., 2024: 2-D rotary positions instead of a learned
# table, and 2 × 2 neighbouring patches merged into one token).

# %% slideshow={"slide_type": "-"}
PHOTO_PX = 714
print(f"ViT-L/14-336 has {encoders.high_resolution.patch_positions_needed(336, 14)} learned patch positions; "
      f"a {PHOTO_PX} px image needs {encoders.high_resolution.patch_positions_needed(PHOTO_PX, 14):,}: it does not fit")
layout = encoders.high_resolution.anyres_layout(PHOTO_PX, PHOTO_PX)
print(f"AnyRes (LLaVA-NeXT): a {layout.columns}×{layout.rows} grid of {layout.tile_px} px tiles + 1 overview = "
      f"{layout.encoder_passes} encoder passes × {layout.tokens_per_tile} = {layout.tokens:,} visual tokens "
      f"(before LLaVA-NeXT trims padding and adds row-end tokens)")
w_px, h_px, qwen_tokens = encoders.high_resolution.dynamic_resolution_tokens(PHOTO_PX, PHOTO_PX)
print(f"dynamic resolution (Qwen2-VL): resized to {w_px}×{h_px} (multiples of 28), patches of 14, 2×2 merged → "
      f"{qwen_tokens:,} visual tokens")
print(encoders.token_budget(input_px=PHOTO_PX).lines[0])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 9 · Widget: a token-budget calculator
#
# Every token an encoder hands on takes a slot in the language model's context window. Pick a vision encoder, the
# image's resolution, a number of frames and their pooling, a connector, an audio encoder and its seconds, some
# text, and a context window. The encoder's own input size and patch are fixed (its learned position table, section
# 8), so the calculator shows them instead of offering sizes the encoder cannot take: the resolution slider starts
# at the encoder's size, and a larger image is counted as AnyRes tiles of that size plus an overview. The connector
# decides what is handed on: a projector passes every token, a Q-Former or a resampler a fixed number per frame or
# tile. The formulas are `helpers.encoders.token_counts` and `high_resolution` (tested against real model outputs).

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Push the resolution past the encoder's size and let the class count the tiles before the
# calculator does. Use the mouse on a slide: the arrow keys move the deck.

# %% slideshow={"slide_type": "-"}
calculator = encoders.widgets.token_budget_calculator()
calculator

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same calculation as static text, for three prompts (a rendered page shows these even without a kernel):

# %% slideshow={"slide_type": "-"}
for setting in (dict(), dict(frames=16, frame_pooling="pool 2×2"),
                dict(frames=8, audio_encoder="Whisper tiny.en", audio_s=45.0, text_tokens=200, context_window=8192)):
    print(encoders.token_budget(**setting), end="\n\n")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 10 · Exercises
#
# **Exercise 1.** ViT-B/16 at 384 px hands on its class token too. How many tokens per image?

# %% slideshow={"slide_type": "-"}
answer_1 = None   # your number
exercises.check("Exercise 1", answer_1, encoders.visual_token_count(384, 16, cls_token=True),
                hint="(384 / 16)² patches, plus one.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# `384 / 16 = 24`, so `24² = 576` patch tokens, plus the class token: **577**
# (`encoders.visual_token_count(384, 16, cls_token=True)`).
# </details>
#
# **Exercise 2.** A 2-minute podcast goes through Whisper's encoder in 30 s windows, and a pooling layer with
# stride 2 follows (as in Qwen2-Audio). How many audio tokens reach the language model?

# %% slideshow={"slide_type": "-"}
answer_2 = None   # your number
exercises.check("Exercise 2", answer_2, encoders.audio_token_count(120.0, pool_stride=2),
                hint="4 windows × 1,500 tokens, then halve.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# 120 s = 4 windows of 30 s; each window is 3,000 mel frames → 1,500 encoder tokens; pooling by 2 leaves 750.
# Total **3,000** (`encoders.audio_token_count(120.0, pool_stride=2)`).
# </details>
#
# **Exercise 3.** In section 3, which keeps the order of the frames: averaging the tokens over time, or one vector
# per frame kept in order? Answer `"mean"` or `"ordered"`; the check uses the accuracies measured above.

# %% slideshow={"slide_type": "-"}
answer_3 = None   # "mean" or "ordered"
better = "ordered" if nn(ORDERED_VIDEO) > nn(MEAN_VIDEO) else "mean"
exercises.check("Exercise 3", answer_3, better, hint="Up and down use the same digits; only the order differs.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# **ordered**. The mean of four frames is the same whichever order they come in, so "3 4 5 6" and "6 5 4 3"
# average to nearly the same vector; the per-frame vectors in sequence differ in every position.
# </details>

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Exercise 4 (code).** Write how many visual tokens Qwen2-VL's dynamic resolution gives a `width × height` image
# (inside its pixel budget): each side is rounded to a multiple of 28 (14 px patches, 2 × 2 merged into one token).
# The check runs your function on six image sizes and compares it with the tested helper
# `encoders.dynamic_resolution_tokens`.

# %% slideshow={"slide_type": "-"}
def qwen2_vl_tokens(width_px, height_px):
    return None  # your code: one line


SIZES = [(714, 714), (1280, 720), (448, 448), (1000, 330), (640, 480), (900, 1200)]
yours = [qwen2_vl_tokens(w, h) for w, h in SIZES]
exercises.check("Exercise 4", None if None in yours else yours,
                [encoders.dynamic_resolution_tokens(w, h)[2] for w, h in SIZES],
                hint="round(side / 28) tokens along each side; multiply.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# `return round(width_px / 28) * round(height_px / 28)`: 714 px rounds to 26 × 28 = 728, so a 714 px square costs
# 26² = 676 tokens. Outside the budget (very large or tiny images) the helper first rescales the image.
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The answer, measured in this run
#
# Which model each figure came from, and the figures the summary below refers to:

# %% slideshow={"slide_type": "-"}
print(f"tiny ViT: the {vit_source}; tiny CLAP: the {clap_source}; captioner: the {captioner_source}; "
      f"live training {'on' if live else 'off'}")
print(f"features carry meaning (section 3): {sum(s.score > s.chance + 0.2 for s in nn_scores.values())} of "
      f"{len(nn_scores)} feature sets score far above chance on nearest neighbours")
print(f"alignment (section 4): trained apart {apart:.1%}, in the tiny CLAP's shared space {aligned:.1%} "
      f"(chance {chance_kind:.1%})")
print(f"LLaVA stage 1 in miniature (section 6, the captioner's {captioner_source}): {visual_tokens_read} visual tokens "
      f"per image; held-out caption loss {caption_figures['caption_loss_before']:.2f} → "
      f"{caption_figures['caption_loss_after']:.2f}; right digit named {caption_acc_before:.1%} → {caption_acc_after:.1%}")
print("CLIP-style connector (section 5): " + "; ".join(f"{k} {before[k]:.1%} → {r.test_accuracy[-1]:.1%}" for k, r in runs.items()))
print(f"notebook ran in {time.perf_counter() - NOTEBOOK_START:.0f} s after the imports")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Interview answer · 面试回答
#
# The answer in English and in Chinese, with this run's figures:

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Ask for a thirty-second spoken answer before revealing the printed one.

# %% slideshow={"slide_type": "-"}
print(f"""A modality encoder turns one modality's raw signal into a sequence of feature vectors: a ViT makes one token per
image patch ({encoders.visual_token_count(336, 14)} for LLaVA-1.5's CLIP ViT-L/14 at 336 px), Whisper one per 20 ms of audio
(1,500 per 30 s window). It integrates nothing by itself: a connector brings its vectors to the language model,
either a projector that passes every token into the LLM's sequence (LLaVA), a fixed set of queries (BLIP-2's
Q-Former: 32) or gated cross-attention (Flamingo). In miniature here: a frozen tiny LM read {visual_tokens_read}
projected patch tokens per digit and, with only the projector trained, its captions named the right digit
{caption_acc_before:.0%} → {caption_acc_after:.0%} of the time. Encoders trained apart do not share a space
(audio→caption {apart:.0%} vs {aligned:.0%} after contrastive training, chance {chance_kind:.0%}), which is why
language-aligned encoders (CLIP, SigLIP) are the usual choice. Tokens cost context: a {PHOTO_PX} px image tiled
AnyRes-style costs {layout.tokens:,} tokens.""")
print()
print(f"""模态编码器把某一模态的原始信号变成一串特征向量：ViT 每个图像块一个 token（LLaVA-1.5 的 336 像素 CLIP ViT-L/14
为 {encoders.visual_token_count(336, 14)} 个），Whisper 每 20 毫秒音频一个（每个 30 秒窗口 1,500 个）。编码器本身并不做融合：
连接器把它的向量交给语言模型——投影层把每个 token 放进 LLM 的序列（LLaVA），固定数量的查询（BLIP-2 的 Q-Former：32 个），
或门控交叉注意力（Flamingo）。本笔记本的缩小版：冻结的小语言模型每张数字图读入 {visual_tokens_read} 个投影后的图像块 token，
只训练投影层后，它生成的描述说对数字的比例从 {caption_acc_before:.0%} 升到 {caption_acc_after:.0%}。分别训练的编码器不共享空间
（音频→描述 {apart:.0%}，对比训练后 {aligned:.0%}，随机水平 {chance_kind:.0%}），所以通常选用与语言对齐的编码器（CLIP、SigLIP）。
token 占用上下文：一张 {PHOTO_PX} 像素的图按 AnyRes 切块要 {layout.tokens:,} 个 token。""")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - A **modality encoder** turns a raw signal into a sequence of feature vectors: a ViT makes one token per
#   image patch (`(H/p)·(W/p)`, 576 for LLaVA-1.5's CLIP ViT-L/14 at 336 px), Whisper one per 20 ms of audio
#   (1,500 for its fixed 30 s window), a video one set per sampled frame.
# - A **connector** maps those vectors to the language model: a linear layer or 2-layer MLP puts every one in the
#   sequence beside the text embeddings (LLaVA); a Q-Former (BLIP-2) or Perceiver Resampler (Flamingo) hands on a
#   fixed number of query tokens, and Flamingo reads them through gated cross-attention, outside the sequence.
#   Trained alone, with the encoder and the language model frozen (LLaVA's stage 1), it learns in seconds live and
#   in under two minutes for the checkpoint here (section 6 measures how far).
# - A fixed-resolution encoder takes only its own input size: larger images are tiled (LLaVA-NeXT's AnyRes) or
#   handled by an encoder built for any resolution (Qwen2-VL).
# - Features **carry meaning** when inputs of one class land near each other (section 3 measures it per encoder),
#   but two encoders trained apart need not **share a space**: alignment (contrastive training or a connector) is
#   what makes cross-modal use possible (section 4 measures it).
# - Tokens cost context: resolution (tiles), frames and audio length multiply them, which is why models pool or use
#   fixed-query connectors.
#
# The source document's sentence is right but incomplete: it names no connector, no alignment and no cost, and the
# integrating it mentions is not done by the encoders: in LLaVA the language model does it, reading all the tokens in
# one sequence; in BLIP-2 a Q-Former starts it; in Flamingo new cross-attention layers inside the language model do.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 总结
#
# - **模态编码器**把原始信号变成一串特征向量：ViT 为每个图像块产生一个 token（`(H/p)·(W/p)` 个，LLaVA-1.5
#   使用的 336 像素 CLIP ViT-L/14 为 576 个）；Whisper 每 20 毫秒音频产生一个 token（固定的 30 秒窗口共 1,500 个）；
#   视频则对每个采样帧各产生一组 token。
# - **连接器**（线性层或两层 MLP）把这些向量映射到语言模型的宽度，再与文本嵌入拼接成同一个序列（LLaVA）；
#   Q-Former（BLIP-2）或 Perceiver Resampler（Flamingo）则只交出固定数量的查询 token，Flamingo 还通过门控交叉注意力
#   在序列之外读取它们。本笔记本中，冻结视觉编码器和语言模型、只训练连接器（LLaVA 的第一阶段），现场训练只需几秒，
#   检查点训练不到两分钟（第 6 节实测其效果）。
# - 当同一类输入在特征空间中彼此靠近时，特征就**携带语义**（第 3 节逐个编码器实测）；但分别训练的两个编码器
#   **未必共享同一个空间**：只有对齐（对比学习或连接器）才能让跨模态检索与理解成为可能（第 4 节实测）。
# - 固定分辨率的编码器只接受它自己的输入尺寸：更大的图要么切块（LLaVA-NeXT 的 AnyRes），要么交给支持任意分辨率的
#   编码器（Qwen2-VL）。
# - token 会占用上下文：分辨率（切块数）、帧数和音频时长都会成倍增加 token 数，所以模型需要池化，或使用固定查询数的连接器。
#
# 原文的那句话没有错，但不完整：它没有提到连接器、对齐，也没有提到代价；而且它所说的"整合"并不是由编码器完成的：
# 在 LLaVA 中由语言模型在同一个序列里读取所有 token 完成；在 BLIP-2 中先由 Q-Former 开始；在 Flamingo 中由插入语言模型
# 内部的交叉注意力层完成。

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# - Liu, H., Li, C., Wu, Q., Lee, Y. J. *Visual Instruction Tuning* (LLaVA). NeurIPS 2023. The two training stages and
#   what each freezes; the projector.
# - Liu, H., Li, C., Li, Y., Lee, Y. J. *Improved Baselines with Visual Instruction Tuning* (LLaVA-1.5). CVPR 2024.
#   The 2-layer MLP projector, CLIP ViT-L/14 at 336 px, 576 visual tokens, the penultimate layer.
# - Liu, H. et al. *LLaVA-NeXT: Improved reasoning, OCR, and world knowledge* (AnyRes). Project report, 2024.
# - Wang, P. et al. *Qwen2-VL: Enhancing Vision-Language Model's Perception of the World at Any Resolution.* arXiv 2024.
#   Dynamic resolution, 2 × 2 token merging.
# - Li, J., Li, D., Savarese, S., Hoi, S. *BLIP-2: Bootstrapping Language-Image Pre-training with Frozen Image
#   Encoders and Large Language Models.* ICML 2023. The Q-Former and its 32 queries.
# - Alayrac, J.-B. et al. *Flamingo: a Visual Language Model for Few-Shot Learning.* NeurIPS 2022. The Perceiver
#   Resampler (64 latents) and gated cross-attention.
# - Radford, A. et al. *Learning Transferable Visual Models From Natural Language Supervision* (CLIP). ICML 2021.
# - Zhai, X., Mustafa, B., Kolesnikov, A., Beyer, L. *Sigmoid Loss for Language Image Pre-Training* (SigLIP). ICCV 2023.
# - Radford, A. et al. *Robust Speech Recognition via Large-Scale Weak Supervision* (Whisper). ICML 2023. The 680,000
#   hours and the 30 s window.
# - Girdhar, R. et al. *ImageBind: One Embedding Space To Bind Them All.* CVPR 2023.
#
# Figures from the papers (not measured here): 576 tokens and the stages of LLaVA, 32 queries (BLIP-2), 64 latents
# (Flamingo), 680,000 hours (Whisper), AnyRes's grids, Qwen2-VL's 28-pixel rounding and pixel budget. Every other figure
# is printed by a cell of this run.
