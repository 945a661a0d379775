"""Random draws for the demo, fast one at a time.

numpy's Generator is quick for arrays but slow per call (a few microseconds for
`integers` or `choice`), and the demo draws millions of single values. `Draws` takes
uniform numbers from the Generator in blocks and turns them into the few distributions
the demo needs in plain Python; the same seed gives the same sequence, so the same
bytes on disk.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from itertools import accumulate
from statistics import NormalDist

import numpy as np

_BLOCK = 4096
_NORMAL = NormalDist()
_CUMULATIVE: dict[tuple, list[float]] = {}


class Draws:
    """The subset of numpy.random.Generator's interface the demo uses, scalar draws from
    blocks of uniforms (array draws, `size=`, go to the Generator itself)."""

    __slots__ = ("gen", "_buf", "_i")

    def __init__(self, gen: np.random.Generator):
        self.gen = gen
        self._buf: list[float] = []
        self._i = 0

    def random(self, size=None):
        if size is not None:
            return self.gen.random(size)
        i = self._i
        if i == len(self._buf):
            self._buf = self.gen.random(_BLOCK).tolist()
            i = 0
        self._i = i + 1
        return self._buf[i]

    def integers(self, low, high=None, size=None):
        """An integer in [low, high) (or [0, low)), as numpy's."""
        if size is not None:
            return self.gen.integers(low, high, size=size)
        if high is None:
            low, high = 0, low
        return low + int(self.random() * (high - low))

    def choice(self, a, p=None):
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

    def normal(self, loc: float = 0.0, scale: float = 1.0) -> float:
        u = self.random()
        return loc + scale * _NORMAL.inv_cdf(u if u > 0.0 else 1e-12)

    def poisson(self, lam: float) -> int:
        """Poisson by counting uniform products (Knuth) for small means, else numpy's."""
        if lam > 30:
            return int(self.gen.poisson(lam))
        limit, k, prod = math.exp(-lam), 0, self.random()
        while prod > limit:
            k += 1
            prod *= self.random()
        return k

    def gamma(self, shape: float, scale: float = 1.0) -> float:
        return float(self.gen.gamma(shape, scale))
