"""How far two people agree on where entries start: the ceiling for the splitter.

    python benchmarks/agreement.py             # the second annotators against the gold
    python benchmarks/agreement.py --loo       # beside the splitter's leave-one-digest-out figures

`benchmarks/agreement/DIGEST.second-annotator.json` holds a second, independent segmentation of
a gold digest (entries as line ranges with their dates), made by an annotator who saw only the
shared corpus's digests and gold as examples (for a shared digest, only the other two) and never
the gold of that digest or the splitter. It is scored against the gold with split_eval's metrics
(entry-start F1, Pk, dates), as the splitter is.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import split_eval  # noqa: E402

ANNOTATIONS = HERE / "agreement"


def as_front_matter(annotation: dict) -> list[dict]:
    """An annotation's entries in the shape split_eval.score reads (no names or countries)."""
    return [{"source_lines": [e["first_line"], e["last_line"]], "date": e.get("date"), "people": [], "countries": []}
            for e in annotation["entries"]]


def agreement(golds: Sequence[split_eval.Gold], loo: bool = False) -> list[tuple[str, dict]]:
    by_name = {g.name.removesuffix(".txt"): g for g in golds}
    rows = []
    for path in sorted(ANNOTATIONS.glob("*.second-annotator.json")):
        gold = by_name.get(path.name.removesuffix(".second-annotator.json"))
        if gold is None:
            continue  # a shared digest without ../shared beside the checkout
        annotation = json.loads(path.read_text(encoding="utf-8"))
        row = {"annotator": split_eval.score(gold.data, as_front_matter(annotation))}
        if loo:
            model = split_eval.fit([g for g in golds if g.name != gold.name])
            row["splitter"] = split_eval.evaluate(gold, model)
        rows.append((gold.name, row))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--loo", action="store_true", help="also the splitter, fitted on the other gold digests")
    args = ap.parse_args(argv)
    rows = agreement(split_eval.find_gold(split_eval.GOLD_DIRS), args.loo)
    who = ["annotator", "splitter"] if args.loo else ["annotator"]
    head = "digest".ljust(34) + "".join(f"{w + ' ' + k:>22}" for w in who for k in ("F1 (P/R)", "dates"))
    lines = [head]
    for name, row in rows:
        cells = ""
        for w in who:
            r = row[w]
            dates = "-" if r["date_acc"] is None else f"{r['date_acc']:.3f}"
            cells += f"{r['f1']:.3f} ({r['precision']:.2f}/{r['recall']:.2f})".rjust(22) + dates.rjust(22)
        lines.append(name.ljust(34) + cells)
    if rows:
        cells = "".join(f"{statistics.mean(r[w]['f1'] for _, r in rows):.3f}".rjust(22)
                        + f"{statistics.mean(r[w]['date_acc'] for _, r in rows if r[w]['date_acc'] is not None):.3f}".rjust(22)
                        for w in who)
        lines.append("mean".ljust(34) + cells)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
