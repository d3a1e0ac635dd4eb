"""decap-server beside the preview: the CMS's local back end, which reads and writes content/.

`homeward serve --cms` (`invoke serve --cms`) starts it from node_modules (pinned in
package.json as a devDependency, so nothing is downloaded at run time), bound to 127.0.0.1
only, with the repository root as its folder, and stops it with the preview. The preview's
config.yml points the CMS at it (`local_backend`, config.proxy_url) and its CSP lets the
admin page connect to it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from homeward.filesystem import die_with_parent

from .config import repository_root
from .plugin import PLUGIN_ROOT

SERVER = Path("decap-server") / "dist" / "index.js"
READY = re.compile(r"listening on")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class ProxyProblem(Exception):
    """decap-server cannot run here; the message says what to do."""


def server_script(settings: dict[str, Any]) -> Path:
    candidates = [Path(settings["CMS_NODE_MODULES"])] if settings.get("CMS_NODE_MODULES") else []
    candidates += [Path(settings["PATH"]).resolve().parent / "node_modules", PLUGIN_ROOT / "node_modules"]
    for modules in candidates:
        if (modules / SERVER).is_file():
            return modules / SERVER
    raise ProxyProblem("decap-server is not installed (node_modules/decap-server is missing); run `npm ci` in the repository, then start again")


def start_proxy(settings: dict[str, Any], port: int, timeout: float = 30.0) -> subprocess.Popen:
    """Start decap-server on 127.0.0.1:`port` and return once it listens."""
    node = shutil.which("node")
    if node is None:
        raise ProxyProblem("Node.js is not installed (`node` was not found); install Node.js 20 or newer for the browser CMS")
    script = server_script(settings)
    root = repository_root(Path(settings["PATH"]))
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs", "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "info"}
    process = subprocess.Popen(
        [node, str(script)],
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=die_with_parent,  # started before the preview's threads; ends with it even on kill -9
    )
    ready = threading.Event()

    def relay() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            text = ANSI.sub("", line).rstrip()
            if READY.search(text):
                ready.set()
            elif text and not text.startswith(("info:", "debug:")):
                print(f"decap-server: {text}", file=sys.stderr, flush=True)
        ready.set()  # it stopped: do not wait any longer

    threading.Thread(target=relay, daemon=True).start()
    ready.wait(timeout)
    if process.poll() is not None:
        raise ProxyProblem(f"decap-server stopped at once (is port {port} in use? choose another with --cms-port)")
    return process


def stop_proxy(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
