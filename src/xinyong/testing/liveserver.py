"""Run the app as a real server in another process (browser tests, `make screenshots`)."""

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

XINYONG = str(Path(sys.executable).with_name("xinyong"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def demo_server(env: dict[str, str]) -> Iterator[str]:
    """Load the demo data into the (migrated) database named by ``env`` and serve it; yield its URL."""
    subprocess.run([XINYONG, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    with serve(env, port):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def serve(env: dict[str, str], port: int, *, insecure: bool = False) -> Iterator[None]:
    """Run the server on ``port`` while the block runs. ``insecure`` serves the static files
    with XINYONG_DEBUG=0 too (Django's runserver --insecure), as a production proxy would."""
    proc = subprocess.Popen(
        [XINYONG, "runserver", f"127.0.0.1:{port}", "--noreload", *(["--insecure"] if insecure else [])],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, proc)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _wait_for(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start within 30 s")
