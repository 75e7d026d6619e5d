"""briefbot's HTTP mode in a real child process on 127.0.0.1, for attacks from the test process.

The child runs `briefbot.slack.server.serve` (what `briefbot run` calls in HTTP mode) with
settings from the environment; its log goes to a file the test can read, and its memory is
read from /proc (VmRSS now, VmHWM the peak)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHILD = """
import threading
from briefbot.config import load_settings
from briefbot.logs import configure_logging
from briefbot.slack.server import serve
from briefbot.store import Store
configure_logging(0)
settings = load_settings()
serve(settings, Store(settings.db_path), threading.Event())
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ServerProcess:
    process: subprocess.Popen
    port: int
    log_path: Path

    @classmethod
    def start(cls, folder: Path, repo: Path, env: dict[str, str]) -> ServerProcess:
        port = free_port()
        log_path = folder / "server.log"
        environ = {**os.environ, **env, "PORT": str(port)}
        with open(log_path, "wb") as log:
            process = subprocess.Popen([sys.executable, "-c", CHILD], cwd=repo, env=environ,
                                       stdout=log, stderr=subprocess.STDOUT)
        server = cls(process, port, log_path)
        deadline = time.monotonic() + 60
        while server.get("/healthz")[0] != 200:
            assert process.poll() is None, server.log()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        return server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, timeout: float = 3.0) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()
        except (OSError, urllib.error.URLError):
            return 0, ""

    def memory_mb(self, field: str = "VmRSS") -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
        raise AssertionError(f"no {field} for {self.process.pid}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
