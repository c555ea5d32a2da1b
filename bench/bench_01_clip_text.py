"""Lesson 01 targets: notebook run time, widget update latency, `import helpers` time."""

from _common import import_seconds, notebook_seconds, p95, report, time_calls

from helpers import clip
from helpers.core import corpora


def widget_p95(text: str, tokenizer: str) -> float:
    box = clip.widgets.token_explorer(tokenizer=tokenizer)
    text_box = box.children[0]
    variants = [text, text + " x"]
    state = {"k": 0}

    def update():  # setting the value runs the widget's callback synchronously, as in the browser
        state["k"] += 1
        text_box.value = variants[state["k"] % 2]

    return p95(time_calls(update, repeats=60))


def long_run_seconds() -> dict[str, float]:
    """Seconds to tokenize one unbroken run with each tokenizer: 16,000 letters of prose with the spaces and
    punctuation removed, and 5,000 Chinese characters with the spaces removed (CLIP's BPE sees 100 at a time)."""
    import re
    import time

    from helpers.core import tokenizers

    letters = re.sub(r"[^A-Za-z]", "", corpora.austen())[:16_000]
    han = "".join(re.findall(r"[\u4e00-\u9fff]", corpora.classical_chinese()))[:5_000]
    seconds = {}
    for name in tokenizers.NAMES:
        tok = tokenizers.get(name)
        for label, text in (("16,000 letters", letters), ("5,000 Chinese characters", han)):
            tok.encode(text[:10] + " ")  # load the tokenizer, not the run, before the clock starts
            start = time.perf_counter()
            tok.encode(text)
            seconds[f"{name}, {label}"] = time.perf_counter() - start
    return seconds


def main() -> None:
    report("import helpers (median of 5)", import_seconds(), target=1.0)
    for what, seconds in long_run_seconds().items():
        report(f"tokenize one unbroken run, {what}", seconds, target=1.0)
    words = corpora.austen().split()
    caption = " ".join(words[1000:1060])  # about 75 tokens
    paste = " ".join(words[2000:4000])
    for tokenizer in ("clip", "gpt2", "bert"):
        report(f"widget update p95, 77-token text, {tokenizer}", widget_p95(caption, tokenizer) * 1000, 50, "ms")
        report(f"widget update p95, 2,000-word paste, {tokenizer}", widget_p95(paste, tokenizer) * 1000, 200, "ms")
    seconds, cells = notebook_seconds("01_clip_text_tokens.py")
    report("notebook 01, cold kernel, offline", seconds, target=60)
    slowest = sorted(range(len(cells)), key=cells.__getitem__, reverse=True)[:3]
    print("  slowest cells:", ", ".join(f"#{i} {cells[i]:.1f} s" for i in slowest))


if __name__ == "__main__":
    main()
