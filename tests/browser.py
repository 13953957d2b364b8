"""A headless Chromium driven over the Chrome DevTools Protocol, for the report's browser tests.

Chromium comes from the distribution's packages (`.ci/run` installs it). The protocol runs over a
pair of pipes (``--remote-debugging-pipe``, as Puppeteer and Playwright do): no debugging port is
opened and no client library is needed, only JSON messages separated by NUL bytes.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    # Nothing may leave the machine: any host name fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


class BrowserError(RuntimeError):
    pass


class Browser:
    """One browser with one tab; ``events`` collects what the tab reports."""

    def __init__(self, binary: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="legalcheck-chromium-")
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()

        def wire_pipes() -> None:  # in the child: Chromium reads fd 3 and writes fd 4
            read_end, write_end = os.dup(to_chrome_r), os.dup(from_chrome_w)  # out of the way of 3 and 4
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.proc = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire_pipes, close_fds=False,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._out = os.fdopen(to_chrome_w, "wb", buffering=0)
        self._in = os.fdopen(from_chrome_r, "rb", buffering=0)
        self._next = 0
        self._replies: dict[int, queue.Queue] = {}
        self._lock = threading.Lock()
        self.events: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=self.session)

    def _read(self) -> None:
        buf = b""
        while True:
            chunk = self._in.read(65536)
            if not chunk:
                break
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "id" in msg:
                    with self._lock:
                        q = self._replies.get(msg["id"])
                    if q is not None:
                        q.put(msg)
                else:
                    self.events.put(msg)

    def send(self, method: str, session: str | None = None, **params: Any) -> dict:
        with self._lock:
            self._next += 1
            mid = self._next
            q: queue.Queue = queue.Queue()
            self._replies[mid] = q
        msg: dict[str, Any] = {"id": mid, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self._out.write(json.dumps(msg).encode() + b"\0")
        try:
            reply = q.get(timeout=self.timeout)
        except queue.Empty:
            raise BrowserError(f"no reply to {method} within {self.timeout} s") from None
        finally:
            with self._lock:
                self._replies.pop(mid, None)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    # ---- the tab

    def tab(self, method: str, **params: Any) -> dict:
        return self.send(method, session=self.session, **params)

    def drain(self) -> list[dict]:
        out = []
        while True:
            try:
                out.append(self.events.get_nowait())
            except queue.Empty:
                return out

    def load(self, url: str) -> list[dict]:
        """Open ``url`` and wait for its load event; returns the tab's events meanwhile."""
        self.drain()
        self.tab("Page.navigate", url=url)
        seen = []
        while True:
            try:
                ev = self.events.get(timeout=self.timeout)
            except queue.Empty:
                raise BrowserError(f"{url} did not finish loading within {self.timeout} s") from None
            seen.append(ev)
            if ev.get("method") == "Page.loadEventFired" and ev.get("sessionId") == self.session:
                break
        # Let deferred work (the report's script) run, then collect anything it reported.
        self.eval("new Promise(r => setTimeout(r, 0))", await_promise=True)
        return seen + self.drain()

    def eval(self, expression: str, await_promise: bool = False) -> Any:
        res = self.tab("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=await_promise)
        if "exceptionDetails" in res:
            raise BrowserError(f"{expression!r}: {res['exceptionDetails']}")
        return res["result"].get("value")

    def press(self, key: str, code: int) -> None:
        text = "\r" if key == "Enter" else (" " if key == " " else "")
        self.tab("Input.dispatchKeyEvent", type="keyDown", key=key, code=key if key != " " else "Space",
                 windowsVirtualKeyCode=code, text=text)
        self.tab("Input.dispatchKeyEvent", type="keyUp", key=key, code=key if key != " " else "Space",
                 windowsVirtualKeyCode=code)

    def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        self.tab("Emulation.setDeviceMetricsOverride", width=width, height=height,
                 deviceScaleFactor=2 if mobile else 1, mobile=mobile)

    def screenshot(self, path: Path, width: int = 1280, max_height: int = 4500) -> Path:
        """The whole page (up to ``max_height`` CSS pixels) as a PNG."""
        self.viewport(width, 900)
        height = min(int(self.eval("document.documentElement.scrollHeight")), max_height)
        data = self.tab("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                        clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (BrowserError, OSError, ValueError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for f in (self._out, self._in):
            try:
                f.close()
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


def problems(events: list[dict]) -> list[str]:
    """Console errors and warnings, uncaught exceptions and failed loads, in words."""
    out = []
    for ev in events:
        method, p = ev.get("method"), ev.get("params", {})
        if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
            out.append(f"console.{p['type']}: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            out.append(f"exception: {d.get('exception', {}).get('description') or d.get('text')}")
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
            e = p["entry"]
            out.append(f"log {e['level']}: {e.get('text')} {e.get('url', '')}".strip())
        elif method == "Network.loadingFailed":
            out.append(f"failed to load: {p.get('errorText')}")
    return out


def requests(events: list[dict]) -> list[str]:
    return [ev["params"]["request"]["url"] for ev in events if ev.get("method") == "Network.requestWillBeSent"]
