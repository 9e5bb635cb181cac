"""Fit and score which named countries are an entry's country tags.

    python benchmarks/country_fit.py          # leave-one-digest-out: each digest's countries
                                              # scored by weights fitted on the others only
    python benchmarks/country_fit.py --fit    # refit on all gold digests, write the weights

An entry names countries; the gold files list those it is about or whose government, people or
places act in it, not every one named in passing. Each named country gets the evidence of
`generator.entities.country_features`; a logistic regression (scikit-learn, at fit time only)
weighs it; `generator/data/country_model.json` holds the weights, a dot product at run time.
The gold segmentation is used, so that splitting errors do not count here; the metrics are
those of `../shared/eval/score_split.py` (country precision and recall over entries whose gold
lists countries), per digest and pooled.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from split_eval import GOLD_DIRS, Gold, find_gold  # noqa: E402

from generator import entities  # noqa: E402
from generator.model import RawEntry  # noqa: E402
from generator.read import digest_from_bytes, read_bytes  # noqa: E402

log = logging.getLogger("country_fit")
MODEL_FILE = ROOT / "generator" / "data" / "country_model.json"
C = 1.0  # inverse L2 strength


def gold_entries(gold: Gold) -> tuple[list[tuple[RawEntry, set[str] | None]], entities.Glossary]:
    """The digest's entries as the gold cuts them, each with its gold countries (None where the
    gold gives none), and the glossary of that digest alone (as `briefing split DIGEST` has)."""
    digest = digest_from_bytes(read_bytes(gold.source), gold.source)
    by_number = {p.number: p for p in digest.paragraphs}
    out = []
    for e in gold.data["entries"]:
        pars = tuple(by_number[n] for n in range(e["first_line"], e["last_line"] + 1) if n in by_number)
        if pars:
            out.append((RawEntry(digest.name, pars, "gold"), set(e["countries"]) if "countries" in e else None))
    return out, entities.build_glossary([raw for raw, _ in out])


def rows(data: Sequence[tuple[list, entities.Glossary]]) -> tuple[list[dict[str, float]], list[bool]]:
    xs, ys = [], []
    for entries, glossary in data:
        for raw, gold in entries:
            if gold is None:
                continue
            candidates, _ = entities.country_candidates(raw, glossary)
            for code, f in candidates.items():
                xs.append(f)
                ys.append(code in gold)
    return xs, ys


def fit(data: Sequence[tuple[list, entities.Glossary]], c: float = C, threshold: float = 0.0) -> entities.CountryModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    xs, ys = rows(data)
    vec = DictVectorizer(sparse=False)
    clf = LogisticRegression(C=c, max_iter=2000).fit(vec.fit_transform(xs), ys)
    weights = {name: round(float(w), 4) for name, w in zip(vec.feature_names_, clf.coef_[0])}
    return entities.CountryModel(weights, round(float(clf.intercept_[0]), 4), threshold)


def score(entries: list, glossary: entities.Glossary, model: entities.CountryModel | None) -> tuple[int, int, int]:
    """(true positives, predicted, gold) of the entries' country tags."""
    tp = pred = want = 0
    for raw, gold in entries:
        if gold is None:
            continue
        tags, _ = entities.tag_entry(raw, glossary, country_model=model)
        got = set(entities.iso_codes(tags))
        tp, pred, want = tp + len(got & gold), pred + len(got), want + len(gold)
    return tp, pred, want


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fit", action="store_true", help="refit on all gold digests and write the weights")
    ap.add_argument("--c", type=float, default=C, help="inverse L2 strength of the fit")
    ap.add_argument("--threshold", type=float, default=0.0, help="logit above which a named country is kept")
    ap.add_argument("--gold", action="append", default=[], help="another folder of gold digests")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    golds = find_gold([*GOLD_DIRS, *map(Path, args.gold)])
    data = [gold_entries(g) for g in golds]
    if args.fit:
        model = fit(data, args.c, args.threshold)
        MODEL_FILE.write_text(json.dumps({
            "fitted_on": [g.name for g in golds], "c": args.c, "bias": model.bias,
            "threshold": model.threshold, "weights": dict(sorted(model.weights.items())),
        }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        log.info("wrote %s (%d digests)", MODEL_FILE.relative_to(ROOT), len(golds))
        return 0
    totals = {"all": [0, 0, 0], "loo": [0, 0, 0]}
    means = {"all": [0.0, 0.0], "loo": [0.0, 0.0]}
    counted = 0
    out = sys.stdout.write
    out(f"{'digest':34} {'named P':>8} {'named R':>8} {'LOO P':>8} {'LOO R':>8}\n")
    for i, (g, (entries, glossary)) in enumerate(zip(golds, data)):
        if not any(gold is not None for _, gold in entries):
            continue
        model = fit([d for j, d in enumerate(data) if j != i], args.c, args.threshold)
        cells = []
        for key, m in (("all", entities.CountryModel.every_named()), ("loo", model)):
            tp, pred, want = score(entries, glossary, m)
            for k, v in enumerate((tp, pred, want)):
                totals[key][k] += v
            p, r = tp / pred if pred else 0.0, tp / want if want else 0.0
            means[key][0] += p
            means[key][1] += r
            cells += [p, r]
        counted += 1
        out(f"{g.name:34} " + " ".join(f"{x:8.3f}" for x in cells) + "\n")
    out(f"{'mean':34} " + " ".join(f"{means[k][j] / counted:8.3f}" for k in ("all", "loo") for j in (0, 1)) + "\n")
    out(f"{'pooled':34} " + " ".join(f"{totals[k][0] / totals[k][j]:8.3f}" for k in ("all", "loo") for j in (1, 2)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
