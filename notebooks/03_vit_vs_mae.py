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
# # 03 · ViT vs MAE: patches, masking, and what each learns
#
# > **问题 3：** 解释ViT和MAE的区别，并说明它们在图像特征提取方面的优势?
# >
# > **Question 3:** Explain the difference between ViT and MAE, and the advantages of each for extracting image features.
#
# **After this lesson you can explain**
#
# 1. how ViT turns an image into a sequence of patch tokens, and which token its classifier reads;
# 2. how MAE pre-trains the same encoder without labels, and why its encoder skips the masked patches;
# 3. why MAE hides 75% of an image while BERT hides 15% of a text;
# 4. why MAE features are weak for a linear probe yet strong after fine-tuning, and what ViT needs to train well
#    without pre-training.
#
# **You should know first:** the Transformer encoder (self-attention, MLP blocks, residuals), a linear classifier and
# the cross-entropy loss; lesson 02's masked-language modelling helps. **Time:** about 45 minutes to read and run
# (the notebook itself runs in under a minute on a laptop CPU; about 20 s with `LIVE_TRAINING = False`).

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Before class set LIVE_TRAINING = False in the first code cell: the figures then come from
# the committed checkpoints and the lesson runs in seconds. Open by asking what a token could be for an image.

# %% slideshow={"slide_type": "skip"}
LIVE_TRAINING = True  # a teacher sets False: no training here, the lesson runs in seconds from the trained checkpoints

import helpers
hub = helpers.core.pretrained.hub_status()        # decide online/offline before any heavy import
weights = helpers.core.pretrained.try_load(helpers.core.pretrained.hf_model, "facebook/vit-mae-base", "ViTMAEForPreTraining")
helpers.core.runtime.seed_everything(0)
helpers.core.runtime.environment_report(weights)   # last expression: shows the PRETRAINED/OFFLINE banner

# %% [markdown] slideshow={"slide_type": "fragment"}
# **What the seed document says.** ViT cuts an image into patches, flattens each one into a sequence, runs
# a Transformer encoder over it and maps the output to class labels with one fully connected layer. MAE is an
# asymmetric encoder–decoder: the encoder is a ViT, the decoder is much shallower and narrower, and the decoder
# reads every position of the image: mask tokens plus the encoded unmasked patches.
#
# The outline is right, and this notebook checks each piece by building it. Three things are loose or missing,
# and we measure them instead of taking them on trust:
#
# 1. The classifier does not read "the encoder's output": it reads **one token**, the class token.
# 2. The reason MAE's encoder is cheap: it never sees the masked patches, not even as mask tokens. We time it.
# 3. The question asks for each model's *advantages for feature extraction*; the seed does not answer. We train
#    both, then test their frozen features with a linear classifier and fine-tune the MAE encoder.
#
# Each tiny model comes in two versions. The **live** one is trained in this run, on the CPU, from a fixed seed, for
# the few seconds a lesson can afford: you watch its loss fall, and a second run prints the same numbers (the timings
# aside). The **checkpoint** is the same model trained for minutes by `make checkpoints` and loaded from
# `data/checkpoints/` (its card records the recipe, the data and the SHA-256 checked on load). The analyses that make
# the lesson's point use the checkpoint; each section says which model a figure comes from.

# %% slideshow={"slide_type": "skip"}
import inspect
import time

import torch
import transformers

from helpers import vision
from helpers.core.probes import parameter_count
from helpers.vision import checkpoint, comparison, cost, mae, norm_pix, plots, positions, reconstruction, redundancy, side_by_side

NOTEBOOK_START = time.perf_counter()
live = helpers.core.runtime.live_training(LIVE_TRAINING)  # FIVEQ_LIVE_TRAINING=0/1 overrides the switch
# The models and their recipes live in the helpers (recipes in data/vision/recipes.json) so that lesson 05,
# the bench script and `make checkpoints` train exactly these models.
VIT_CONFIG, VIT_RECIPE = vision.DIGITS_VIT, vision.VIT_RECIPE
MAE_CONFIG, MAE_RECIPE = vision.DIGITS_MAE, vision.MAE_RECIPE
FINETUNE_EPOCHS = checkpoint.FINETUNE_EPOCHS

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · An image becomes a sequence
#
# A Transformer reads a sequence of vectors. ViT's trick is to make an image into one: cut it on a grid of
# `p × p` squares, read the squares row by row, flatten each square into `p·p·3` numbers. Here is a real photo
# (scikit-image's astronaut, 224 × 224) cut into 16 × 16 patches, the size of ViT-B/16.

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Draw a 224-pixel square cut into 16-pixel patches on the board and count the patches per
# side with the class before showing the code.

# %% slideshow={"slide_type": "-"}
photo = vision.load_photo("astronaut", 224)
plots.patch_grid(photo, patch_size=16)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The whole operation is two reshapes and a transpose. This is the helper the notebook uses (it is tested to
# match `transformers`' own `ViTMAEForPreTraining.patchify`, value for value):

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(vision.patchify))
patches = vision.patchify(photo[None], 16)
print("photo", tuple(photo[None].shape), "→ patches", tuple(patches.shape))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Next comes one linear layer, the same for every patch (`768 → 768` for ViT-B/16), a learned **class token**
# put in front of the sequence, and a learned **position embedding** added to every token, because attention
# by itself does not know where a patch came from. We build ViT-B/16 from its configuration with `transformers`
# and push the photo through its embedding layer. The weights are random: this cell is about shapes and counts,
# not about what the model sees.

# %% slideshow={"slide_type": "-"}
vit_b_config = transformers.ViTConfig()  # the defaults are ViT-B/16 at 224 px
print(f"ViT-B/16: image {vit_b_config.image_size} px, patch {vit_b_config.patch_size}, width {vit_b_config.hidden_size}, "
      f"{vit_b_config.num_hidden_layers} layers, {vit_b_config.num_attention_heads} heads")

embeddings = transformers.models.vit.modeling_vit.ViTEmbeddings(vit_b_config).eval()
with torch.no_grad():
    tokens = embeddings((photo[None] - 0.5) / 0.5)  # ViT's preprocessing maps [0, 1] to [-1, 1]
n_patches = (vit_b_config.image_size // vit_b_config.patch_size) ** 2
print(f"{n_patches} patches + 1 class token = {tokens.shape[1]} tokens of width {tokens.shape[2]}: shape {tuple(tokens.shape)}")
print(cost.vit_b16_parameter_report())  # counted on the meta device: no memory, no time, only the shapes

# %% [markdown] slideshow={"slide_type": "subslide"}
# **What if the image is bigger?** The patch projection does not care how many patches there are, but the position
# table has one learned row per patch of the training grid. ViT is usually fine-tuned at a higher resolution than it
# was pre-trained at (Dosovitskiy et al., 2021: 224 px, then 384 px), and there the table is short of rows. The ViT
# paper's answer: resize the patch rows as the 2-D grid they are (bicubic interpolation), keep the class token's row,
# and fine-tune. Here on ViT-B/16's real table (random values: the shapes are the point), checked against
# `transformers`' own `interpolate_pos_encoding`:

# %% slideshow={"slide_type": "-"}
print(positions.resolution_report((224, 384), patch_size=16, width=768))
table = embeddings.position_embeddings.detach()[0]
stretched = positions.interpolate_position_table(table, 384 // 16)
theirs = embeddings.interpolate_pos_encoding(torch.zeros(1, stretched.shape[0], 768), 384, 384)[0]
print(f"table {tuple(table.shape)} → {tuple(stretched.shape)}; the same as transformers' interpolation: "
      f"{torch.allclose(stretched, theirs, atol=1e-5)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same encoder code, at a size a CPU trains in seconds, is what we use from here on.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · ViT trained: supervised, on real handwritten digits
#
# scikit-learn ships 1,797 real handwritten digits, 8 × 8 pixels, labelled 0–9. With 2 × 2 patches an image
# becomes 16 patch tokens plus the class token. The model below has the full ViT anatomy (patch projection,
# class token, position embeddings, pre-norm Transformer blocks, a linear head) at width 64 and depth 3.
# First the live run: the lesson's short recipe, trained here.

# %% slideshow={"slide_type": "-"}
digits = vision.digits_split(test_fraction=0.25, seed=0)
print(digits, "| classes:", digits.train_labels.unique().tolist())
if live:
    print(VIT_CONFIG, VIT_RECIPE, sep="\n")
    live_vit, vit_log = vision.train_tiny_vit(digits, VIT_CONFIG, VIT_RECIPE, description="tiny ViT, live (supervised)")
    print(f"{parameter_count(live_vit):,} parameters, {vit_log.steps} steps in {vit_log.seconds:.1f} s on the CPU")
else:
    live_vit = vit_log = None
    print("LIVE_TRAINING is off: the live ViT run is skipped")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The checkpoint is the same model and code, trained by `make checkpoints` for longer and on digits shifted by up to
# one pixel (`vision.VIT_LONG`), on the same 1,347 training digits. Both are measured here on the same 450 held-out
# digits. From here on, the ViT figures come from the checkpoint (or from the live model, if the checkpoint could not
# be loaded; the line below says which).

# %% slideshow={"slide_type": "-"}
checkpoint_vit, message = vision.load_tiny_vit()
print(message)
tiny_vit = vision.checkpoint_or_live(checkpoint_vit, live_vit, lambda: vision.train_tiny_vit(digits, progress=False)[0])
vit_table = side_by_side.live_vs_checkpoint("tiny_vit", digits, live_vit, vit_log, checkpoint_vit)
print(vit_table)
vit_accuracy = vision.accuracy(tiny_vit, digits.test_images, digits.test_labels)
vit_source = "checkpoint" if tiny_vit is checkpoint_vit else "live model"
print(f"the figures below use the {vit_source}: test accuracy {vit_accuracy:.1%} on {len(digits.test_labels)} held-out "
      f"digits (target ≥ 97%: {'met' if vit_accuracy >= 0.97 else 'NOT met'})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Where does the class label come from? Only from the class token. The head is a single linear layer on
# position 0 of the encoder's output; the 16 patch tokens reach it only through attention:

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(vision.TinyViT.forward))

# %% [markdown] slideshow={"slide_type": "subslide"}
# So what does the class token look at? In every layer it attends over the patches; below, the last layer's
# attention (mean over heads) of the model named above, drawn on held-out digits. Each title gives the prediction and the true label.

# %% slideshow={"slide_type": "-"}
sample = digits.test_images[:8]
predicted = vision.predict(tiny_vit, sample)
titles = [f"pred {p} / true {t}" for p, t in zip(predicted.tolist(), digits.test_labels[:8].tolist())]
attention = vision.class_token_attention(tiny_vit.encoder, sample, layer=-1)
plots.attention_overlay(sample, attention, titles)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · MAE: hide 75%, encode the rest, rebuild the hidden part
#
# MAE pre-trains the same kind of encoder without labels. Four steps:
#
# 1. **Mask.** Shuffle each image's patches with its own random noise and keep the first 25%. Every image gets
#    a different subset.
# 2. **Encode the visible patches only.** The masked patches are not replaced by anything: they are gone. The
#    encoder's sequence is a quarter as long.
# 3. **Decode.** A smaller decoder gets the encoded visible tokens plus one shared, learned *mask token* for each
#    removed patch, puts them back in the original order (`ids_restore`) and predicts every patch's pixels.
# 4. **Loss on the masked patches only**, optionally against each patch's own normalised pixels.
#
# Step 1, on two photos with 16 × 16 patches (196 patches, 49 kept):

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Ask the class how much of a photo they could hide and still tell what it shows. Keep the
# answers for section 4's mask-ratio figure.

# %% slideshow={"slide_type": "-"}
photos = torch.stack([photo, vision.load_photo("chelsea", 224)])
photo_tokens = vision.patchify(photos, 16)
visible, mask, ids_restore = vision.random_masking(photo_tokens, 0.75, torch.Generator().manual_seed(0))
print("patches", tuple(photo_tokens.shape), "→ visible", tuple(visible.shape), "| mask", tuple(mask.shape),
      "| removed per image:", mask.sum(1).int().tolist())
print("the two images keep different patches:", not torch.equal(mask[0], mask[1]))
masked_photos = vision.masked_image(photos, mask, 16)
seen = f"what the encoder sees ({vision.keep_count(196, 0.75)} of 196)"
plots.image_row([photos[0], masked_photos[0], photos[1], masked_photos[1]],
                [vision.PHOTO_CAPTIONS["astronaut"], seen, vision.PHOTO_CAPTIONS["chelsea"], seen])

# %% [markdown] slideshow={"slide_type": "subslide"}
# Steps 2–4 in code, from `helpers.vision.mae` (the decoder's input is built by `restore_order`, which appends mask tokens and
# gathers with `ids_restore`):

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(mae.TinyMAE.forward))
print(inspect.getsource(mae.TinyMAE.decode))
print(inspect.getsource(mae.mae_loss))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The normalised-pixel target (`norm_pix_loss`, which He et al. (2022) found gives better features) replaces each hidden
# patch's pixels by the patch minus its own mean, over its own standard deviation. A patch and the same patch dimmer
# or with less contrast (`0.5·x + 0.2`) are far apart as pixels and have the same normalised target, so the loss stops
# asking for a patch's brightness and contrast and asks only for its pattern. (The prediction is *not* normalised:
# the decoder learns to output the normalised pattern itself.)

# %% slideshow={"slide_type": "-"}
same_pattern = norm_pix.brightness_invariance(vision.patchify(photos, 16), scale=0.5, shift=0.2)
print(f"photo patches vs the same patches as 0.5·x + 0.2: plain-pixel MSE {same_pattern.plain:.4f}, "
      f"MSE between their normalised targets {same_pattern.normalised:.6f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Why, then, does our tiny MAE use plain pixels? On 2 × 2 patches of a digit the brightness *is* most of the content:
# whether a patch is ink or paper. The normalised target fixes 2 of a patch's numbers (its mean and its spread), half
# of a 4-pixel patch, and a flat patch (all paper) has no pattern left at all. Measured on the training digits and the
# two photos:

# %% slideshow={"slide_type": "-"}
print(norm_pix.norm_pix_report({"digits": norm_pix.patch_statistics(digits.train_images, 2),
                                "photos": norm_pix.patch_statistics(photos, 16)}))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Is the encoder really cheaper?** We count the floating-point operations of one encoder pass with PyTorch's
# FLOP counter and time it, at 100% and at 25% of the patches, for the tiny encoder and for the same code at
# ViT-B/16's size (random weights: compute does not depend on their values).

# %% slideshow={"slide_type": "-"}
costs = cost.encoder_costs(MAE_CONFIG.encoder, MAE_CONFIG.mask_ratio)  # all patches vs the visible 25%
print(cost.cost_report(costs))
plots.compute_bars(costs)

# %% [markdown] slideshow={"slide_type": "subslide"}
# For ViT-B/16, 197 tokens become 50. Every per-token layer (the projections and the MLPs) shrinks by
# 197/50 ≈ 3.9× and the attention scores (tokens²) by about 15×; at this size the per-token layers are most of
# the work, so the measured FLOP ratio lands close to 4×. Time should follow FLOPs for the big encoder, but a
# CPU shared with other work makes timings noisy (we keep the fastest of a few runs); for the tiny encoder time
# saves less, because with a handful of tokens fixed per-call overheads dominate. The paper reports a 3× or
# greater wall-clock speed-up of whole pre-training (the decoder is not sped up).

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Cost is half of the reason; accuracy is the other half.** One could instead feed the encoder all 196 positions with
# a mask token in each hidden one, as BERT does. He et al. (2022, Table 1c; ViT-L on ImageNet-1k) tried it: fine-tuned
# accuracy 84.2% with mask tokens in the encoder against 84.9% without. Their reason: an encoder trained on inputs full
# of mask tokens meets none when it is used on whole images, a gap between pre-training and use that the MAE encoder
# never has, since it only ever sees real patches.
#
# **The decoder is thrown away.** It exists only to turn the encoder's tokens back into pixels during pre-training;
# probing and fine-tuning use the encoder alone, so the decoder can be small without limiting what the encoder
# becomes. How small is the real one? We build the released MAE (ViT-B/16 encoder, 8-block 512-wide decoder, the
# `transformers` defaults) on the meta device and count:

# %% slideshow={"slide_type": "-"}
decoder_parts = cost.mae_b16_parts()
print(cost.decoder_report(decoder_parts))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · MAE trained, then asked to fill in digits it has never seen
#
# Same digits, no labels. The encoder has the tiny ViT's shape; the decoder is half as wide and shallower.
# At every step each image gets a fresh random mask of 75%. First the live run, with the lesson's short recipe:

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** With live training off the curves and reconstructions are the checkpoints' (the printed
# message says which). Read the recognition report from the screen: it is measured in this run.

# %% slideshow={"slide_type": "-"}
if live:
    print(MAE_CONFIG, MAE_RECIPE, sep="\n")
    live_mae, mae_log = vision.train_tiny_mae(digits, MAE_CONFIG, MAE_RECIPE, description="tiny MAE, live (self-supervised)")
    encoder_size = parameter_count(live_mae.encoder)
    print(f"encoder {encoder_size:,} + decoder {parameter_count(live_mae) - encoder_size:,} parameters; "
          f"{mae_log.steps} steps in {mae_log.seconds:.1f} s")
    held_out = vision.reconstruct(live_mae, digits.test_images, MAE_CONFIG.mask_ratio, seed=vision.HELD_OUT_SEED)
    average_guess = vision.average_image_error(digits.train_images, held_out, MAE_CONFIG.encoder.patch_size)
    print(f"masked-patch MSE on held-out digits: {mae_log.test_loss[0]:.4f} after epoch 1 → {mae_log.test_loss[-1]:.4f} "
          f"after epoch {mae_log.epochs}; guessing the average training digit on the same hidden patches: {average_guess:.4f}")
    curves = plots.training_curves({"tiny ViT (cross-entropy)": vit_log, "tiny MAE (masked MSE)": mae_log},
                                   baselines={"average-digit guess (MAE, held out)": average_guess})
else:
    live_mae = mae_log = curves = None
    print("LIVE_TRAINING is off: the live MAE run is skipped")
curves

# %% [markdown] slideshow={"slide_type": "subslide"}
# A tiny MAE first learns the average digit (the flat start of its curve) and only slowly learns to use the visible
# patches; the paper pre-trains for 800–1,600 epochs on 1.28 million images. The checkpoint is the same model trained
# by `make checkpoints` for many more steps (`vision.MAE_LONG`) on the same training digits. Both, on the same 450
# held-out digits with the same masks:

# %% slideshow={"slide_type": "-"}
checkpoint_mae, message = vision.load_tiny_mae()
print(message)
tiny_mae = vision.checkpoint_or_live(checkpoint_mae, live_mae, lambda: vision.train_tiny_mae(digits, progress=False)[0])
mae_table = side_by_side.live_vs_checkpoint("tiny_mae", digits, live_mae, mae_log, checkpoint_mae)
print(mae_table)
mae_source = "checkpoint" if tiny_mae is checkpoint_mae else "live model"
print(reconstruction.target_verdict(tiny_mae, digits, mae_source))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Six held-out digits, 75% hidden, the same masks for both models. Each trio: the original, what the encoder was given
# (blue = hidden), and the reconstruction (visible patches as given, removed ones predicted). The row label names the
# model and gives the mean squared error on the removed patches.

# %% slideshow={"slide_type": "-"}
held_out = digits.test_images[8:14]
side = {name: vision.reconstruct(model, held_out, 0.75, seed=0)
        for name, model in (("live", live_mae), ("checkpoint", checkpoint_mae)) if model is not None}
plots.reconstruction_grid(side, max_images=6)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Can you read the digit back? Judge the figure, and let a reader that never tires judge all 450: the tiny ViT of
# section 2 classifies each MAE's reconstructions, and, as the bar to clear, the same visible patches with the hidden
# ones filled in from the average digit.

# %% slideshow={"slide_type": "-"}
print(reconstruction.recognition_report({"live": live_mae, "checkpoint": checkpoint_mae}, tiny_vit, digits))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The model named above at four mask ratios, on the same digits. (It met only one ratio in training, 75%: at 25% it
# faces three times as many visible tokens as it ever saw, which can make it worse there, not better.)

# %% slideshow={"slide_type": "-"}
ratios = (0.25, 0.5, 0.75, 0.9)
reconstructions = {r: vision.reconstruct(tiny_mae, held_out, r, seed=0) for r in ratios}
print(reconstruction.reconstruction_report(reconstructions, digits.train_images, MAE_CONFIG.encoder.patch_size))
plots.reconstruction_grid(reconstructions, max_images=4)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Why 75%, when BERT hides 15%?** A word is hard to guess from its neighbours; a patch of a photo often is not,
# because neighbouring patches repeat each other (the same sky, the same fur). He et al. (2022) argue that at a low
# ratio a hidden patch "can be recovered from neighboring patches with little high-level understanding", so the task
# teaches little. We can test the first half with no model at all: fill each hidden patch with the mean colour of its
# visible neighbours and compare with painting it the photo's mean colour. Then the same on the digits, with the tiny
# MAE beside it (all on the same masks; nothing is trained here).

# %% slideshow={"slide_type": "-"}
photo_rows = redundancy.photo_sweep(photos, patch_size=16)
digit_rows = redundancy.mask_ratio_sweep(tiny_mae, digits.test_images, digits.train_images, ratios=(0.15, 0.5, 0.75, 0.9))
print(redundancy.sweep_report(photo_rows, redundancy.MEAN_COLOUR), redundancy.redundancy_verdict(photo_rows), sep="\n")
print(redundancy.sweep_report(digit_rows, redundancy.AVERAGE), redundancy.digits_verdict(digit_rows), sep="\n")
redundancy.sweep_figure(photo_rows, digit_rows)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The right panel is not from this run: it quotes the paper's mask-ratio ablation (He et al., 2022, section 4.1 and
# Figure 5; ViT-L pre-trained on ImageNet-1k). Its linear probe rises from 54.6% at a 10% ratio to 73.5% at 75%, and
# fine-tuning (84.9% at 75%) works well over a wide range, 40–80%. So the answer to "why 75%" is: redundancy makes a
# low ratio an interpolation exercise, and a high ratio both forces the encoder to model objects and, since the
# encoder sees only the visible quarter, makes pre-training about 4× cheaper (section 3). The tiny MAE's own curve is
# no ablation: it was trained at one ratio, and its error at the others mixes the difficulty of the task with how far
# the ratio is from what it saw in training.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **The same with `facebook/vit-mae-base`** (ViT-B/16 encoder, 8-block 512-wide decoder, pre-trained on ImageNet)
# on three of the lesson's photos, 75% of each hidden, when its weights can be loaded. Its error is measured on the
# hidden patches only, in the pixels the model predicts: ImageNet-normalised ones, since its config has
# `norm_pix_loss` off (transformers' conversion script reads MAE's visualisation checkpoint, trained on plain
# pixels). A model trained with `norm_pix_loss` predicts each patch's pattern without its brightness and contrast:
# `reconstruct_pretrained` scores it on that, and only the figure borrows each hidden patch's true mean and spread.
# The bar to clear needs no model: paint every hidden patch the mean colour of the same photo's visible patches.

# %% slideshow={"slide_type": "-"}
MAE_REPO = "facebook/vit-mae-base"
if weights.available:
    mae_photo_names = ("astronaut", "chelsea", "coffee")
    mae_photos = torch.stack([vision.load_photo(name, 224) for name in mae_photo_names])
    start = time.perf_counter()
    real_mae = vision.reconstruct_pretrained(weights.model, mae_photos, 0.75, seed=0)
    print(vision.pretrained_verdict(real_mae, [vision.PHOTO_CAPTIONS[n] for n in mae_photo_names], MAE_REPO,
                                    weights.model.config.patch_size))
    print(f"({time.perf_counter() - start:.1f} s for the {len(mae_photos)} photos on the CPU)")
    figure = plots.reconstruction_grid({MAE_REPO.split("/")[-1]: real_mae}, max_images=3, scale=1.4)
else:
    print(f"Not run: this cell needs the pretrained {MAE_REPO} weights ({weights.reason}).")
    figure = None
figure

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5 · What the features are good for
#
# The question asks about feature extraction, so we test the features. A **linear probe** freezes an encoder,
# takes one vector per image and fits a logistic regression on the training digits; its test accuracy says how
# well a straight-line classifier can already separate the classes in that feature space. We read the features
# two ways: the class token, and the mean of the patch tokens. Raw pixels (64 numbers) are one baseline; the
# same encoder with random, untrained weights is the other (random features of pixels are not useless, so this
# is the bar that training has to clear).

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** The comparison has two caveats printed at the end of this section; read them out before
# anyone quotes the numbers.

# %% slideshow={"slide_type": "-"}
torch.manual_seed(0)
untrained = vision.ViTEncoder(MAE_CONFIG.encoder)  # a control: the same architecture, never trained
probes = comparison.linear_probes(digits, {comparison.VIT: tiny_vit.encoder, comparison.MAE: tiny_mae.encoder,
                                           comparison.UNTRAINED: untrained})
print(f"ViT: the {vit_source}; MAE: the {mae_source}")
print(comparison.probe_table(probes))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now the other way to use MAE features: keep the encoder, put a fresh linear head on its class token and train
# everything with labels for a few epochs (**fine-tuning**). As a control, the same short schedule from random
# weights shows how much of the result the pre-training is responsible for. `finetune_rows` does both. With
# `LIVE_TRAINING` off the lesson trains nothing, and shows the two figures `make checkpoints` measured for the
# checkpoint with this code (the same schedule, the same 450 test digits), marked "(card)".

# %% slideshow={"slide_type": "-"}
print(inspect.getsource(checkpoint.finetune_rows))
if live or mae_source != "checkpoint":
    probes += vision.finetune_rows(tiny_mae.encoder, digits, FINETUNE_EPOCHS)
else:
    probes += vision.finetune_rows_from_card()
probes.append(comparison.ProbeResult(comparison.VIT, f"trained ({vit_source})", vit_accuracy))
print(comparison.probe_table(probes))
plots.probe_bars(probes, comparison.published_mae_figures())

# %% slideshow={"slide_type": "subslide"}
print(comparison.verdicts(probes, n=len(digits.test_labels)))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Reading the numbers honestly.** He et al. (2022) report for MAE ViT-B/16 on ImageNet-1k a weak linear probe
# (68.0%) and a strong fine-tune (83.6%). These are the paper's own figures (OpenMMLab's later reproduction reports 67.1% and
# 83.5%, within a point of them). MAE features carry what is needed to rebuild pixels,
# which is not the same as being linearly separable by class; fine-tuning reorganises them. Contrastive methods,
# trained to make two views of an image agree, are the opposite: strong frozen features, and no better after
# fine-tuning. Two details of the paper's protocol matter: its linear probe puts a BatchNorm (without affine
# parameters) before the linear classifier, because MAE features are on very different scales from one channel to the
# next, and its fine-tuning reads the global average of the patch tokens rather than the class token. Where MAE leads
# clearly is transfer to dense tasks, which fine-tune the whole encoder. Quoted, not measured here:

# %% slideshow={"slide_type": "-"}
print(comparison.published_table())

# %% [markdown] slideshow={"slide_type": "subslide"}
# The scale problem the BatchNorm solves is visible in the tiny MAE too. Our probe standardises every feature on the
# training digits before the logistic regression, which is what an affine-free BatchNorm does at test time:

# %% slideshow={"slide_type": "-"}
spread = vision.encoder_features(tiny_mae.encoder, digits.train_images, "mean").std(0)
print(f"tiny MAE ({mae_source}), mean-pooled features: per-feature standard deviation from {float(spread.min()):.3f} "
      f"to {float(spread.max()):.3f}, a {float(spread.max() / spread.min()):.0f}× range that an unscaled probe would inherit")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Two warnings keep this comparison honest. First, the digits are tiny and easy: logistic regression on the
# raw pixels is already a strong baseline, so "better than pixels" is a high bar here that it is not on
# ImageNet. Second, our supervised ViT saw the labels for longer, so its linear probe reads features that were
# shaped by exactly this task; that is ViT's advantage when labels exist. MAE's advantage is that it learned
# without any label and, in the paper, scales to models and data sets where labels run out.
#
# The untrained encoder is the uncomfortable control. Random features of pixels already separate digits fairly
# well, so they are the bar that MAE's training has to clear, and the last line above says whether it does, with the
# noise of 450 test digits. Compare the live MAE's probe in section 4's table: an MAE still on the plateau of its
# curve has mostly learned to predict the average digit, which can throw away information the random features still
# carried. Likewise, where fine-tuning shows "no clear difference" from training the same encoder from scratch,
# believe it: minutes of pre-training on 1,347 tiny images do not build what 1,600 epochs on ImageNet do. What
# carries over from the paper is the *shape* of the result (a linear probe below fine-tuning), not its size; the
# benefit of pre-training carries over only where the comparisons above say "higher" beyond their noise.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Why ViT needed so much data, and MAE helps.** A convolution builds in two assumptions, that nearby pixels belong
# together and that a pattern means the same anywhere in the image; ViT builds in neither (its only 2-D hint is the
# patch grid) and must learn both from examples. Dosovitskiy et al. (2021) report exactly that: trained on ImageNet-1k
# alone ViT trails comparable ResNets, and it overtakes them only after pre-training on ImageNet-21k (14M images) or
# JFT-300M (303M). DeiT (Touvron et al., 2021) trained ViT on ImageNet-1k alone by adding strong augmentation,
# regularisation and distillation from a CNN teacher. MAE is a third answer: it makes the unlabelled images do the
# work, and the paper's ViT-L and ViT-H, pre-trained and fine-tuned on ImageNet-1k only, beat supervised training
# from scratch. The small-data end can be seen on the digits: the tiny ViT against a small CNN (two convolutions, fewer
# parameters), each trained for the same 100 batches of 32 on 60 training digits and on all 1,347 (seconds, so only with
# `LIVE_TRAINING` on). Both get the same steps, so the fair reading is how the CNN's lead changes with the data.

# %% slideshow={"slide_type": "-"}
if live:
    print(vision.data_appetite.appetite_report(vision.data_appetite.appetite_sweep(digits, sizes=(60, 1347), steps=100)))
else:
    print("LIVE_TRAINING is off: the ViT-vs-CNN data sweep is skipped (it trains four small models)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6 · Explore
#
# Three views in tabs: the **patch size** on the photo (and what it does to the sequence length), the MAE's
# **mask ratio** with a **re-sample** button that draws new masks for the same held-out digits, and the ViT's
# class-token attention by **layer** and **head**. Static copies of each view are in sections 1, 4 and 2.

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Operate the widgets with the mouse: on a slide the arrow keys turn the page even when a
# slider has focus.

# %% slideshow={"slide_type": "-"}
explorer = vision.widgets.lesson_widget(photo, tiny_mae, held_out, tiny_vit.encoder, sample, titles)
explorer

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7 · Exercises
#
# **Exercise 1.** LLaVA-1.5 feeds its language model the patch tokens of CLIP ViT-L/14 at 336 × 336 px. How
# many tokens does that ViT read, class token included? (Use `vision.sequence_length`, or work it out.)

# %% slideshow={"slide_type": "-"}
answer_tokens = None  # your answer
helpers.core.exercises.check("ViT-L/14 at 336 px", answer_tokens, vision.sequence_length(336, 14),
                        hint="(336 / 14)² patches, plus one class token")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# 336 / 14 = 24 patches a side, 24² = 576 patches (LLaVA's 576 visual tokens), plus the class token: 577.
# </details>
#
# **Exercise 2.** At ViT-B/16's 196 patches and a mask ratio of 90%, how many patches does the MAE encoder see?

# %% slideshow={"slide_type": "-"}
answer_visible = None  # your answer
helpers.core.exercises.check("visible patches at 90%", answer_visible, vision.keep_count(196, 0.9),
                        hint="int(196 × (1 − 0.9)); mind the rounding down")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# `int(196 * (1 - 0.9))` = `int(19.6)` = 19 patches. Run `vision.random_masking(torch.zeros(1, 196, 1), 0.9)` and look
# at the shape of `visible` to check.
# </details>
#
# **Exercise 3.** Measure it: by what factor does the ViT-B/16 encoder's FLOP count drop at 75% masking? Read
# it from the `costs` computed in section 3 (one decimal).

# %% slideshow={"slide_type": "-"}
answer_flop_ratio = None  # your answer, e.g. 4.0
vit_b_full, vit_b_masked = costs["ViT-B/16 (196 patches)"]
helpers.core.exercises.check("ViT-B/16 FLOP ratio at 75% masking", answer_flop_ratio, vit_b_full.flops / vit_b_masked.flops,
                        tolerance=0.1, hint="divide the FLOPs at 100% by the FLOPs at 25% of the patches")

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# `costs["ViT-B/16 (196 patches)"][0].flops / costs["ViT-B/16 (196 patches)"][1].flops`: close to 4. The linear
# layers shrink with the token count (197 → 50, 3.94×) and the attention scores with its square (15.5×), but the
# linear layers are most of the work.
# </details>
#
# **Exercise 4 (code).** Write `patchify` yourself: `(B, C, H, W)` images and a patch size `p` in, `(B, N, p·p·C)` out,
# patches numbered row by row, and inside a patch the values ordered by row, column, channel (channel fastest), as
# `transformers`' MAE does. A few lines of `reshape` and `permute`; the check runs it on random images of three shapes
# and compares it value for value with the tested `vision.patchify`.

# %% slideshow={"slide_type": "-"}
def my_patchify(images, p):
    return None  # your code: replace this line


answer_patchify = None  # set to my_patchify when it is written
print(vision.patchify_exercise.check_patchify(answer_patchify))

# %% [markdown] slideshow={"slide_type": "subslide"}
# <details><summary>Solution</summary>
#
# ```python
# def my_patchify(images, p):
#     b, c, h, w = images.shape
#     x = images.reshape(b, c, h // p, p, w // p, p)          # split both axes into (patch index, inside)
#     x = x.permute(0, 2, 4, 3, 5, 1)                           # (B, rows, cols, p, p, C): channel last
#     return x.reshape(b, (h // p) * (w // p), p * p * c)
# ```
# Permuting to `(0, 2, 4, 1, 3, 5)` gives the right shape with the channel first inside each patch: the check says
# "wrong order of values".
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The answer, measured in this run

# %% slideshow={"slide_type": "-"}
print(vit_table, mae_table, sep="\n\n")
print(cost.savings_report(costs))
print(comparison.probe_table(probes))
print(f"notebook ran in {time.perf_counter() - NOTEBOOK_START:.0f} s")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Interview answer · 面试回答
#
# Six to ten lines a strong candidate would say, in English and in Chinese; the figures measured in this run are
# printed from it, the published ones are the MAE paper's.

# %% [markdown] slideshow={"slide_type": "notes"}
# **Teacher's note.** Ask for a thirty-second spoken answer before revealing the printed one.

# %% slideshow={"slide_type": "-"}
print(vision.interview.interview_answer(costs, probes, decoder_parts))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - **ViT** turns an image into a sequence (patches → flatten → one shared linear projection), adds a class
#   token and position embeddings, and runs a Transformer encoder. It learns from **labels**; its head reads the
#   class token only. Its features are shaped by the task it was trained on, so they are linearly separable
#   for that task.
# - **MAE** trains the same encoder **without labels**: hide 75% of the patches, encode only the visible quarter,
#   let a small decoder with mask tokens rebuild the hidden pixels, and score only those. Seeing a quarter of
#   the tokens makes the encoder about 4× cheaper per image, measured above.
# - **Features:** MAE features are weaker for a linear probe and strong after fine-tuning (68.0% vs 83.6% for
#   ViT-B on ImageNet, He et al., 2022); on our digits, compare the printed gap. The seed is right about the architecture, but
#   it says nothing about the encoder skipping the masked patches, which is where MAE's efficiency comes from,
#   and it does not answer its own question about the advantages.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 总结
#
# - **ViT** 把图像切成图像块、展平、经同一个线性层投影成序列，加上类别 token 和位置编码，送入 Transformer
#   编码器。它依靠**标签**做监督训练，分类头只读取类别 token。它的特征为训练任务而生，在该任务上线性可分。
# - **MAE** 在**没有标签**的情况下训练同样的编码器：遮住 75% 的图像块，编码器只处理可见的四分之一，
#   轻量解码器借助掩码 token 重建被遮住的像素，损失只在被遮住的块上计算。编码器只看四分之一的 token，
#   每张图像的计算量约为原来的四分之一（上文实测）。
# - **特征：** MAE 特征在线性探测上较弱，微调后很强（He 等 2022 年报告 ImageNet 上 ViT-B 为 68.0% 对 83.6%）；在本例的手写数字上，
#   请对照上面打印出的差距。原文对结构的描述是对的，但没有提到编码器跳过被遮住的块（这正是 MAE 高效的原因），
#   也没有回答它自己提出的"优势"问题。

# %% [markdown] slideshow={"slide_type": "slide"}
# ## References
#
# - Dosovitskiy, A., Beyer, L., Kolesnikov, A., et al. *An Image is Worth 16x16 Words: Transformers for Image
#   Recognition at Scale.* ICLR 2021. ViT-B/16's shape and 86M parameters; fine-tuning at a higher resolution with
#   2-D interpolation of the position embeddings (section 1); ViT trails ResNets when trained on ImageNet-1k alone and
#   overtakes them after pre-training on ImageNet-21k or JFT-300M (told; the digits sweep of section 5 is measured).
# - He, K., Chen, X., Xie, S., Li, Y., Dollár, P., Girshick, R. *Masked Autoencoders Are Scalable Vision Learners.*
#   CVPR 2022. The mask-ratio ablation (ViT-L: linear probe 54.6% at 10% → 73.5% at 75%; fine-tuning good over
#   40–80%), mask tokens in the encoder (ViT-L fine-tuned 84.2% with, 84.9% without), the 8-block 512-wide decoder,
#   `norm_pix_loss`, the BatchNorm linear probe, ViT-B's 68.0% linear probe and 83.6% fine-tuned, and the COCO and
#   ADE20K transfer figures (sections 3–5). The authors' repository (facebookresearch/mae) lists the same ViT-B figures.
# - Devlin, J., Chang, M.-W., Lee, K., Toutanova, K. *BERT: Pre-training of Deep Bidirectional Transformers for
#   Language Understanding.* NAACL 2019. The 15% masking ratio.
# - Chen, X., Xie, S., He, K. *An Empirical Study of Training Self-Supervised Vision Transformers* (MoCo v3). ICCV
#   2021. ViT-B linear probe 76.7%.
# - Caron, M., Touvron, H., Misra, I., et al. *Emerging Properties in Self-Supervised Vision Transformers* (DINO).
#   ICCV 2021. ViT-B/16 linear probe 78.2%.
# - Touvron, H., Cord, M., Douze, M., et al. *Training data-efficient image transformers & distillation through
#   attention* (DeiT). ICML 2021. ViT trained on ImageNet-1k alone, with strong augmentation, regularisation and
#   distillation (told, not measured here).
#
# Every other number in this notebook is measured by the run that printed it.
