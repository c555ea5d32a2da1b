"""helpers.core.pretrained: real loading code exercised on tiny local checkpoints; the offline path never hangs."""

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import torch

from helpers.core import clap_weights, hub_probe, pretrained

PROBE_BOUND_S = 3.0  # hub_status's own timeout


def _run(code: str, env_extra: dict, timeout: int = 300) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "FIVEQ_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env.update(env_extra)
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True,
                         timeout=timeout)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def silent_server():
    """A loopback server that accepts connections and never answers: a hub that hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def _server(status: int, body: bytes, content_type: str = "application/json"):
    """A loopback HTTP server that answers every GET with ``status`` and ``body``."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


HUB_ANSWER = json.dumps({"_id": "621ffdc036468d709f17434d", "id": "openai-community/gpt2",
                         "modelId": "openai-community/gpt2", "pipeline_tag": "text-generation"}).encode()


@pytest.fixture
def answering_server():
    """A hub that answers the model-info endpoint as the real one does."""
    server = _server(200, HUB_ANSWER)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("status, body, content_type", [
    (404, b"<html>Not found</html>", "text/html"),                        # a proxy's 404
    (200, b"<html><form>Log in to the Wi-Fi</form></html>", "text/html"),  # a captive portal's page
    (200, b'{"id": "some-other-model"}', "application/json"),             # JSON, but not the hub's answer
    (403, b"forbidden", "text/plain"),
])
def test_only_the_hubs_own_answer_counts_as_reachable(status, body, content_type):
    server = _server(status, body, content_type)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/api/models/gpt2"
        reason = hub_probe.probe(url, timeout_s=PROBE_BOUND_S, model_id="gpt2")
    finally:
        server.shutdown()
    assert reason is not None and "\n" not in reason


def test_the_hubs_answer_counts_and_a_silent_server_is_given_up(answering_server, silent_server):
    # A generous bound for the loopback answer (a busy CI machine can stall a thread for seconds); the time
    # bound itself is what the silent server checks.
    assert hub_probe.probe(answering_server + "/api/models/gpt2", timeout_s=30.0) is None
    assert "no answer within" in hub_probe.probe(silent_server + "/api/models/gpt2", timeout_s=0.5)


def test_a_portal_answering_404_keeps_lessons_offline():
    server = _server(404, b"<html>portal</html>", "text/html")
    try:
        result = _run("""
            import json, os, helpers
            s = helpers.core.pretrained.hub_status()
            print(json.dumps({"available": s.available, "reason": s.reason, "offline": os.environ.get("HF_HUB_OFFLINE")}))
        """, {"HF_ENDPOINT": f"http://127.0.0.1:{server.server_address[1]}"})
    finally:
        server.shutdown()
    assert result["available"] is False and "HTTP 404" in result["reason"] and result["offline"] == "1"


def test_hanging_hub_is_given_up_quickly_and_laion_clap_then_imports(silent_server):
    result = _run("""
        import json, os, time
        import helpers
        status = helpers.core.pretrained.hub_status()
        t0 = time.perf_counter()
        import laion_clap  # asks the hub for three tokenizers at import time
        print(json.dumps({"available": status.available, "probe_s": status.elapsed_s, "reason": status.reason,
                          "offline": os.environ.get("HF_HUB_OFFLINE"), "import_s": time.perf_counter() - t0}))
    """, {"HF_ENDPOINT": silent_server})
    assert result["available"] is False and "no answer" in result["reason"]
    assert result["probe_s"] < PROBE_BOUND_S + 1.5
    assert result["offline"] == "1"
    # Without the switch to offline mode this import waits on the silent hub for many minutes.
    assert result["import_s"] < 120


def test_answering_hub_is_reported_available(answering_server):
    result = _run("""
        import json, helpers
        s = helpers.core.pretrained.hub_status()
        import os
        print(json.dumps({"available": s.available, "offline": os.environ.get("HF_HUB_OFFLINE")}))
    """, {"HF_ENDPOINT": answering_server})
    assert result == {"available": True, "offline": None}


def test_offline_flags_are_honoured():
    for flag in ("FIVEQ_OFFLINE", "HF_HUB_OFFLINE"):
        result = _run("""
            import json, os, helpers
            s = helpers.core.pretrained.hub_status()
            print(json.dumps({"available": s.available, "reason": s.reason, "offline": os.environ.get("HF_HUB_OFFLINE")}))
        """, {flag: "1", "HF_ENDPOINT": "http://127.0.0.1:9"})
        assert result["available"] is False and flag in result["reason"] and result["offline"] == "1"


CLAP_PROBE = """
    import json, sys, time, helpers
    t0 = time.perf_counter()
    w = helpers.core.pretrained.try_load(helpers.core.clap_weights.clap_model)
    print(json.dumps({"available": w.available, "reason": w.reason, "s": time.perf_counter() - t0,
                      "imported": "laion_clap" in sys.modules}))
"""


def test_clap_offline_fails_fast_without_importing_laion_clap(tmp_path):
    result = _run(CLAP_PROBE, {"FIVEQ_OFFLINE": "1"})
    assert result["available"] is False and "FIVEQ_OFFLINE" in result["reason"]
    assert result["imported"] is False
    # offline by the hub's own switch, with an empty cache: the message names what is missing
    result = _run(CLAP_PROBE, {"HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path)})
    assert result["available"] is False and "roberta-base" in result["reason"]
    assert result["imported"] is False


OPEN_CLIP_PROBE = """
    import json, sys, helpers
    w = helpers.core.pretrained.try_load(helpers.core.pretrained.open_clip_model, "ViT-B-32", "openai")
    print(json.dumps({"available": w.available, "reason": w.reason, "imported": "open_clip" in sys.modules}))
"""


def test_open_clip_offline_is_decided_without_importing_open_clip(tmp_path):
    result = _run(OPEN_CLIP_PROBE, {"FIVEQ_OFFLINE": "1"})
    assert result == {"available": False, "reason": result["reason"], "imported": False}
    assert "FIVEQ_OFFLINE" in result["reason"]
    result = _run(OPEN_CLIP_PROBE, {"HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path)})  # an empty cache
    assert result["available"] is False and "not in the local cache" in result["reason"]
    assert result["imported"] is False


def test_open_clip_hub_table_is_open_clips_own():
    import open_clip

    for (arch, tag), hub_id in pretrained.OPEN_CLIP_HUB.items():
        assert open_clip.get_pretrained_cfg(arch, tag)["hf_hub"] == hub_id


def _tiny_bert_in_a_cache(cache_dir, tmp_path):
    from tools.hub_cache import place
    from transformers import BertConfig, BertForMaskedLM

    torch.manual_seed(0)
    config = BertConfig(vocab_size=99, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32)
    BertForMaskedLM(config).save_pretrained(tmp_path / "saved")
    place(cache_dir, "bert-base-uncased", tmp_path / "saved")


def test_forced_offline_reads_nothing_even_from_a_full_cache(tmp_path, monkeypatch):
    cache = tmp_path / "hub"
    _tiny_bert_in_a_cache(cache, tmp_path)
    monkeypatch.setenv("FIVEQ_OFFLINE", "1")
    weights = pretrained.try_load(pretrained.hf_model, "bert-base-uncased", "AutoModelForMaskedLM", cache_dir=str(cache))
    assert not weights.available and "FIVEQ_OFFLINE=1" in weights.reason
    for loader, args in ((pretrained.open_clip_model, ("ViT-B-32", "openai")), (clap_weights.clap_checkpoint, ()),
                         (pretrained.hf_tokenizer, ("bert-base-uncased",))):
        with pytest.raises(pretrained.WeightsUnavailable, match="FIVEQ_OFFLINE"):
            loader(*args)
    # the same cache without the switch (hub offline): the cached model loads
    monkeypatch.delenv("FIVEQ_OFFLINE")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = pretrained.hf_model("bert-base-uncased", "AutoModelForMaskedLM", cache_dir=str(cache))
    assert type(model).__name__ == "BertForMaskedLM" and model.config.vocab_size == 99


def test_hf_model_loads_a_local_checkpoint(tmp_path):
    from transformers import BertConfig, BertForMaskedLM

    torch.manual_seed(0)
    config = BertConfig(vocab_size=99, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32)
    original = BertForMaskedLM(config)
    original.save_pretrained(tmp_path)
    loaded = pretrained.hf_model(str(tmp_path), "AutoModelForMaskedLM")
    assert type(loaded).__name__ == "BertForMaskedLM" and not loaded.training
    for (name, a), (_, b) in zip(original.state_dict().items(), loaded.state_dict().items()):
        assert torch.equal(a, b), name
    weights = pretrained.try_load(pretrained.hf_model, str(tmp_path), "AutoModelForMaskedLM")
    assert weights.available and weights.model is not None


def test_hf_model_missing_weights_offline(tmp_path, monkeypatch):
    weights = pretrained.try_load(pretrained.hf_model, "no-such-org/no-such-model", "AutoModel")
    assert not weights.available and "FIVEQ_OFFLINE" in weights.reason
    monkeypatch.delenv("FIVEQ_OFFLINE")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    weights = pretrained.try_load(pretrained.hf_model, "no-such-org/no-such-model", "AutoModel", cache_dir=str(tmp_path))
    assert not weights.available and "hf download" in weights.reason
    with pytest.raises(ValueError, match="model_class must name a transformers class"):
        pretrained.hf_model("bert-base-uncased", "NoSuchModelClass")
    with pytest.raises(TypeError, match="int"):
        pretrained.hf_model(5)


def test_open_clip_model_loads_a_local_checkpoint(tiny_open_clip, tmp_path):
    import open_clip

    torch.manual_seed(0)
    original = open_clip.create_model(tiny_open_clip, pretrained=None)
    path = tmp_path / "tiny.pt"
    torch.save({"state_dict": {f"module.{k}": v for k, v in original.state_dict().items()}}, path)
    model, preprocess, tokenizer = pretrained.open_clip_model(tiny_open_clip, str(path))
    for name, tensor in original.state_dict().items():
        assert torch.equal(tensor, model.state_dict()[name]), name
    assert tokenizer(["a cat"]).shape == (1, 77)
    assert callable(preprocess)


def test_open_clip_unknown_names_and_offline_tags(tiny_open_clip):
    with pytest.raises(ValueError, match="unknown open_clip architecture"):
        pretrained.open_clip_model("ViT-Q-99", "openai")
    with pytest.raises(ValueError, match="no pretrained tag"):
        pretrained.open_clip_model("ViT-B-32", "not-a-tag")
    weights = pretrained.try_load(pretrained.open_clip_model, "ViT-B-32", "openai")
    assert not weights.available and "cache" in weights.reason


def test_openai_clip_is_built_with_quick_gelu(tiny_open_clip, tmp_path):
    """OpenAI trained CLIP with QuickGELU; building the openai tag with plain GELU changes every embedding."""
    import open_clip
    from open_clip.transformer import QuickGELU

    model = open_clip.create_model(tiny_open_clip)
    torch.save(model.state_dict(), tmp_path / "tiny.pt")
    quick, _, _ = pretrained.open_clip_model(tiny_open_clip, str(tmp_path / "tiny.pt"), quick_gelu=True)
    plain, _, _ = pretrained.open_clip_model(tiny_open_clip, str(tmp_path / "tiny.pt"))
    assert isinstance(quick.transformer.resblocks[0].mlp.gelu, QuickGELU)
    assert not isinstance(plain.transformer.resblocks[0].mlp.gelu, QuickGELU)
    assert open_clip.get_pretrained_cfg("ViT-B-32", "openai")["quick_gelu"] is True  # what quick_gelu=None follows


def test_load_state_dict_cleans_keys_and_refuses_code(tmp_path):
    path = tmp_path / "ckpt.pt"
    torch.save({"state_dict": {"module.a.weight": torch.ones(2), "text.position_ids": torch.arange(3)}}, path)
    state = pretrained.load_state_dict(path, drop_keys=("position_ids",))
    assert list(state) == ["a.weight"]
    torch.save(torch.ones(3), tmp_path / "tensor.pt")
    with pytest.raises(ValueError, match="no state dict"):
        pretrained.load_state_dict(tmp_path / "tensor.pt")
    torch.save({"state_dict": {"a": torch.ones(1)}, "payload": Payload()}, tmp_path / "evil.pt")
    with pytest.raises(ValueError, match="evil.pt was refused by torch.load") as info:  # weights_only=True
        pretrained.load_state_dict(tmp_path / "evil.pt")
    assert "\n" not in str(info.value) and info.value.__cause__ is None and info.value.__suppress_context__
    (tmp_path / "text.pt").write_text("not a checkpoint")
    with pytest.raises(ValueError, match="text.pt was refused") as info:
        pretrained.load_state_dict(tmp_path / "text.pt")
    assert "\n" not in str(info.value)
    with pytest.raises(pretrained.WeightsUnavailable, match="does not exist"):
        pretrained.load_state_dict(tmp_path / "missing.pt")


class Payload:
    """An arbitrary pickled object, as a malicious checkpoint would carry."""
