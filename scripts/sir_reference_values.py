#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Independent reference values for configs/examples/sir.toml (tests/statistical/pack/test_examples_pack.cpp).

The same scheme as the config, written in NumPy without mcsens: explicit Euler, dt = 0.1 day, 1000 steps,
  S' = -beta S I,  I' = beta S I - gamma I,  R' = gamma I,  S(0) = 0.99, I(0) = 0.01, R(0) = 0,
beta ~ U(0.2, 0.4), gamma ~ U(0.08, 0.12) independent. Reductions as docs/model-language.md defines them: the
largest I over steps 0..1000 and the first time it is reached, R at the end, the first step time with I > 0.1.

- Smooth outputs (peak_I, attack): Gauss-Legendre quadrature on a 48 x 48 grid in (beta, gamma) for the mean and
  the variance, and for peak_I's Sobol' indices S1 = Var(E[Y | x]) / Var(Y), ST = E[Var(Y | x_~i)] / Var(Y).
- The others (t_peak and t_ten move in steps of 0.1 day; the claim is an indicator): plain Monte Carlo, 2e6
  draws, with the standard error printed next to each value.

    /usr/bin/python3 scripts/sir_reference_values.py
"""
import numpy as np

STEPS, DT = 1000, 0.1


def integrate(beta, gamma):
    s = np.full(beta.shape, 0.99)
    i = np.full(beta.shape, 0.01)
    r = np.zeros(beta.shape)
    peak = i.copy()
    t_peak = np.zeros(beta.shape)
    t_ten = np.full(beta.shape, np.nan)
    for k in range(STEPS + 1):
        t = k * DT
        if k > 0:
            higher = i > peak
            t_peak = np.where(higher, t, t_peak)
            peak = np.maximum(peak, i)
        t_ten = np.where(np.isnan(t_ten) & (i > 0.1), t, t_ten)
        if k == STEPS:
            break
        infections = beta * s * i
        ds, di, dr = -infections, infections - gamma * i, gamma * i
        s, i, r = s + DT * ds, i + DT * di, r + DT * dr
    return peak, t_peak, r, t_ten


def quadrature(nodes=48):
    x, w = np.polynomial.legendre.leggauss(nodes)
    u, w = (x + 1) / 2, w / 2  # on [0, 1], weights summing to 1
    beta = 0.2 + 0.2 * u[:, None] * np.ones(nodes)[None, :]
    gamma = 0.08 + 0.04 * u[None, :] * np.ones(nodes)[:, None]
    peak, _, attack, _ = integrate(beta, gamma)
    weight = w[:, None] * w[None, :]
    for name, y in (("peak_I", peak), ("attack", attack)):
        mean = np.sum(weight * y)
        var = np.sum(weight * (y - mean) ** 2)
        print(f"{name:<8} mean {mean:.6f}  sd {np.sqrt(var):.6f}   (quadrature)")
        if name == "peak_I":
            given_beta = (y * w[None, :]).sum(axis=1)  # E[Y | beta]
            given_gamma = (y * w[:, None]).sum(axis=0)  # E[Y | gamma]
            s1_beta = np.sum(w * (given_beta - mean) ** 2) / var
            s1_gamma = np.sum(w * (given_gamma - mean) ** 2) / var
            st_beta = np.sum(w[None, :] * w[:, None] * (y - given_gamma[None, :]) ** 2) / var
            st_gamma = np.sum(w[None, :] * w[:, None] * (y - given_beta[:, None]) ** 2) / var
            print(f"peak_I   S1 beta {s1_beta:.5f} gamma {s1_gamma:.5f}  ST beta {st_beta:.5f} gamma {st_gamma:.5f}")


def monte_carlo(n=2_000_000, seed=20261203):
    rng = np.random.default_rng(seed)
    beta = rng.uniform(0.2, 0.4, n)
    gamma = rng.uniform(0.08, 0.12, n)
    peak, t_peak, _, t_ten = integrate(beta, gamma)
    for name, y in (("t_peak", t_peak), ("t_ten", t_ten), ("P(peak_I > 0.2)", (peak > 0.2).astype(float))):
        finite = y[np.isfinite(y)]
        print(f"{name:<16} mean {finite.mean():.5f}  (MC se {finite.std() / np.sqrt(finite.size):.5f}, "
              f"{y.size - finite.size} never)")


quadrature()
monte_carlo()
