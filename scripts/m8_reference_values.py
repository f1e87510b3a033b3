#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Independent reference values for configs/paper/m8_dynamic_diffusion.toml (tests/statistical/pack/
test_paper_pack.cpp, M8): the same model and scheme written in NumPy without mcsens, by plain Monte Carlo with
4e5 draws per scenario (the standard error is printed next to each value; the test adds it to the engine's).

    dc/dt = (r0 net(c) + ie_hb policy(t)) c (1 - c),  c(0) = b_hb,  net(c) = 1 + eta / (1 + exp(-k (c - cstar_hb)))
    policy(t) = push + on_sub sub + on_tax tax once t >= lag_hb, else 0

classic RK4 (stage times t, t + h/2, t + h/2, t + h), h = 0.05 year, 300 steps; t55 is the first step time with
c >= 0.55 (NaN if none); c_mean is the trapezoidal integral of c over 15 years, divided by 15.

    /usr/bin/python3 scripts/m8_reference_values.py
"""
import numpy as np
from scipy import stats

N, STEPS, H = 400_000, 300, 0.05


def beta_ms(mean, sd):
    nu = mean * (1 - mean) / sd**2 - 1
    return stats.beta(mean * nu, (1 - mean) * nu)


def draw(rng, implementation_rules):
    u = lambda: rng.random(N)  # noqa: E731
    p = {
        "b_hb": beta_ms(0.38, 0.03).ppf(u()),
        "cstar_hb": stats.norm(0.55, 0.03).ppf(u()),
        "r0": 0.05 + 0.10 * u(),
        "eta": 0.5 + 1.5 * u(),
        "k": 10 + 20 * u(),
        "ie_hb": (beta_ms(0.55, 0.08) if implementation_rules else beta_ms(0.32, 0.05)).ppf(u()),
        "lag_hb": stats.triang(c=(1.5 - 0.5) / 2.5, loc=0.5, scale=2.5).ppf(u()),
        "push": 0.1 * u(),
        "sub": 0.1 + 0.2 * u(),
        "tax": 0.05 + 0.15 * u(),
    }
    return p


def run(p, on_sub, on_tax):
    def rate(t, c):
        net = 1 + p["eta"] / (1 + np.exp(-p["k"] * (c - p["cstar_hb"])))
        policy = np.where(t >= p["lag_hb"], p["push"] + on_sub * p["sub"] + on_tax * p["tax"], 0.0)
        return (p["r0"] * net + p["ie_hb"] * policy) * c * (1 - c)

    c = p["b_hb"].copy()
    t55 = np.where(c >= 0.55, 0.0, np.nan)
    integral = 0.5 * c
    for k in range(STEPS):
        t = k * H
        k1 = rate(t, c)
        k2 = rate((k + 0.5) * H, c + H / 2 * k1)
        k3 = rate((k + 0.5) * H, c + H / 2 * k2)
        k4 = rate((k + 1) * H, c + H * k3)
        c = c + H / 6 * ((k1 + (k2 * 2 + k3 * 2)) + k4)
        t55 = np.where(np.isnan(t55) & (c >= 0.55), (k + 1) * H, t55)
        integral = integral + (0.5 * c if k + 1 == STEPS else c)
    return t55, c, integral * H / 15


def report(label, x):
    finite = x[np.isfinite(x)]
    print(f"{label:<40} {finite.mean():.5f}  (MC se {finite.std() / np.sqrt(finite.size):.5f}, "
          f"{x.size - finite.size} not finite)")


rng = np.random.default_rng(20261203)
for scenario, on_sub, on_tax, rules in (("baseline", 0, 0, False), ("interface_subsidies_hb", 1, 0, False),
                                        ("data_tax_incentives_hb", 0, 1, False), ("implementation_rules_hb", 0, 0, True)):
    t55, c_end, c_mean = run(draw(rng, rules), on_sub, on_tax)
    print(f"# {scenario}")
    report("t55 (finite draws)", t55)
    report("c_end", c_end)
    report("c_mean", c_mean)
    report("P(reached_5y)", (t55 <= 5).astype(float))
