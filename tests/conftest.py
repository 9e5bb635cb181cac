"""Shared fixtures: the sample digest, gold segmentations, and an entry-start scorer."""

from __future__ import annotations

import contextlib
import json
import os
import signal
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
DIGESTS = FIXTURES / "digests"
SAMPLE = DIGESTS / "briefing-2022-11_2023-02.txt"


def gold_of(digest: Path) -> dict:
    return json.loads(digest.with_name(digest.stem + ".gold.json").read_text(encoding="utf-8"))


def gold_digests() -> list[Path]:
    return sorted(p.with_name(p.name.replace(".gold.json", ".txt")) for p in DIGESTS.glob("*.gold.json"))


def prf(predicted: set, gold: set) -> tuple[float, float, float]:
    """Precision, recall and F1 of predicted entry starts against gold ones."""
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


CHROMIUM = "/usr/bin/chromium"  # Debian's package: tests never download a browser
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright, one per test module."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):  # .ci/run installs it: in CI a missing browser is a failure
            pytest.fail(f"{CHROMIUM} is missing in CI")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def sample_gold() -> dict:
    return gold_of(SAMPLE)


@contextlib.contextmanager
def within(seconds: int):
    """A guard for cases that used to hang (a redirect cycle, a quadratic loop): fail, not hang.

    Not a timing test: the limit is many times what the case needs on a slow machine."""
    def expired(signum, frame):
        raise AssertionError(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
