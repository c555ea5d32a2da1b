"""Widgets for lesson 03: thin wiring from core ipywidgets controls to tested functions.

Pictures come from ``helpers.vision.render`` (numpy → PNG in milliseconds), not from matplotlib figures,
so that an update stays well under 200 ms on a busy CPU.

``patch_size_explorer`` (a photo cut at the chosen patch size), ``mask_explorer`` (a mask-ratio
slider and a re-sample button over the tiny MAE's reconstructions) and ``attention_explorer``
(the tiny ViT's class-token attention by layer and head). ``lesson_widget`` puts the three in
tabs; its container carries the ``fiveq-main`` class. Every control has a ``description``.
"""

from __future__ import annotations

PATCH_SIZES = (8, 14, 16, 28, 32, 56)
MEAN_OF_HEADS = -1


def patch_summary(image_size: int, patch_size: int, channels: int = 3) -> str:
    """One line: how many tokens a ViT reads at this patch size, and how long each flattened patch is."""
    from .patches import grid_shape

    from ..core import checks

    rows, cols = grid_shape(image_size, patch_size)
    channels, n = checks.positive_int(channels, "channels"), rows * cols
    return (f"{image_size}/{patch_size} = {rows} patches a side → {n} patches + 1 class token = {n + 1} tokens; "
            f"each patch flattens to {patch_size}·{patch_size}·{channels} = {patch_size * patch_size * channels} numbers; "
            f"attention compares {(n + 1) ** 2:,} token pairs per head")


def _guarded(update, info):
    """``update`` that, on any error, shows one line in ``info`` and leaves the picture as it was."""
    import html

    from ..core.checks import one_line

    def run(*args):
        try:
            update(*args)
        except Exception as error:        # noqa: BLE001 - a widget shows every failure as one line
            info.value = f'<span class="fiveq-error" style="color:#c62828">{html.escape(one_line(error))}</span>'
    return run


def _image_widget():
    import ipywidgets as widgets

    return widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))


def patch_size_explorer(photo, sizes=PATCH_SIZES, initial: int = 16):
    """A slider over patch sizes that redraws ``render.patch_view(photo, size)``; returns a VBox."""
    import ipywidgets as widgets

    from .photos import to_rgb
    from .render import patch_view, to_png

    from ..core import checks

    photo = to_rgb(photo)[0]
    size = photo.shape[-1]
    sizes = tuple(s for s in (checks.positive_int(s, "sizes[i]") for s in sizes) if size % s == 0)
    if initial not in sizes:
        raise ValueError(f"initial patch size {initial} must be one of {sizes} (divisors of {size})")
    slider = widgets.SelectionSlider(options=sizes, value=initial, description="patch size",
                                     continuous_update=False)
    info = widgets.HTML()
    image = _image_widget()

    def _update(_change=None):
        picture = to_png(patch_view(photo, slider.value))
        image.value, info.value = picture, patch_summary(size, slider.value, photo.shape[0])

    update = _guarded(_update, info)
    slider.observe(update, names="value")
    _update()                     # a bad argument raises here, before the widget is shown
    return widgets.VBox([slider, info, image])


def mask_explorer(mae, images, initial_ratio: float = 0.75, seed: int = 0):
    """A mask-ratio slider and a re-sample button over ``reconstruction.reconstruct(mae, images, ratio, seed)``."""
    import ipywidgets as widgets

    from .reconstruction import reconstruct
    from .patches import keep_count
    from .render import mask_view, to_png

    from ..core import checks

    initial_ratio, seed = checks.real(initial_ratio, "initial_ratio", 0, 0.95), checks.integer(seed, "seed", 0)
    ratio = widgets.FloatSlider(value=initial_ratio, min=0.0, max=0.95, step=0.05, description="mask ratio",
                                readout_format=".0%", continuous_update=False)
    resample = widgets.Button(description="re-sample", tooltip="draw a new random mask for every image")
    info = widgets.HTML()
    image = _image_widget()
    state = {"seed": seed}
    n = mae.config.encoder.num_patches

    def _update(_change=None):
        rec = reconstruct(mae, images, ratio.value, state["seed"])
        image.value = to_png(mask_view(rec))
        info.value = (f"mask ratio {ratio.value:.0%}: the encoder sees {keep_count(n, ratio.value)} of {n} patches "
                      f"per image; mask #{state['seed'] - seed}; error on the hidden patches (MSE) {rec.error:.4f}")

    def _on_click(_button):
        state["seed"] += 1
        _update()

    update, on_click = _guarded(_update, info), _guarded(_on_click, info)

    ratio.observe(update, names="value")
    resample.on_click(on_click)
    _update()                     # a bad argument raises here, before the widget is shown
    return widgets.VBox([widgets.HBox([ratio, resample]), info, image])


def attention_explorer(encoder, images, titles=None):
    """Layer and head controls over ``readout.class_token_attention(encoder, images, layer, head)``
    (all layers are computed once; a control change only selects and redraws).

    ``titles`` (one per image, e.g. "pred 3 / true 3") are listed under the controls."""
    import ipywidgets as widgets

    from .readout import attention_maps, select_class_token_attention
    from .render import attention_view, to_png

    config = encoder.config
    layer = widgets.IntSlider(value=config.depth - 1, min=0, max=config.depth - 1, description="layer",
                              continuous_update=False)
    head = widgets.Dropdown(options=[("mean of heads", MEAN_OF_HEADS)] + [(f"head {h}", h) for h in range(config.heads)],
                            value=MEAN_OF_HEADS, description="head")
    info = widgets.HTML()
    image = _image_widget()
    caption = widgets.HTML(" · ".join(titles) if titles else "")
    all_maps = attention_maps(encoder, images)  # every layer and head at once; the controls only select

    def _update(_change=None):
        chosen = None if head.value == MEAN_OF_HEADS else head.value
        maps = select_class_token_attention(all_maps, layer.value, chosen)
        image.value = to_png(attention_view(images, maps))
        peak = maps.flatten(1).max(1).values.mean()
        info.value = (f"layer {layer.value}, {'mean of heads' if chosen is None else f'head {chosen}'}: "
                      f"the class token's largest weight on one patch is {peak:.2f} on average "
                      f"(uniform would be {1 / maps[0].numel():.2f})")

    update = _guarded(_update, info)
    layer.observe(update, names="value")
    head.observe(update, names="value")
    _update()                     # a bad argument raises here, before the widget is shown
    return widgets.VBox([widgets.HBox([layer, head]), info, image, caption])


def lesson_widget(photo, mae, mae_images, encoder, attention_images, attention_titles=None):
    """The three explorers in tabs; the container has the ``fiveq-main`` class."""
    import ipywidgets as widgets

    tabs = widgets.Tab(children=[patch_size_explorer(photo), mask_explorer(mae, mae_images),
                                 attention_explorer(encoder, attention_images, attention_titles)])
    tabs.titles = ("patches", "MAE masking", "ViT attention")
    tabs.add_class("fiveq-main")
    return tabs


def controls(widget) -> dict:
    """Every control inside ``widget`` by its description (for tests and benchmarks)."""
    found = {}
    stack = [widget]
    while stack:
        w = stack.pop()
        description = getattr(w, "description", "")
        if description:
            found[description] = w
        stack.extend(getattr(w, "children", ()))
    return found
