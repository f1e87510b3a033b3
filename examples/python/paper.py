# SPDX-License-Identifier: MIT
"""The paper's model (configs/paper.toml) from Python, as a notebook would do it (docs/python.md): run it, read the
claims and the drivers of one as DataFrames, plot the coverage curve's bands from a DataFrame, and select from the
xarray Dataset.

    /usr/bin/python3 examples/python/paper.py [DRAWS] [FIGURE.png]    (default 100000 draws, paper_curve.png)
"""
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")  # files, no window
import matplotlib.pyplot as plt  # noqa: E402

import mcsens  # noqa: E402

CONFIG = pathlib.Path(__file__).resolve().parents[2] / "configs" / "paper.toml"


def main(draws=100_000, figure="paper_curve.png"):
    result = mcsens.run(CONFIG, samples=draws, only="uncertainty,claims,curves")

    # Each claim's probability with its interval, and what drives the friction gap.
    print(result.claims[["probability", "ci_low", "ci_high", "verdict"]].to_string())
    print()
    print(result.drivers("friction_gap")[["ks_d", "p_value"]].head(3).to_string())

    # Hebei's effectiveness against its digitization coverage: the median and the 5-95 % band, from the DataFrame.
    curve = result.curves.loc["rde_hb_vs_coverage"]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.fill_between(curve.index, curve["q05"], curve["q95"], alpha=0.3, label="5-95 %")
    ax.plot(curve.index, curve["median"], label="median")
    ax.set_xlabel("digitization coverage c")
    ax.set_ylabel("effectiveness, Hebei")
    ax.legend()
    fig.savefig(figure, dpi=100)
    print()
    print(f"wrote {figure}")

    # The same numbers through xarray: a selection by name.
    dataset = result.to_xarray()
    ratio = dataset["quantile"].sel(scenario="baseline", output="ratio", probability=[0.05, 0.5, 0.95])
    print("ratio q05, median, q95:", " ".join(f"{v:.4g}" for v in ratio.values))
    return result


if __name__ == "__main__":
    main(int(float(sys.argv[1])) if len(sys.argv) > 1 else 100_000,
         sys.argv[2] if len(sys.argv) > 2 else "paper_curve.png")
