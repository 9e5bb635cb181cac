"""benchmarks/country_fit.py: the shipped country weights are the fit of the gold digests, and
the fitted tagger beats keeping every country named, for digests it was not fitted on."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import country_fit  # noqa: E402

from generator import entities  # noqa: E402

GOLDS = country_fit.find_gold(country_fit.GOLD_DIRS)


@pytest.fixture(scope="module")
def data():
    return [country_fit.gold_entries(g) for g in GOLDS]


def test_the_shipped_country_weights_are_the_fit_of_the_gold_digests(data):
    """`country_fit.py --fit` was run after the last change to the features or the gold (else refit)."""
    pytest.importorskip("sklearn")
    if not (ROOT.parent / "shared" / "corpus").is_dir():
        pytest.skip("the weights are fitted with ../shared/corpus, which is not beside the checkout")
    shipped = json.loads(country_fit.MODEL_FILE.read_text(encoding="utf-8"))
    assert sorted(shipped["fitted_on"]) == sorted(g.name for g in GOLDS)
    fitted = country_fit.fit(data, shipped["c"], shipped["threshold"])
    assert set(shipped["weights"]) == set(fitted.weights)
    assert all(abs(shipped["weights"][k] - fitted.weights[k]) < 0.01 for k in fitted.weights)


def test_held_out_digests_get_better_country_tags_than_every_country_named(data):
    """Pooled over every digest, each scored by weights fitted on the others (every fourth digest
    held out, for time): precision rises and recall does not fall by more than a little."""
    pytest.importorskip("sklearn")
    named = [0, 0, 0]
    held = [0, 0, 0]
    for i in range(0, len(data), 4):
        entries, glossary = data[i]
        model = country_fit.fit([d for j, d in enumerate(data) if j != i])
        for total, m in ((named, entities.CountryModel.every_named()), (held, model)):
            for k, v in enumerate(country_fit.score(entries, glossary, m)):
                total[k] += v
    p = lambda t: t[0] / t[1]  # noqa: E731
    r = lambda t: t[0] / t[2]  # noqa: E731
    assert p(held) > p(named), (held, named)
    assert r(held) > r(named) - 0.01, (held, named)
    # (a floor, not the target: pooled so, precision was 0.90-0.91 up to 93 gold digests and is
    # 0.896 at 96, on the code before round 38's changes as on the code after them; the new
    # digests' summaries name their think tanks' countries, which their golds leave out)
    assert p(held) >= 0.89 and r(held) >= 0.88, held
