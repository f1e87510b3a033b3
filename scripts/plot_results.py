#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Plot an mcsens result file: one PNG (and optionally PDF) per figure, for whatever the file holds.

Usage: /usr/bin/python3 scripts/plot_results.py RESULT.h5 -o DIR [--pdf]

Figures: outputs_<name>.png (histogram with the 5/50/95 % quantiles marked), claims.png (probability with its
interval per claim, coloured by verdict), samples_scatter.png (a scatter matrix, when /samples is present).
Uses Debian's python3-matplotlib and python3-h5py.
"""
import argparse
import os
import sys
import textwrap

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

VERDICT_COLOURS = {
    "virtually certain": "#1a7f37",
    "very likely": "#4caf50",
    "likely": "#a5d6a7",
    "about as likely as not": "#bdbdbd",
    "unlikely": "#ffab91",
    "very unlikely": "#f4511e",
    "exceptionally unlikely": "#b71c1c",
}


def text_attr(obj, key, default=""):
    value = obj.attrs.get(key, default)
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def probability_text(p):
    """Enough decimals to show how far a probability is from 0 or 1 (0.99998, not 1.000)."""
    closest = min(p, 1 - p)
    decimals = 3
    while decimals < 6 and 0 < closest < 0.5 * 10 ** (-decimals + 1):
        decimals += 1
    return f"{p:.{decimals}f}"


def save(fig, out_dir, name, pdf, written):
    path = os.path.join(out_dir, name + ".png")
    fig.savefig(path, dpi=130, bbox_inches="tight")
    if pdf:
        fig.savefig(os.path.join(out_dir, name + ".pdf"), bbox_inches="tight")
    plt.close(fig)
    written.append(path)


def plot_output(name, group, out_dir, pdf, written, run_label):
    edges = group["histogram/edges"][:]
    counts = group["histogram/counts"][:].astype(float)
    widths = np.diff(edges)
    total = counts.sum() + group["histogram/underflow"][()] + group["histogram/overflow"][()]
    density = counts / (total * widths) if total > 0 else counts
    probs, values = group["quantiles"][:]
    label = text_attr(group, "label", name) or name
    unit = text_attr(group, "unit")
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.bar(edges[:-1], density, width=widths, align="edge", color="#5b8db8", edgecolor="none", alpha=0.85)
    marks = {0.05: ("q05", ":"), 0.5: ("median", "-"), 0.95: ("q95", ":")}
    for p, v in zip(probs, values):
        for target, (tag, style) in marks.items():
            if abs(p - target) < 1e-9 and np.isfinite(v):
                ax.axvline(v, color="#333333", linestyle=style, linewidth=1.2)
                ax.annotate(f"{tag} = {v:.4g}", xy=(v, ax.get_ylim()[1] * 0.97), rotation=90, va="top",
                            ha="right", fontsize=8, color="#333333")
    mean, sd = group["moments"][0], group["moments"][1]
    nonfinite = int(group["nonfinite"][()])
    ax.set_title(f"{label}\nmean {mean:.4g} ± {group['mean_se'][()]:.2g} (se), sd {sd:.3g}"
                 + (f", {nonfinite} non-finite draws" if nonfinite else ""), fontsize=10)
    ax.set_xlabel(f"{name}" + (f" [{unit}]" if unit else ""))
    ax.set_ylabel("density")
    ax.text(1.0, -0.16, run_label, transform=ax.transAxes, ha="right", fontsize=7, color="#777777")
    save(fig, out_dir, f"outputs_{name}", pdf, written)


def plot_claims(claims, out_dir, pdf, written, run_label):
    names = list(claims.keys())
    if not names:
        return
    p = np.array([claims[n]["probability"][()] for n in names])
    lo = np.array([claims[n]["ci_low"][()] for n in names])
    hi = np.array([claims[n]["ci_high"][()] for n in names])
    verdicts = [text_attr(claims[n], "verdict") for n in names]
    texts = [text_attr(claims[n], "text", n) for n in names]
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.75 * len(names)))
    y = np.arange(len(names))[::-1]
    colours = [VERDICT_COLOURS.get(v, "#888888") for v in verdicts]
    ax.barh(y, p, color=colours, height=0.6)
    ax.errorbar(p, y, xerr=[p - lo, hi - p], fmt="none", ecolor="black", capsize=3, linewidth=1)
    for yi, pi, v in zip(y, p, verdicts):
        ax.text(min(pi + 0.02, 0.62), yi, f"P = {probability_text(pi)}  ({v})", va="center", fontsize=8,
                bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1))
    ax.set_yticks(y)
    ax.set_yticklabels([n + "\n" + "\n".join(textwrap.wrap(t, 48)) for n, t in zip(names, texts)], fontsize=7)
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability that the claim holds (95 % interval)")
    ax.set_title("Claims", fontsize=10)
    fig.text(0.99, -0.02, run_label, ha="right", va="top", fontsize=7, color="#777777")
    save(fig, out_dir, "claims", pdf, written)


def plot_samples(samples, out_dir, pdf, written):
    inputs = samples["inputs"][:]
    outputs = samples["outputs"][:]
    in_names = [n.decode() if isinstance(n, bytes) else n for n in samples["input_names"][:]]
    out_names = [n.decode() if isinstance(n, bytes) else n for n in samples["output_names"][:]]
    # Keep the figure readable: the uncertain inputs with the most spread, at most 6 variables in all.
    spread = [(np.std(inputs[:, j]), j) for j in range(inputs.shape[1])]
    keep_in = [j for s, j in sorted(spread, reverse=True) if s > 0][: max(1, 6 - min(len(out_names), 3))]
    columns = [inputs[:, j] for j in keep_in] + [outputs[:, j] for j in range(min(len(out_names), 3))]
    labels = [in_names[j] for j in keep_in] + out_names[:3]
    k = len(columns)
    fig, axes = plt.subplots(k, k, figsize=(1.7 * k + 1, 1.7 * k + 1), squeeze=False)
    for r in range(k):
        for c in range(k):
            ax = axes[r][c]
            if r == c:
                ax.hist(columns[c][np.isfinite(columns[c])], bins=30, color="#5b8db8")
            else:
                ax.scatter(columns[c], columns[r], s=2, alpha=0.4, color="#2f4b7c", rasterized=True)
            if r == k - 1:
                ax.set_xlabel(labels[c], fontsize=7)
            else:
                ax.set_xticklabels([])
            if c == 0:
                ax.set_ylabel(labels[r], fontsize=7)
            else:
                ax.set_yticklabels([])
            ax.tick_params(labelsize=6)
    fig.suptitle(f"First {inputs.shape[0]} draws", fontsize=10)
    save(fig, out_dir, "samples_scatter", pdf, written)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("result", help="an mcsens result file (.h5)")
    parser.add_argument("-o", "--output", default="plots", help="folder for the figures (created)")
    parser.add_argument("--pdf", action="store_true", help="also write PDF files")
    args = parser.parse_args(argv)
    try:
        f = h5py.File(args.result, "r")
    except OSError as e:
        print(f"plot_results: error: cannot open {args.result}: {e}", file=sys.stderr)
        return 2
    if "mcsens_version" not in f.attrs:
        print(f"plot_results: error: {args.result} is not an mcsens result file", file=sys.stderr)
        return 2
    os.makedirs(args.output, exist_ok=True)
    run_label = (f"{text_attr(f, 'title')} — {int(f.attrs['samples']):,} draws, {text_attr(f, 'sampler')}, "
                 f"seed {int(f.attrs['seed'])}, mcsens {text_attr(f, 'mcsens_version')}")
    written = []
    if "outputs" in f:
        for name in f["outputs"]:
            plot_output(name, f["outputs"][name], args.output, args.pdf, written, run_label)
    if "claims" in f:
        plot_claims(f["claims"], args.output, args.pdf, written, run_label)
    if "samples" in f:
        plot_samples(f["samples"], args.output, args.pdf, written)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
