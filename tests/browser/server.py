"""A throw-away JupyterLab for the browser tests.

It runs from the project's environment on 127.0.0.1 with a free port and a random token,
with every Jupyter directory (runtime, config, data, lab settings, workspaces) in a temporary
folder, so nothing on the machine changes. It serves temporary ``.ipynb`` copies of the
jupytext sources: a save in the page could never rewrite ``notebooks/NN_*.py``.
``stop()`` shuts the kernels and the server down, and kills what is left of them.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
JUPYTER = Path(sys.executable).with_name("jupyter")

# Lab settings for a test run: no autosave (nothing written behind our back), no news or
# update pop-ups over the page, and every cell kept in the page (by default JupyterLab only
# renders the cells near the viewport, so outputs further down would not be in the DOM).
_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True},
}


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the test process dies, even by SIGKILL (Linux only).

    SIGTERM lets the server shut its kernels down, so a killed test run leaves nothing behind.
    """
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class ServerError(RuntimeError):
    """JupyterLab did not start; the message carries the end of its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def notebook_copy(source: Path, target_dir: Path) -> Path:
    """Write ``source`` (a jupytext ``.py``) as ``target_dir/<stem>.ipynb``, unpaired; return its path.

    The pairing metadata is dropped so that even a save of the copy writes no ``.py``.
    """
    import jupytext

    nb = jupytext.read(source)
    nb.metadata.pop("jupytext", None)
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                          "language": "python"})  # else the page asks which kernel
    target = target_dir / f"{source.stem}.ipynb"
    jupytext.write(nb, target, fmt="ipynb")
    return target


class JupyterLab:
    """One JupyterLab server process and its temporary folders.

    ``sources`` are the notebook ``.py`` files to serve (copied as ``.ipynb``). The served
    folder mirrors the repository (``notebooks/`` beside links to the other top-level
    entries), so a kernel's working directory and relative paths are as in ``make lab``.
    """

    def __init__(self, sources, env: dict | None = None, start_timeout_s: float = 90.0):
        self.sources = [Path(s) for s in sources]
        self.env = dict(env or {})
        self.start_timeout_s = start_timeout_s
        self.port = 0
        self.token = secrets.token_hex(24)
        self.tmp: Path | None = None
        self.proc: subprocess.Popen | None = None
        self.log_path: Path | None = None
        self.start_seconds = 0.0

    def served_copy(self, stem: str) -> Path:
        """The temporary ``.ipynb`` the server serves for notebook ``stem``."""
        return self.tmp / "repo" / "notebooks" / f"{stem}.ipynb"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _prepare(self) -> Path:
        self.tmp = Path(tempfile.mkdtemp(prefix="fiveq-lab-"))
        served = self.tmp / "repo"
        (served / "notebooks").mkdir(parents=True)
        for entry in ROOT.iterdir():
            if entry.name not in ("notebooks", ".git", ".venv") and not entry.name.startswith("."):
                (served / entry.name).symlink_to(entry)
        for entry in NOTEBOOKS.iterdir():
            if entry.suffix not in (".py", ".ipynb") and not entry.name.startswith("."):
                (served / "notebooks" / entry.name).symlink_to(entry)
        for source in self.sources:
            notebook_copy(source, served / "notebooks")
        settings = self.tmp / "lab-settings"
        for rel, values in _SETTINGS.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        for name in ("runtime", "config", "data", "workspaces"):
            (self.tmp / name).mkdir()
        return served / "notebooks"

    def _environment(self) -> dict:
        env = dict(os.environ)
        env.update({
            "JUPYTER_RUNTIME_DIR": str(self.tmp / "runtime"),
            "JUPYTER_CONFIG_DIR": str(self.tmp / "config"),
            "JUPYTER_DATA_DIR": str(self.tmp / "data"),
            "JUPYTERLAB_SETTINGS_DIR": str(self.tmp / "lab-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(self.tmp / "workspaces"),
            "IPYTHONDIR": str(self.tmp / "ipython"),
            "MPLCONFIGDIR": str(self.tmp / "matplotlib"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        })
        env.update(self.env)
        return env

    def start(self) -> "JupyterLab":
        """Start the server and wait until its API answers; raise ``ServerError`` with its log if not."""
        t0 = time.perf_counter()
        root_dir = self._prepare()
        if not JUPYTER.exists():
            raise ServerError(f"{JUPYTER} not found: the browser tests need the project's environment (make setup)")
        self.log_path = self.tmp / "jupyterlab.log"
        for attempt in range(3):  # another process may take the free port before we bind it
            self.port = free_port()
            cmd = [str(JUPYTER), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
                   "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
                   f"--ServerApp.root_dir={root_dir}", "--LabApp.expose_app_in_browser=True",
                   "--LabApp.news_url=None",
                   "--LanguageServerManager.autodetect=False", "--LabApp.extension_manager=readonly"]
            if os.geteuid() == 0:  # containers and CI runners often run as root
                cmd.append("--allow-root")
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(cmd, env=self._environment(), stdout=log, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL, start_new_session=True,
                                             preexec_fn=_die_with_parent)
            if self._wait_ready():
                self.start_seconds = time.perf_counter() - t0
                return self
            in_use = "address already in use" in self.log().lower()
            exited = self.proc.poll() is not None
            self._kill_group()
            if not in_use:
                break
        why = "exited" if exited else f"did not answer within {self.start_timeout_s:.0f} s"
        raise ServerError(f"JupyterLab {why}; its log ends:\n" + self.log()[-3000:])

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                self.api("GET", "/api/status", timeout=2)
                return True
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        return False

    def api(self, method: str, path: str, timeout: float = 10):
        """Call the server's REST API; return the decoded JSON (or None for an empty body)."""
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernel(self, kernel_id: str) -> None:
        """Shut one kernel down through the REST API (a kernel that is already gone is fine)."""
        try:
            self.api("DELETE", f"/api/kernels/{kernel_id}", timeout=30)
        except (urllib.error.URLError, OSError):
            pass

    def log(self) -> str:
        """The server's output so far (kernel tracebacks land here too)."""
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def stop(self) -> None:
        """Shut down kernels and server; kill anything left; remove the temporary folders. Safe to call twice."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                for kernel in self.api("GET", "/api/kernels", timeout=5) or []:
                    self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=10)
            except (urllib.error.URLError, OSError, ValueError):
                pass
            try:
                self.proc.send_signal(signal.SIGTERM)
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self._kill_group()
        self._kill_orphan_kernels()
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def _kill_group(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def _kill_orphan_kernels(self) -> None:
        """Kernels run in their own process group; find ours by the connection file in our runtime dir."""
        if self.tmp is None:
            return
        marker = str(self.tmp / "runtime").encode()
        for proc_dir in Path("/proc").glob("[0-9]*"):
            try:
                if marker in (proc_dir / "cmdline").read_bytes():
                    os.kill(int(proc_dir.name), signal.SIGKILL)
            except (OSError, ValueError):
                continue

    def __enter__(self) -> "JupyterLab":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
