"""The search index, built beside the pages: generator.search.index_site in a forked process.

The index depends only on the entries, so it is started as soon as they are gathered and
runs while MkDocs renders the pages. In a process of its own (not a thread) its Python work
does not hold the renderer's interpreter lock, and it gets a core of its own. It writes into
its own folder, whose contents are moved into the site once the pages are done. Where the
platform cannot fork, it runs in a thread.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import shutil
import threading
import traceback
from pathlib import Path

from ..errors import BuildError
from ..guard import forked_child, signals_held

log = logging.getLogger(__name__)


def _index(entries, out: Path, quiet: bool, glossary, related) -> dict:
    from ..search import index_site

    return index_site(entries, out, quiet=quiet, glossary=glossary, related=related)


def _child(conn, entries, out: Path, quiet: bool, glossary, related) -> None:
    forked_child()  # a killed build takes its index with it; stopped by the parent, it just stops
    try:
        conn.send(("ok", _index(entries, out, quiet, glossary, related)))
    except BaseException as exc:  # handed to the parent by result()
        conn.send(("error", (type(exc).__name__, str(exc), traceback.format_exc())))
    finally:
        conn.close()
        logging.shutdown()
        os._exit(0)


class SearchIndexing:
    """Starts at once; `result()` waits for the index and returns generator.search's stats."""

    def __init__(self, entries, out: Path, quiet: bool, glossary=None, fork: bool = True, related=None) -> None:
        self.out = out
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        self._stats: dict | None = None
        self._error: BaseException | None = None
        if fork and "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self._conn, child = ctx.Pipe(duplex=False)
            self._proc = ctx.Process(target=_child, args=(child, entries, out, quiet, glossary, related),
                                     name="briefing-search", daemon=True)
            gc.freeze()  # the archive stays shared with the child: its collector never writes to it
            with signals_held():
                self._proc.start()
            gc.unfreeze()
            child.close()
            self._thread = None
        else:
            self._proc = None
            self._thread = threading.Thread(target=self._run, args=(entries, out, quiet, glossary, related), daemon=True)
            self._thread.start()

    def _run(self, entries, out: Path, quiet: bool, glossary, related) -> None:
        try:
            self._stats = _index(entries, out, quiet, glossary, related)
        except BaseException as exc:
            self._error = exc

    def result(self) -> dict:
        if self._thread is not None:
            self._thread.join()
            if self._error is not None:
                raise self._error
            return self._stats or {}
        try:
            status, value = self._conn.recv()
        except EOFError:
            status, value = "error", ("EOFError", "the search indexer stopped without a result", "")
        self._proc.join()
        if status == "error":
            name, message, trace = value
            log.debug("%s", trace)
            raise BuildError(f"search index failed: {name}: {message}", self.out)
        return value

    def stop(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            self._proc.terminate()
            self._proc.join()
        if self._thread is not None:
            self._thread.join()
