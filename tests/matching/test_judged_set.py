"""Matching against the officer's picks of the judged set: precision at 5 must not fall below the
figure in docs/matching.md."""

from .judged_set import JUDGED_REQUESTS, ROSTER, judge

# docs/matching.md, "Quality": the figure measured when the judged set was written.
DOCUMENTED_PRECISION_AT_5 = 0.98


def test_judged_set_is_large_enough():
    assert len(JUDGED_REQUESTS) >= 20
    assert all(set(request.picks) <= set(ROSTER) for request in JUDGED_REQUESTS)


def test_precision_at_5_does_not_fall(db):
    judgements = judge()

    precision = sum(judgement.precision for judgement in judgements) / len(judgements)
    assert round(precision, 2) >= DOCUMENTED_PRECISION_AT_5, [
        (judgement.title, judgement.top, judgement.picks)
        for judgement in judgements
        if judgement.precision < 1
    ]
