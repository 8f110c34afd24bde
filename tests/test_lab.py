"""`make lab` opens JupyterLab on localhost with a token: start it the same way, briefly.

It also never asks about news or checks for updates (both need the network):
the Makefile's LABFLAGS turn both off and point JupyterLab at
lab_settings/overrides.json, which answers "no" for every user.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read().decode())


def lab_flags() -> list[str]:
    """The Makefile's LABFLAGS, as `make lab` passes them."""
    makefile = (ROOT / "Makefile").read_text()
    block = re.search(r"^LABFLAGS := (.*?)(?<!\\)\n", makefile, re.M | re.S).group(1)
    return block.replace("\\\n", " ").split()


def test_makefile_lab_target_binds_to_localhost():
    makefile = (ROOT / "Makefile").read_text()
    lab = makefile.split("\nlab:")[1].split("\n\n")[0]
    assert "--ServerApp.ip=127.0.0.1" in lab and "notebooks/00_start_here.ipynb" in lab
    assert "token=''" not in lab and "--IdentityProvider.token=" not in lab
    assert "$(LABFLAGS)" in lab
    flags = lab_flags()
    assert "--LabApp.news_url=None" in flags
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in flags
    assert "--LabApp.app_settings_dir=lab_settings" in flags


def test_jupyterlab_starts_and_requires_a_token(tmp_path):
    port, token = _free_port(), "seed-and-soil-test-token"
    command = [
        str(Path(sys.executable).with_name("jupyter")),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={ROOT}",
        *lab_flags(),
    ] + (["--allow-root"] if os.geteuid() == 0 else [])
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            if server.poll() is not None:
                raise AssertionError(server.stderr.read().decode()[-2000:])
            try:
                if _get(f"{base}/api/status?token={token}") == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.2)
        else:
            raise AssertionError("JupyterLab did not answer within 20 s")
        assert _get(f"{base}/api/status") in {401, 403}
        assert _get(f"{base}/lab/tree/notebooks/00_start_here.ipynb?token={token}") == 200
        # No news prompt: the setting it asks about is already answered, and news and updates are off.
        schema = _json(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}")["schema"]
        assert schema["properties"]["fetchNews"]["default"] == "false"
        assert schema["properties"]["checkForUpdates"]["default"] is False
        assert _json(f"{base}/lab/api/news?token={token}") == {"news": []}
        assert _json(f"{base}/lab/api/update?token={token}") == {"notification": None}
    finally:
        server.terminate()
        server.wait(timeout=10)
