"""Run the installed `dtm` command as operators do: one-off commands, and `dtm serve` / `dtm worker` processes."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from fakes.server import free_port


def dtm_command() -> list[str]:
    """The installed console script (pip install -e .), else the same entry point through Python."""
    script = Path(sys.executable).parent / "dtm"
    if script.exists():
        return [str(script)]
    found = shutil.which("dtm")
    return [found] if found else [sys.executable, "-c", "from dtm.cli import main; main()"]


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The test process's environment without any DTM_ setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTM_")}
    return env | (extra or {})


def run_dtm(*args: str, env: dict[str, str], cwd, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `dtm ARGS` to completion with exactly the DTM_ settings in `env`."""
    return subprocess.run(
        [*dtm_command(), *args], env=clean_env(env), cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


class DtmProcess:
    """A long-running `dtm` process whose output goes to a log file in its working directory."""

    def __init__(self, args: list[str], *, env: dict[str, str], cwd: Path, name: str):
        self.log_path = Path(cwd) / f"{name}.log"
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [*dtm_command(), *args], env=clean_env(env), cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT
        )

    def output(self) -> str:
        """Everything the process printed so far."""
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text()

    def stop(self, timeout: float = 20) -> int:
        """Ask the process to stop (SIGTERM, as docker and systemd do); return its exit code."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
                raise AssertionError(f"dtm did not stop within {timeout} s:\n{self.output()}") from None
        self._log.close()
        return self.proc.returncode


@contextlib.contextmanager
def dtm_server(
    *, env: dict[str, str], cwd: Path, ready_within: float = 60
) -> Iterator[tuple[str, DtmProcess]]:
    """Start `dtm serve` on a free port and wait until /readyz answers 200; yield (base URL, process)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = DtmProcess(
        ["serve", "--port", str(port)], env={"DTM_PUBLIC_URL": url} | env, cwd=cwd, name=f"serve-{port}"
    )
    try:
        deadline = time.monotonic() + ready_within
        while True:
            if server.proc.poll() is not None:
                raise AssertionError(f"dtm serve exited with {server.proc.returncode}:\n{server.output()}")
            try:
                if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"dtm serve not ready within {ready_within} s:\n{server.output()}")
            time.sleep(0.2)
        yield url, server
    finally:
        server.stop()
