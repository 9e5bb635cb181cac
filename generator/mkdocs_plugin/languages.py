"""The other languages' builds: the same mkdocs.yml, one more language under <site>/<lang>/.

The first language of the plugin's `languages` is built by the MkDocs run that the user
started (`mkdocs build`, `mkdocs serve`, `briefing build`); each other one by a MkDocs run
of a config that INHERITs the user's mkdocs.yml and changes only the language, the site
folder and the site name. Where the platform can fork, each runs in a forked process on
another core, started once the archive is gathered, so that it inherits the archive instead
of gathering it again; otherwise they run one after another in this process.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..guard import forked_child, signals_held
from ..i18n import LABELS

log = logging.getLogger(__name__)


def language_config(config: MkDocsConfig, lang: str, workdir: Path) -> Path:
    """Write the config of one more language (workdir/mkdocs.<lang>.yml) and return its path."""
    data: dict = {
        "INHERIT": os.path.abspath(config.config_file_path),
        "docs_dir": os.path.abspath(config.docs_dir),
        "site_dir": os.path.join(os.path.abspath(config.site_dir), lang),
        "site_name": LABELS[lang]["site_name"],
        # paths in an inherited config are relative to the child: point back at the overrides
        "theme": {"language": lang, **({"custom_dir": config.theme.custom_dir} if config.theme.custom_dir else {})},
    }
    # hooks are relative to the config file that names them: give the parent's, resolved
    hooks = [os.path.abspath(m.__file__) for m in (config.hooks or {}).values() if getattr(m, "__file__", None)]
    if hooks:
        data["hooks"] = hooks
    if config.site_url:  # canonical links, the sitemap and <lang>/404.html's links live under <lang>/
        data["site_url"] = config.site_url.rstrip("/") + f"/{lang}/"
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"mkdocs.{lang}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_language(path: Path, shared: object) -> None:
    """Build one language from its config, with the archive gathered by the first language's run."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(path))
    plugin = config.plugins.get("briefing")
    if plugin is None:
        raise PluginError(f"{path}: the briefing plugin is not enabled")
    plugin.share(shared)
    build(config)


def _child(path: Path, shared: object) -> None:
    forked_child()  # a killed build takes its other languages with it; stopped, they just stop
    # The search index is one of the build's longest chains, and the first language's run
    # waits for both: on a machine of few cores, let the index go first.
    os.nice(5)
    try:
        build_language(path, shared)
    except SystemExit as exc:  # MkDocs' Abort: strict mode saw warnings (already logged)
        log.error("%s: %s", path, exc)
        os._exit(1)
    except BaseException:
        log.exception("%s: the build failed", path)
        os._exit(1)
    logging.shutdown()
    os._exit(0)


class LanguageBuilds:
    """The other languages' builds, started together and awaited together."""

    def __init__(self, configs: list[Path], shared: object, parallel: bool) -> None:
        self.configs, self.shared = configs, shared
        self.parallel = parallel and "fork" in multiprocessing.get_all_start_methods()
        self.procs: list[tuple[Path, multiprocessing.process.BaseProcess]] = []

    def start(self) -> None:
        if not self.parallel:
            return
        ctx = multiprocessing.get_context("fork")
        for path in self.configs:
            proc = ctx.Process(target=_child, args=(path, self.shared), name=f"briefing-{path.stem}", daemon=True)
            gc.freeze()  # the archive stays shared with the child: its collector never writes to it
            with signals_held():
                proc.start()
            gc.unfreeze()
            self.procs.append((path, proc))

    def wait(self) -> None:
        if not self.parallel:
            for path in self.configs:
                try:
                    build_language(path, self.shared)
                except SystemExit as exc:
                    raise PluginError(f"{path}: {exc}") from None
            return
        failed = []
        for path, proc in self.procs:
            proc.join()
            if proc.exitcode != 0:
                failed.append(f"{path} (exit code {proc.exitcode})")
        self.procs = []
        if failed:
            raise PluginError("the build of another language failed: " + ", ".join(failed))

    def stop(self) -> None:
        for _, proc in self.procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()
        self.procs = []
