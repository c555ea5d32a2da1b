"""Is the model hub there? Only an answer that only the hub gives counts, within a time bound.

Any HTTP answer is not enough: a proxy or a captive portal answers 404, 403 or a login page for
every address, and a lesson that took that for the hub would switch to a pretrained path that then
fails. The probe asks the hub's model-info endpoint for one known model and counts the hub as
reachable only when the answer is status 200 with JSON naming that model.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

MAX_ANSWER_BYTES = 1 << 20  # the model-info JSON is a few kB; a portal's page is not read further


def _names_model(answer: bytes, model_id: str) -> bool:
    """True when ``answer`` is the model-info JSON of ``model_id`` (``gpt2`` also as ``openai-community/gpt2``)."""
    try:
        info = json.loads(answer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    if not isinstance(info, dict):
        return False
    names = {str(info.get(key, "")) for key in ("id", "modelId")}
    return any(name == model_id or name.rsplit("/", 1)[-1] == model_id for name in names if name)


def _ask(url: str, timeout_s: float, model_id: str) -> str | None:
    """None when ``url`` answers as the hub would, else why not (one line)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            status, answer = response.status, response.read(MAX_ANSWER_BYTES)
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code} from {url}: not the hub's answer (a proxy or captive portal?)"
    except Exception as exc:  # DNS failure, refused, reset, timeout...
        first = (str(exc).strip().splitlines() or [""])[0][:160]
        return f"{type(exc).__name__}: {first}"
    if status != 200 or not _names_model(answer, model_id):
        return f"{url} answered, but not with the hub's JSON for {model_id} (a proxy or captive portal?)"
    return None


def probe(url: str, timeout_s: float, model_id: str = "gpt2") -> str | None:
    """None if ``url`` (the hub's ``/api/models/<model_id>``) answered with that model's info within
    ``timeout_s`` seconds; otherwise one line saying why not."""
    outcome: dict[str, str | None] = {}

    def ask():
        outcome["error"] = _ask(url, timeout_s, model_id)

    # getaddrinfo ignores socket timeouts, so the whole probe runs in a thread we stop waiting for.
    worker = threading.Thread(target=ask, daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive() or "error" not in outcome:
        return f"no answer within {timeout_s:.0f} s"
    return outcome["error"]
