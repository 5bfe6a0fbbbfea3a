"""Is a gap between two groups bigger than chance would explain? Tests and the words for them.

Plain Python and SciPy, no Django: the equity report (ladder.reports.equity) hands it numbers.

- :func:`compare_amounts`: an amount per person (training hours), two groups: the gap between
  the averages, tested with the Mann-Whitney U test (no assumption that hours are bell-shaped;
  most people's hours pile up near zero).
- :func:`compare_shares`: a share of each group (trained, enrolled, hired): the gap in
  percentage points, tested with the chi-square test on the 2-by-2 table, or Fisher's exact test
  when a cell is expected to hold fewer than five people.

Each answers a :class:`Gap` with the p-value and a verdict; :func:`chance_words` states the
p-value as a librarian reads it ("a gap this size would turn up by chance about 1 time in 40 —
unlikely to be chance"). A group of fewer than :data:`MIN_GROUP` people is too small to tell.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from scipy import stats as scipy_stats

#: Fewer people than this in either group: too few to tell anything from a gap.
MIN_GROUP = 5

Verdict = Literal[
    "too_small", "no_gap", "easily_chance", "maybe_chance", "unlikely", "very_unlikely"
]

#: Verdicts from weakest to strongest evidence of a real gap.
VERDICT_ORDER: tuple[Verdict, ...] = (
    "too_small",
    "no_gap",
    "easily_chance",
    "maybe_chance",
    "unlikely",
    "very_unlikely",
)

#: The p-value bounds below which each verdict holds.
VERY_UNLIKELY_BELOW = 0.01
UNLIKELY_BELOW = 0.05
MAYBE_BELOW = 0.20


@dataclass(frozen=True)
class Gap:
    """Two groups compared on one measure (``a`` minus ``b``)."""

    a: float  # group a's average or share (a share as a fraction 0..1)
    b: float
    n_a: int  # people in each group
    n_b: int
    test: str  # "Mann-Whitney U", "chi-square", "Fisher's exact", or "" when not run
    p_value: float | None  # None: too small to tell (or nothing to test)
    verdict: Verdict

    @property
    def difference(self) -> float:
        return self.a - self.b

    @property
    def words(self) -> str:
        return verdict_words(self)


def verdict_for(p_value: float) -> Verdict:
    if p_value < VERY_UNLIKELY_BELOW:
        return "very_unlikely"
    if p_value < UNLIKELY_BELOW:
        return "unlikely"
    if p_value < MAYBE_BELOW:
        return "maybe_chance"
    return "easily_chance"


def _nice(n: float) -> int:
    """1/p rounded as people say it: 3, 7, 15, 40, 250 …"""
    if n < 20:
        return max(2, round(n))
    if n < 100:
        return round(n / 5) * 5
    return round(n / 50) * 50


def chance_words(p_value: float) -> str:
    """The p-value in words: how often chance alone would give a gap this size, and so what.

    >>> chance_words(0.025)
    'a gap this size would turn up by chance about 1 time in 40 — unlikely to be chance'
    """
    if not 0.0 <= p_value <= 1.0 or math.isnan(p_value):
        raise ValueError(f"a p-value lies between 0 and 1, not {p_value}")
    verdict = verdict_for(p_value)
    tail = {
        "very_unlikely": "very unlikely to be chance",
        "unlikely": "unlikely to be chance",
        "maybe_chance": "might be chance",
        "easily_chance": "could easily be chance",
    }[verdict]
    if p_value < 0.001:
        how_often = "less than 1 time in 1,000"
    elif p_value > 0.6:
        how_often = "more often than not"
    else:
        how_often = f"about 1 time in {_nice(1 / p_value):,}"
    return f"a gap this size would turn up by chance {how_often} — {tail}"


SHORT_VERDICTS: dict[Verdict, str] = {
    "too_small": "Too few to tell",
    "no_gap": "No gap",
    "easily_chance": "Could easily be chance",
    "maybe_chance": "Might be chance",
    "unlikely": "Unlikely to be chance",
    "very_unlikely": "Very unlikely to be chance",
}


def verdict_words(gap: Gap) -> str:
    if gap.verdict == "too_small":
        return "too few people to tell whether the gap is more than chance"
    if gap.verdict == "no_gap":
        return "no gap"
    assert gap.p_value is not None
    return chance_words(gap.p_value)


def _too_small(n_a: int, n_b: int) -> bool:
    return n_a < MIN_GROUP or n_b < MIN_GROUP


def compare_amounts(a: Sequence[float], b: Sequence[float]) -> Gap:
    """Average amount per person in each group, and a Mann-Whitney U test of the difference."""
    n_a, n_b = len(a), len(b)
    mean_a = math.fsum(a) / n_a if n_a else 0.0
    mean_b = math.fsum(b) / n_b if n_b else 0.0
    if _too_small(n_a, n_b):
        return Gap(mean_a, mean_b, n_a, n_b, "", None, "too_small")
    if len(set(a) | set(b)) == 1:  # everyone the same: nothing to test
        return Gap(mean_a, mean_b, n_a, n_b, "Mann-Whitney U", 1.0, "no_gap")
    result = scipy_stats.mannwhitneyu(a, b, alternative="two-sided")
    p = _clamp(float(result.pvalue))
    verdict: Verdict = "no_gap" if mean_a == mean_b else verdict_for(p)
    return Gap(mean_a, mean_b, n_a, n_b, "Mann-Whitney U", p, verdict)


def compare_shares(k_a: int, n_a: int, k_b: int, n_b: int) -> Gap:
    """``k`` of ``n`` people in each group; chi-square (or Fisher's exact) on the 2-by-2 table."""
    if not (0 <= k_a <= n_a and 0 <= k_b <= n_b):
        raise ValueError("a group cannot have more people with something than people")
    share_a = k_a / n_a if n_a else 0.0
    share_b = k_b / n_b if n_b else 0.0
    if _too_small(n_a, n_b):
        return Gap(share_a, share_b, n_a, n_b, "", None, "too_small")
    yes, no = k_a + k_b, (n_a - k_a) + (n_b - k_b)
    if yes == 0 or no == 0:  # nobody, or everybody: nothing to test
        return Gap(share_a, share_b, n_a, n_b, "Fisher's exact", 1.0, "no_gap")
    table = [[k_a, n_a - k_a], [k_b, n_b - k_b]]
    total = n_a + n_b
    smallest_expected = min(n_a, n_b) * min(yes, no) / total
    if smallest_expected < 5:
        test = "Fisher's exact"
        p = float(scipy_stats.fisher_exact(table).pvalue)
    else:
        test = "chi-square"
        p = float(scipy_stats.chi2_contingency(table).pvalue)
    p = _clamp(p)
    verdict: Verdict = "no_gap" if k_a * n_b == k_b * n_a else verdict_for(p)
    return Gap(share_a, share_b, n_a, n_b, test, p, verdict)


def _clamp(p: float) -> float:
    if math.isnan(p):
        return 1.0
    return min(1.0, max(0.0, p))
