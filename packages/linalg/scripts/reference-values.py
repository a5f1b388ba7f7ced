#!/usr/bin/env python3
"""Regenerate the hand-typed reference values of the @meanfield/linalg tests.

Every value is computed here independently of the TypeScript code: special
functions with mpmath at 50 significant digits, evaluated at the exact double
the test literal denotes and rounded to the nearest double by float();
Gauss-Hermite rules with numpy's hermegauss, checked by Newton refinement of
the roots of He_n in mpmath; the normal quantiles with scipy's norm.ppf,
checked by an mpmath root; the random stream by a port of seedrandom 3.0.5's
ARC4 generator and of the polar method.

Output: one section per test file ("## erf.test.ts"), one subsection per
constant or test ("### ERF"); array entries are printed in the test's own
syntax, so a regenerated value appears exactly as the test writes it.

Run from anywhere (python3 with mpmath, numpy and scipy; a few seconds):

    python3 packages/linalg/scripts/reference-values.py
"""

import math

import mpmath as mp
import numpy as np
from scipy.stats import norm

from seedrandom_port import Rng

mp.mp.dps = 50


def section(test_file):
    print(f'\n## {test_file}')


def sub(label):
    print(f'### {label}')


def d(s):
    """The double a test literal denotes, as an exact mpf."""
    return mp.mpf(float(s))


def pairs(xs, f):
    """Print [x, f(x)] for test literals xs, f(x) rounded to a double."""
    for x in xs:
        print(f'  [{x}, {float(f(d(x)))!r}],')


def erfcx(x):
    return mp.exp(x * x) * mp.erfc(x)


def quantile(p):
    """x with Phi(x) = p for the double p, solved in log space by mpmath."""
    lp = mp.log(p)
    x0 = mp.mpf(norm.ppf(float(p)))
    return mp.findroot(lambda x: mp.log(mp.ncdf(x)) - lp, x0)


def hermite_e(n, x):
    """(He_n(x), He_{n-1}(x)) by the recurrence He_{k+1} = x He_k - k He_{k-1}."""
    p0, p1 = mp.mpf(1), x
    for k in range(1, n):
        p0, p1 = p1, x * p1 - k * p0
    return p1, p0


def hermegauss(n):
    """numpy's rule, weights divided by sqrt(2 pi) (they overflow at n = 400)."""
    with np.errstate(all='ignore'):
        nodes, weights = np.polynomial.hermite_e.hermegauss(n)
    return nodes, weights / math.sqrt(2 * math.pi)


def hermite_node(n, i):
    """Node i (ascending) and weight of the n-point probabilists' rule in mpmath.

    numpy's node is only the starting point of Newton's method on He_n; the
    weight n!/(n He_{n-1}(x))^2 sums to 1 (weight exp(-x^2/2)/sqrt(2 pi)).
    """
    x = mp.mpf(hermegauss(n)[0][i])
    for _ in range(100):
        p, q = hermite_e(n, x)
        step = p / (n * q)  # He_n' = n He_{n-1}
        x -= step
        if abs(step) < mp.mpf(10) ** (-40) * (1 + abs(x)):
            break
    q = hermite_e(n, x)[1]
    return x, mp.factorial(n) / (n * q) ** 2


def main():
    section('erf.test.ts')
    sub('ERF (mp.erf)')
    pairs(['-5', '-3.7', '-2.5', '-1', '-0.3', '1e-10', '0.1', '0.5', '0.84375',
           '1', '1.5', '2', '2.4999', '2.5', '3', '4', '5'], mp.erf)
    sub('ERFC (mp.erfc)')
    pairs(['-2', '0.1', '0.5', '1', '1.9999', '2', '3', '5', '10', '15', '20',
           '26'], mp.erfc)
    sub('ERFCX (mp.exp(x^2) * mp.erfc(x))')
    pairs(['-5', '-3', '-1', '0.25', '0.5', '1', '1.99', '2', '5', '10', '50',
           '1000', '1e10'], erfcx)
    sub('ERFCX_CF (mp.exp(x^2) * mp.erfc(x))')
    pairs(['2.0', '2.05', '2.2', '2.4', '2.6', '2.8', '3.0', '3.3', '3.7',
           '4.1', '4.6', '5.2', '5.9', '6.7', '7.6', '8.8', '10.5', '12.5',
           '15.0', '18.0', '21.5', '25.0', '27.0'], erfcx)
    sub('erf(1e-300) = 2/sqrt(pi) * 1e-300')
    print(f'  {float(mp.erf(d("1e-300")))!r}')

    section('normal.test.ts')
    sub('LOG_PHI (mp.log(mp.ncdf))')
    pairs(['-1', '-5', '-10', '-20', '-35', '-38', '-40', '-100', '0', '1',
           '3', '10'], lambda x: mp.log(mp.ncdf(x)))
    sub('PHI (mp.ncdf)')
    pairs(['-1', '-3', '-10', '-37', '0.5', '5'], mp.ncdf)
    sub('PDF (mp.npdf)')
    pairs(['0', '1', '10', '30'], mp.npdf)
    sub('normalQuantile refs (scipy norm.ppf; the mpmath root of ncdf(x) = p after #)')
    for p in ['1e-300', '1e-20', '1e-5', '0.01', '0.02425', '0.1', '0.3',
              '0.7', '0.975', '0.99999']:
        x_scipy = float(norm.ppf(float(p)))
        x_mp = quantile(d(p))
        print(f'    [{p}, {x_scipy!r}],  # mpmath {float(x_mp)!r}, '
              f'rel. diff {float(abs(x_scipy / x_mp - 1)):.0e}')

    section('gaussian-expectation.test.ts')
    sub('Phi(-1) = E[1{z > 1}] (mp.ncdf)')
    print(f'  {float(mp.ncdf(-1))!r}')

    section('gauss-hermite.test.ts')
    sub('orders 100, 200, 400 (numpy hermegauss, weights / sqrt(2 pi); '
        'mpmath Newton on He_n after #)')
    for n, i, with_weight in [(200, 199, True), (200, 100, True), (100, 99, True),
                              (400, 399, False), (400, 200, False)]:
        x, w = hermite_node(n, i)
        nx, nw = hermegauss(n)
        if with_weight:
            print(f'  n = {n}, i = {i}: node {float(nx[i])!r}, weight {float(nw[i])!r}'
                  f'  # mpmath {float(x)!r}, {float(w)!r}')
        else:
            print(f'  n = {n}, i = {i}: node {float(nx[i])!r}  # mpmath {float(x)!r}')

    section('grids.test.ts')
    sub('numpy.logspace, numpy.geomspace')
    print(f'  logspace(0, 3, 4) = {np.logspace(0, 3, 4).tolist()}')
    print(f'  geomspace(1e-3, 10, 5) = {np.geomspace(1e-3, 10, 5).tolist()}')
    print(f'  geomspace(-1, -100, 3) = {np.geomspace(-1, -100, 3).tolist()}')

    dottie = float(mp.findroot(lambda x: mp.cos(x) - x, 0.7))
    section('smoke.test.ts')
    sub('erf(1), Dottie number (root of cos x = x)')
    print(f'  {float(mp.erf(1))!r}, {dottie!r}')

    section('solvers.test.ts')
    sub('DOTTIE (root of cos x = x), Wallis root (x^3 - 2x - 5 = 0)')
    print(f'  {dottie!r}, {float(mp.findroot(lambda x: x**3 - 2 * x - 5, 2))!r}')

    section('rng.test.ts')
    sub('seedrandom ARC4 stream (Python port) and polar normals')
    print(f'  createRng("hello.").uniform() = {Rng("hello.").uniform()!r}')
    r = Rng('42')
    print(f'  createRng(42) uniforms = {[r.uniform() for _ in range(3)]!r}')
    print(f'  then normals = {[r.normal() for _ in range(2)]!r}')
    print(f'  createRng(42).fork("worker-1").uniform() = '
          f'{Rng("42").fork("worker-1").uniform()!r}')
    sub('97.5 % normal quantile (scipy norm.ppf(0.975); mpmath after #)')
    print(f'  {float(norm.ppf(0.975))!r}  # mpmath {float(quantile(d("0.975")))!r}')


if __name__ == '__main__':
    main()
