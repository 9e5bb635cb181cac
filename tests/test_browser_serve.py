"""`briefing serve` (mkdocs serve with the briefing plugin) in a real browser: a change to a
digest rebuilds the site and reloads the open page (Debian chromium, headless, Playwright)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_mkdocs_plugin import project

pytestmark = pytest.mark.browser

NEW_ENTRY = "\n2月27日,测试部长托马斯·测试(Thomas Probe)宣布了一项只为这次测试写的新政策。\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} never answered")


def test_serve_reloads_the_browser_when_a_digest_changes(tmp_path, browser):
    root = project(tmp_path)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--port", str(port)], cwd=root,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    try:
        base = f"http://127.0.0.1:{port}/archive/"  # the path of site_url in mkdocs.yml
        _wait_for(base)
        _wait_for(base + "en/")  # the English tree is served too
        page = browser.new_page()
        page.goto(base)
        assert "托马斯·测试" not in page.locator(".entry-list").inner_text()
        page.evaluate("window.__notReloaded = true")
        digest = root / "content" / "briefing-2022-11_2023-02.txt"
        digest.write_text(digest.read_text(encoding="utf-8") + NEW_ENTRY, encoding="utf-8")
        # livereload: the page reloads by itself once the rebuild is done
        page.wait_for_function("() => window.__notReloaded === undefined", timeout=120_000)
        page.wait_for_load_state()
        assert "托马斯·测试" in page.locator(".entry-list").inner_text()
        page.close()
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
    text = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in text, text[-3000:]
