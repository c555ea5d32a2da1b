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


def main() -> None:
    report("import helpers (median of 5)", import_seconds(), target=1.0)
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
