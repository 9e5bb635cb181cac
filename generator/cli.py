"""The `briefing` command: split, check, build, serve. The only place that configures logging."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import BriefingError
from .guard import check_output, interruptible

log = logging.getLogger("generator")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def _as_of(text: str) -> tuple[str, dt.date]:
    """`DIGEST=YYYY-MM-DD` (one digest's issue date), or `YYYY-MM-DD` alone for a lone digest."""
    name, sep, day = text.rpartition("=")
    return (Path(name).name if sep else "", _date(day))


def _as_of_map(args: argparse.Namespace, sources: Sequence[Path] | None) -> dict[str, dt.date] | None:
    """--as-of applies per digest: a bare date only when exactly one digest is given."""
    if not args.as_of:
        return None
    out: dict[str, dt.date] = {}
    for name, day in args.as_of:
        if not name:
            if sources is None or len(sources) != 1:
                raise BriefingError("--as-of with a bare date needs exactly one digest; "
                                    "name the digest: --as-of DIGEST.txt=YYYY-MM-DD")
            name = Path(sources[0]).name
        out[name] = day
    return out


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("briefing-archive")
    except PackageNotFoundError:  # run from a checkout without installing
        from . import __version__

        return __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Build a bilingual briefing archive.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.add_argument("-q", "--quiet", action="store_true", help="errors only")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--content", default="content", help="content folder (overrides.yml, taxonomy.yml, ids.lock.json)")
        p.add_argument("--as-of", type=_as_of, action="append", metavar="[DIGEST=]YYYY-MM-DD",
                       help="a digest's issue date (repeatable; a bare date only with one digest): "
                            "dates without a month or year are placed no later than it")

    p = sub.add_parser("split", help="split digests into one Markdown page per entry")
    p.add_argument("sources", nargs="+", type=Path)
    p.add_argument("--out", required=True, type=Path, help="output folder (replaced as a whole)")
    p.add_argument("--lock", type=Path, help="id lock file to read (default: CONTENT/ids.lock.json); "
                   "only `briefing build` writes it")
    common(p)

    p = sub.add_parser("check", help="show how digests are split, for an editor's review")
    p.add_argument("sources", nargs="+", type=Path)
    p.add_argument("--unsure", type=int, default=8, help="how many least-sure boundaries to list")
    common(p)

    p = sub.add_parser("build", help="build the static site (both languages) into site/")
    p.add_argument("--site", default="site", type=Path, help="output folder (default site/)")
    p.add_argument("--progress", action="store_true", help="show per-stage progress even when not on a terminal")
    common(p)
    p = sub.add_parser("serve", help="preview the site: mkdocs serve, reloading the browser on every change")
    p.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    common(p)
    return parser


def cmd_split(args: argparse.Namespace) -> int:
    from .pages import page_files, write_tree
    from .pipeline import process

    content = Path(args.content) if Path(args.content).is_dir() else None
    lock = args.lock or (content / "ids.lock.json" if content else None)
    check_output(args.out, "--out", content=content, inputs=args.sources)
    # The lock is read, never written: split sees only some digests, and a lock written from
    # them would drop every other digest's ids (only a build of the whole content/ writes it).
    archive = process(args.sources, content, _as_of_map(args, args.sources), lock)
    with interruptible():  # SIGTERM too removes the half-written tree
        count = write_tree(page_files(archive.entries), args.out)
    dropped = sum(len(r.dropped) for r in archive.results) + len(archive.duplicates)
    log.info("%d entries written to %s; %d lines dropped (see `briefing check`)", count, args.out, dropped)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import process

    content = Path(args.content) if Path(args.content).is_dir() else None
    archive = process(args.sources, content, _as_of_map(args, args.sources), lock_path=None)
    by_source: dict[str, list] = {}
    for e in archive.entries:
        by_source.setdefault(e.source, []).append(e)
    out = sys.stdout
    for result in archive.results:
        d = result.digest
        entries = by_source.get(d.name, [])
        out.write(f"== {d.path} ({d.encoding}, {len(d.paragraphs)} paragraphs, {len(result.entries)} entries"
                  f"{', marked' if d.marked else ''})\n")
        for e in entries:
            first, last = e.source_lines
            span = f"{first}" if first == last else f"{first}-{last}"
            out.write(f"  {span:>9}  {e.date.iso() or '—':<10}  [{e.raw.cue}]  {e.title}\n")
            out.write(f"{'':23}en: {e.title_en}{' (generated)' if e.title_en_generated else ''}\n")
            if e.tags:
                out.write(f"{'':23}tags: {', '.join(t.label for t in e.tags)}\n")
            if e.edited:
                out.write(f"{'':23}edited: {', '.join(e.edited)}\n")
        unsure = sorted((x for x in result.decisions if abs(x.score) < 2.5), key=lambda x: (abs(x.score), x.number))
        if unsure:
            out.write("  least sure boundaries (P = probability that a new entry starts there):\n")
            for x in unsure[: args.unsure]:
                text = next(p.text for p in d.paragraphs if p.number == x.number)
                verdict = "starts an entry" if x.starts else "continues"
                if x.cue == "sequence":  # the decoder's best sequence overrules this boundary's own odds
                    verdict += ", for the likeliest split of the digest"
                why = ", ".join(f"{k} {v:+.1f}" for k, v in x.features) or x.cue
                out.write(f"    line {x.number}: {verdict} (P={x.probability:.2f}; {why}): {text[:30]}…\n")
        if result.dropped:
            out.write("  dropped lines:\n")
            for x in result.dropped:
                out.write(f"    line {x.number}: {x.reason}: {x.text[:40]}\n")
    for x in archive.duplicates:
        out.write(f"  duplicate line {x.number}: {x.reason}\n")
    for w in archive.warnings:
        out.write(f"warning: {w}\n")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site

    build_site(Path(args.content), Path(args.site), as_of=_as_of_map(args, None), progress=args.progress or None)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .build import serve_site

    serve_site(Path(args.content), as_of=_as_of_map(args, None), port=args.port)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s")
    if not args.verbose and args.command != "serve":  # MkDocs' per-build INFO lines are noise in CI logs
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    commands = {"split": cmd_split, "check": cmd_check, "build": cmd_build, "serve": cmd_serve}
    try:
        return commands[args.command](args)
    except BriefingError as exc:
        log.error("%s", exc)
        return 2
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP (guard.Interrupted)
        done = ("the new site was already in place" if getattr(exc, "published", False)
                else "nothing was published, the previous site is kept")
        log.error("interrupted (%s): %s", exc or "SIGINT", done)
        return 128 + getattr(exc, "signum", 2)
    except OSError as exc:  # a full disk, a read-only folder, a folder where a file should be
        where = exc.filename or "?"
        hint = ("free some disk space" if exc.errno == errno.ENOSPC else
                "check its permissions" if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else
                "check the path")
        log.error("%s: %s; %s and run the command again (the previous site is kept)", where, exc.strerror or exc, hint)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
