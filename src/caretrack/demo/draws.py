"""Random draws for the demo: one independent stream per process, named.

A stream is named by what it draws for, from the seed down: the authority, the child's
arrival in care and the process (`"5/0/184/2020/other/17/adoption"`). Each process of
each child draws from its own stream, so tuning one process (how long matching takes,
how many UASC arrive) moves that process's figures only: every other child, and every
other process of the same child, draws the same numbers as before. The same name gives
the same numbers on any machine (Python's Mersenne Twister, seeded from the name's
SHA-512), so the same seed writes the same bytes.

Thousands of streams are used one after another (each child's records, each child's
return for a year): `restart` reuses one generator for them, with the same numbers as a
new Stream of the name at about half the cost, as making a Random seeds it twice (from
hash(name) as it is made, then from the name's SHA-512).

`Stream` offers the few distributions the demo needs, with numpy's names.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from itertools import accumulate
from statistics import NormalDist

_NORMAL = NormalDist()
_CUMULATIVE: dict[tuple, list[float]] = {}


def own_number(settings: dict, key: str) -> str:
    """The suffix ("/6") of a process's own stream number in settings (`records_stream`,
    `returns_stream`); none for 0, the plain name."""
    return f"/{settings[key]}" if settings.get(key) else ""


class Stream(random.Random):
    """The random numbers of one named process (see the module's docstring)."""

    def __init__(self, name: str):
        super().__init__(name)

    def restart(self, name: str) -> Stream:
        """This generator, now the stream `name` (as Stream(name)); what it was is lost."""
        self.seed(name)
        return self

    def chance(self, p: float) -> bool:
        return self.random() < p

    def uniforms(self, n: int) -> list[float]:
        return [self.random() for _ in range(n)]

    def integers(self, low: int, high: int | None = None) -> int:
        """An integer in [low, high) (or [0, low))."""
        if high is None:
            low, high = 0, low
        return low + int(self.random() * (high - low))

    def pick(self, options):
        """One of the options, each as likely."""
        return options[int(self.random() * len(options))]

    def choice(self, a, p=None):
        """One of `a` (or of range(a)) with the weights `p`, else each as likely."""
        n = a if isinstance(a, int) else len(a)
        if p is None:
            k = int(self.random() * n)
        else:
            key = tuple(p)
            cumulative = _CUMULATIVE.get(key)
            if cumulative is None:
                cumulative = _CUMULATIVE[key] = list(accumulate(float(x) for x in p))
            k = min(bisect_right(cumulative, self.random() * cumulative[-1]), n - 1)
        return k if isinstance(a, int) else a[k]

    def exponential(self, scale: float = 1.0) -> float:
        return -scale * math.log(1.0 - self.random())

    def days(self, mean: float, low: int = 1) -> int:
        """Whole days, exponentially distributed with the mean, at least `low`."""
        return max(low, int(self.exponential(mean)))

    def normal(self, loc: float = 0.0, scale: float = 1.0) -> float:
        u = self.random()
        return loc + scale * _NORMAL.inv_cdf(u if u > 0.0 else 1e-12)

    def poisson(self, lam: float) -> int:
        """Poisson by counting uniform products (Knuth), in parts of a mean of 30 at most."""
        k = 0
        while lam > 0:
            part = min(lam, 30.0)
            lam -= part
            limit, prod = math.exp(-part), self.random()
            while prod > limit:
                k += 1
                prod *= self.random()
        return k

    def gamma(self, shape: float, scale: float = 1.0) -> float:
        return self.gammavariate(shape, scale)
