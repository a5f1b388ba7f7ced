"""A port of @meanfield/linalg's seeded randomness, for the reference-value scripts.

seedrandom 3.0.5 (ARC4 with drop-256, 52-bit doubles) and createRng's Marsaglia polar normals and
forks ('seed/label'), so that Python regenerates the exact seeded instances the tests draw. Used by
packages/linalg/scripts/reference-values.py and packages/replica/scripts/reference-values.py.
"""

import math


class SeedRandom:
    """seedrandom 3.0.5 (ARC4, 52-bit doubles) keyed by a short ASCII string."""

    def __init__(self, seed):
        key = [ord(c) & 255 for c in seed] or [0]  # mixkey: no smear below 256 chars
        s = list(range(256))
        j = 0
        for i in range(256):
            j = (j + key[i % len(key)] + s[i]) & 255
            s[i], s[j] = s[j], s[i]
        self.s, self.i, self.j = s, 0, 0
        self.g(256)  # ARC4-drop[256]

    def g(self, count):
        s, i, j, r = self.s, self.i, self.j, 0
        for _ in range(count):
            i = (i + 1) & 255
            t = s[i]
            j = (j + t) & 255
            s[i], s[j] = s[j], t
            r = r * 256 + s[(s[i] + s[j]) & 255]
        self.i, self.j = i, j
        return r

    def uniform(self):
        n, den, x = float(self.g(6)), 2.0 ** 48, 0
        while n < 2.0 ** 52:
            n = (n + x) * 256
            den *= 256
            x = self.g(1)
        while n >= 2.0 ** 53:
            n /= 2
            den /= 2
            x >>= 1
        return (n + x) / den


class Rng:
    """createRng: seedrandom uniforms, Marsaglia polar normals, fork = 'seed/label'."""

    def __init__(self, seed):
        self.seed, self.prng, self.spare = seed, SeedRandom(seed), None

    def uniform(self):
        return self.prng.uniform()

    def normal(self):
        if self.spare is not None:
            z, self.spare = self.spare, None
            return z
        while True:
            u = 2 * self.prng.uniform() - 1
            v = 2 * self.prng.uniform() - 1
            s = u * u + v * v
            if 0 < s < 1:
                break
        f = math.sqrt(-2 * math.log(s) / s)
        self.spare = v * f
        return u * f

    def fork(self, label):
        return Rng(f'{self.seed}/{label}')
