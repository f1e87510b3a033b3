#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Plot an mcsens result file: one PNG (and optionally PDF) per figure, for whatever the file holds.

Usage: /usr/bin/python3 scripts/plot_results.py RESULT.h5 -o DIR [--pdf] [--column]

--column draws every figure for a paper's single column: 3.5 in wide, text at most 7 pt, inputs by name (labels
and the numbers beside bars are left to `mcsens show` and `mcsens report`); the default suits a screen or a full
page width.

Figures (each only when the file holds what it shows):
  outputs_<output>.png          histogram with the 5/50/95 % quantiles; the thresholds of claims that name the
                                output (simple forms only: NAME op number, joined by &&) as vertical lines
  outputs_<output>.png          of an array output (one with a dimension, such as a series over years): a fan
                                chart over its dimension, the median with its 50 % and 90 % bands and the mean;
                                claim thresholds that name it as horizontal lines
  claims.png                    probability with its Wilson interval per claim, and its verdict
  drivers_<claim>.png           Monte Carlo filtering: KS distance per input (top 12), holding-group medians
  sobol_<target>.png            Sobol' S1 and ST with intervals (top 12 inputs by ST); of an array output, ST and
                                S1 of each input over the output's dimension, ST with its interval as a band
  sobol_s2_<target>.png         second-order indices (with `second_order = true`) as a heat map
  morris_<target>.png           Morris mu* against sigma, with the mu* interval, in the output's unit
  shapley_<target>.png          Shapley effects (variance shares, order-free with correlated inputs) with intervals
                                (with correlations, the Sobol' and Morris figures carry the file's caveat in red)
  regression_<target>.png       SRC and PRCC (top 12 inputs by |PRCC|), R^2 in the title
  curve_<curve>.png             fan chart (quantile bands) over the distribution of each curve feature;
                                median curves of scenarios that move it
  scenario_deltas_<output>.png  scenario - baseline per scenario as box plots from the stored quantiles; of an
                                array output, the median change and its bands over the dimension, per scenario
  scenario_claims.png           change of each claim's probability per scenario, with its (Newcombe) interval
  scenario_ranking.png          P(row scenario gives a larger value than column scenario) (heat map)
  samples_scatter.png           scatter matrix of the kept draws (/samples)
  given_data_<output>.png       of a file of `mcsens analyze -o`: S1 by ranks, Borgonovo's delta, PAWN and R2_HSIC
                                of each input with their intervals (top 12 inputs by delta), side by side; its
                                claims and SRC/PRCC as for a run
Labels and units come from the file's attributes. Prints the files written. A file that is not an mcsens
result: message and exit 2. Uses Debian's python3-matplotlib, python3-h5py and python3-numpy.
"""
import argparse
import os
import re
import sys
import textwrap

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.text  # noqa: E402
import numpy as np  # noqa: E402

try:
    import tomllib  # Python >= 3.11: used only to describe crossing features from the stored config text
except ImportError:  # pragma: no cover
    tomllib = None

# Okabe & Ito (2008), "Color universal design": eight colours that readers with the common colour-vision deficiencies
# tell apart. Every categorical colour of these figures comes from it; heat maps use one hue by lightness (Blues),
# or a blue-red diverging map around 0.5, both readable in grey.
OKABE_ITO = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "purple": "#CC79A7", "sky": "#56B4E9",
             "vermillion": "#D55E00", "yellow": "#F0E442", "black": "#000000"}
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION = (OKABE_ITO[k] for k in ("blue", "orange", "green", "purple", "sky",
                                                                       "vermillion"))
TOP_INPUTS = 12  # bar charts show at most this many inputs (the paper model has 20); the rest are summarized
SCENARIO_COLOURS = [VERMILLION, GREEN, PURPLE, ORANGE, SKY, "#000000"]
FEATURE_COLOURS = [VERMILLION, GREEN, ORANGE, PURPLE, SKY, "#000000"]
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
NAME = r"[A-Za-z_][A-Za-z0-9_]*"
FLIP = {">=": "<=", "<=": ">=", ">": "<", "<": ">"}

# --column: every figure drawn for a paper's single column, 3.5 in wide, its text at most 7 pt; input names without
# their labels and no side annotations (the numbers are in `mcsens show` and `mcsens report`).
COLUMN_WIDTH = 3.5
COLUMN = {"on": False}


def set_title(ax, text, **kwargs):
    """A title, wrapped to the column's width in a column figure."""
    if COLUMN["on"]:
        text = "\n".join(textwrap.fill(line, 52) for line in str(text).split("\n"))
    ax.set_title(text, **kwargs)


def fs(points):
    """A font size: as given, or at most 7 pt in a column figure."""
    return min(points, 7.0) if COLUMN["on"] else points


def size(width, height):
    """A figure's size: as given, or the column's width with the height shrunk a little less than the width (rows
    of labels need their height whatever the width)."""
    if not COLUMN["on"]:
        return (width, height)
    return (COLUMN_WIDTH, max(2.0, height * 0.6))


def annotate_side():
    """Whether to write numbers beside a bar chart (no room for them in a column)."""
    return not COLUMN["on"]



def text_attr(obj, key, default=""):
    value = obj.attrs.get(key, default)
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def strings_attr(obj, key):
    """A string-list attribute as str."""
    return [n.decode("utf-8") if isinstance(n, bytes) else str(n) for n in obj.attrs.get(key, [])]


def strings(dataset):
    return [n.decode("utf-8") if isinstance(n, bytes) else str(n) for n in dataset[:]]


def probability_text(p):
    """Enough decimals to show how far a probability is from 0 or 1 (0.99998, not 1.000)."""
    if not np.isfinite(p):
        return "n/a"
    closest = min(p, 1 - p)
    decimals = 3
    while decimals < 6 and 0 < closest < 0.5 * 10 ** (-decimals + 1):
        decimals += 1
    return f"{p:.{decimals}f}"


def shorten(text, width):
    return text if len(text) <= width else text[: width - 1] + "…"


def save(fig, out_dir, name, pdf, written):
    if COLUMN["on"]:
        # Any text still wider than the column (a long title, axis label, caveat or legend entry) wraps at the
        # figure's edge rather than widening the figure past 3.5 in.
        for text in fig.findobj(matplotlib.text.Text):
            if text.get_rotation() == 0:  # a turned axis label would lose its start
                text.set_wrap(True)
    path = os.path.join(out_dir, name + ".png")
    pad = 0.02 if COLUMN["on"] else 0.1  # inches around the tight box: a column figure keeps its 3.5 in
    fig.savefig(path, dpi=130, bbox_inches="tight", pad_inches=pad)
    if pdf:
        fig.savefig(os.path.join(out_dir, name + ".pdf"), bbox_inches="tight", pad_inches=pad)
    plt.close(fig)
    written.append(path)


def footer(fig, run_label):
    """The run's provenance under everything else (after tight_layout, so that it overlaps no axis label)."""
    fig.tight_layout()
    if COLUMN["on"]:
        run_label = textwrap.fill(run_label, 80)
    fig.text(0.99, -0.005, run_label, ha="right", va="top", fontsize=fs(7) - (1.5 if COLUMN["on"] else 0),
             color="#777777")


def wrap_name(name, width):
    """Wrap an identifier at its underscores (textwrap would cut inside a word), falling back to hard cuts."""
    lines, current = [], ""
    for part in re.split(r"(?<=_)", name):
        if current and len(current) + len(part) > width:
            lines.append(current)
            current = ""
        current += part
        while len(current) > width:
            lines.append(current[:width])
            current = current[width:]
    if current:
        lines.append(current)
    return "\n".join(lines)


class Labels:
    """Display labels of inputs, outputs and claims, from the file's attributes."""

    def __init__(self, f):
        self.inputs, self.units = {}, {}
        if "parameters" in f:
            for name, group in f["parameters"].items():
                self.inputs[name] = text_attr(group, "label")
                self.units[name] = text_attr(group, "unit")
        self.outputs = {}
        if "outputs" in f:
            for name, group in f["outputs"].items():
                self.outputs[name] = (text_attr(group, "label"), text_attr(group, "unit"))
        self.claims = {}
        if "claims" in f:
            for name, group in f["claims"].items():
                self.claims[name] = text_attr(group, "text")

    def input_with_unit(self, name):
        """An input's label and unit for an axis ("cloud adoption rate [share] (c)"), or its name."""
        label, unit = self.inputs.get(name, ""), self.units.get(name, "")
        text = f"{label} ({name})" if label and label != name else name
        return text + (f" [{unit}]" if unit else "")

    def input(self, name, width=46):
        if COLUMN["on"]:
            return name  # no room for the label beside the name
        label = self.inputs.get(name, "")
        return f"{name}  ({shorten(label, width)})" if label and label != name else name

    def target(self, name):
        """An output's label with its unit, or a claim's text (sensitivity targets may be either)."""
        if name in self.outputs:
            label, unit = self.outputs[name]
            text = label if label and label != name else name
            return text + (f" [{unit}]" if unit else "")
        if name in self.claims:
            if COLUMN["on"]:
                return "indicator of claim " + name
            return "indicator of claim:\n" + "\n".join(textwrap.wrap(self.claims[name] or name, 90))
        return name


# ---------------------------------------------------------------------------------------------------- outputs --
def claim_thresholds(claims, output):
    """(claim name, operator, level) for every claim whose condition is a conjunction of simple comparisons
    `NAME op number` (or `number op NAME`) and that names `output`; other claims are skipped."""
    found = []
    for cname, group in claims.items():
        terms = text_attr(group, "expr").split("&&")
        parsed = []
        for term in terms:
            term = term.strip()
            m = re.fullmatch(rf"({NAME})\s*(>=|<=|>|<)\s*({NUMBER})", term)
            if m:
                parsed.append((m.group(1), m.group(2), float(m.group(3))))
                continue
            m = re.fullmatch(rf"({NUMBER})\s*(>=|<=|>|<)\s*({NAME})", term)
            if m:
                parsed.append((m.group(3), FLIP[m.group(2)], float(m.group(1))))
                continue
            parsed = None
            break
        if parsed:
            found.extend((cname, op, level) for name, op, level in parsed if name == output)
    return found


def histogram_density(group):
    edges = group["histogram/edges"][:]
    counts = group["histogram/counts"][:].astype(float)
    widths = np.diff(edges)
    total = counts.sum() + group["histogram/underflow"][()] + group["histogram/overflow"][()]
    density = counts / (total * widths) if total > 0 else counts
    return edges, density


def quantile(group, p):
    probs, values = group["quantiles"][:]
    hit = np.where(np.abs(probs - p) < 1e-9)[0]
    return float(values[hit[0]]) if hit.size else float("nan")


def plot_output(name, group, claims, out_dir, pdf, written, run_label):
    edges, density = histogram_density(group)
    label = text_attr(group, "label", name) or name
    unit = text_attr(group, "unit")
    fig, ax = plt.subplots(figsize=size(7.5, 4.4))
    ax.bar(edges[:-1], density, width=np.diff(edges), align="edge", color=SKY, edgecolor="none", alpha=0.85,
           label="histogram (density)")
    top = density.max() if density.size and density.max() > 0 else 1.0
    ax.set_ylim(0, top * 1.18)
    for p, tag, style in ((0.05, "q05", ":"), (0.5, "median", "-"), (0.95, "q95", ":")):
        v = quantile(group, p)
        if np.isfinite(v):
            ax.axvline(v, color="#333333", linestyle=style, linewidth=1.2)
            ax.text(v, top * 1.16, f"{tag} {v:.4g}", rotation=90, va="top", ha="right", fontsize=fs(7.5),
                    color="#333333",
                    bbox=dict(facecolor="white", edgecolor="none", alpha=0.75, pad=1))
    lo_x, hi_x = edges[0], edges[-1]
    thresholds = claim_thresholds(claims, name) if claims is not None else []
    # One line per distinct threshold, naming every claim that uses it (claims often share a bound).
    by_level = {}
    for cname, op, level in thresholds:
        by_level.setdefault((level, op), []).append(cname)
    for i, ((level, op), cnames) in enumerate(sorted(by_level.items())):
        colour = FEATURE_COLOURS[i % len(FEATURE_COLOURS)]
        ax.axvline(level, color=colour, linestyle="--", linewidth=1.6,
                   label=f"claim threshold {name} {op} {level:g}  ({', '.join(cnames)})")
        lo_x, hi_x = min(lo_x, level), max(hi_x, level)
    pad = 0.03 * (hi_x - lo_x)
    ax.set_xlim(lo_x - pad, hi_x + pad)
    mean, sd = group["moments"][0], group["moments"][1]
    nonfinite = int(group["nonfinite"][()])
    out_of_range = int(group["histogram/underflow"][()] + group["histogram/overflow"][()])
    set_title(ax, f"{label}\nmean {mean:.4g} ± {group['mean_se'][()]:.2g} (se), sd {sd:.3g}"
                 + (f", {nonfinite} non-finite draws" if nonfinite else "")
                 + (f", {out_of_range} draws outside the histogram" if out_of_range else ""), fontsize=fs(10))
    ax.set_xlabel(f"{name}" + (f" [{unit}]" if unit else ""))
    ax.set_ylabel("density")
    if thresholds:
        ax.legend(fontsize=fs(7.5), loc="upper left", bbox_to_anchor=(0.0, -0.15), frameon=False)
    footer(fig, run_label)
    save(fig, out_dir, f"outputs_{name}", pdf, written)


def level_column(probabilities, p):
    """The column of the quantile level p in an array output's quantiles (T, K), or None."""
    hit = np.where(np.abs(probabilities - p) < 1e-9)[0]
    return int(hit[0]) if hit.size else None


def draw_fan(ax, group, band_colour, alphas, median_colour, median_label, band_labels=False):
    """The 90 % and 50 % bands and the median of an array output's group along its dimension (from each element's
    stored quantiles), with the band alphas (90 %, 50 %); returns the dimension's name."""
    dimension = text_attr(group, "dimension")
    x = group[dimension][:]
    probabilities = group["quantile"][:]
    quantiles = group["quantiles"][:]
    for (low, high), alpha, tag in zip(((0.05, 0.95), (0.25, 0.75)), alphas, ("90 % band", "50 % band")):
        lo, hi = level_column(probabilities, low), level_column(probabilities, high)
        if lo is not None and hi is not None:
            ax.fill_between(x, quantiles[:, lo], quantiles[:, hi], color=band_colour, alpha=alpha, linewidth=0,
                            label=f"{tag} ({low:g} to {high:g})" if band_labels else None)
    median = level_column(probabilities, 0.5)
    if median is not None:
        ax.plot(x, quantiles[:, median], color=median_colour, linewidth=1.6, label=median_label)
    return dimension


def plot_array_output(name, group, claims, out_dir, pdf, written, run_label):
    """Fan chart of an array output: each element's quantiles along the dimension the file names (@dimension),
    at its coordinate values."""
    label = text_attr(group, "label", name) or name
    unit = text_attr(group, "unit")
    fig, ax = plt.subplots(figsize=size(7.5, 4.4))
    dimension = draw_fan(ax, group, BLUE, (0.25, 0.45), "#003a5c", "median", band_labels=True)
    x = group[dimension][:]
    ax.plot(x, group["moments"][:, 0], color="#333333", linestyle="--", linewidth=1.0, label="mean")
    by_level = {}
    for cname, op, level in (claim_thresholds(claims, name) if claims is not None else []):
        by_level.setdefault((level, op), []).append(cname)
    for i, ((level, op), cnames) in enumerate(sorted(by_level.items())):
        ax.axhline(level, color=FEATURE_COLOURS[i % len(FEATURE_COLOURS)], linestyle=":", linewidth=1.4,
                   label=f"claim threshold {name} {op} {level:g}  ({', '.join(cnames)})")
    nonfinite = int(group["nonfinite"][:].sum())
    set_title(ax, f"{label} over {dimension} ({len(x)} values)"
                 + (f", {nonfinite} non-finite values in all" if nonfinite else ""), fontsize=fs(10))
    ax.set_xlabel(dimension)
    ax.set_ylabel(f"{name}" + (f" [{unit}]" if unit else ""))
    if COLUMN["on"]:  # below the plot: beside it, it would take half the column
        ax.legend(fontsize=fs(7.5), loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=1, frameon=False)
    else:
        ax.legend(fontsize=fs(7.5), loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    footer(fig, run_label)
    save(fig, out_dir, f"outputs_{name}", pdf, written)


# ----------------------------------------------------------------------------------------------------- claims --
def claim_rows(claims):
    names = list(claims.keys())
    p = np.array([claims[n]["probability"][()] for n in names], dtype=float)
    lo = np.array([claims[n]["ci_low"][()] for n in names], dtype=float)
    hi = np.array([claims[n]["ci_high"][()] for n in names], dtype=float)
    verdicts = [text_attr(claims[n], "verdict") for n in names]
    texts = [text_attr(claims[n], "text", n) for n in names]
    return names, p, lo, hi, verdicts, texts


def plot_claims(claims, out_dir, pdf, written, run_label):
    names, p, lo, hi, verdicts, texts = claim_rows(claims)
    if not names:
        return
    fig, ax = plt.subplots(figsize=size(9.5, 1.2 + 0.8 * len(names)))
    y = np.arange(len(names))[::-1]
    # One colour: whether a claim holding is good news depends on the claim, so the verdict is written, not coloured.
    ax.barh(y, p, color=SKY, height=0.6)
    ax.errorbar(p, y, xerr=[np.maximum(p - lo, 0), np.maximum(hi - p, 0)], fmt="none", ecolor="black", capsize=3,
                linewidth=1)
    for yi, pi, l, h, v in zip(y, p, lo, hi, verdicts):
        if annotate_side():
            ax.text(1.02, yi, f"P = {probability_text(pi)}\n[{probability_text(l)}, {probability_text(h)}]\n{v}",
                    va="center", fontsize=fs(7.5), transform=ax.get_yaxis_transform())
    ax.set_yticks(y)
    ax.set_yticklabels([n if COLUMN["on"] else n + "\n" + "\n".join(textwrap.wrap(t, 52))
                        for n, t in zip(names, texts)],
                       fontsize=fs(7))
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.set_xlabel("probability that the claim holds (bar: 95 % Wilson interval)")
    set_title(ax, "Claims", fontsize=fs(10))
    footer(fig, run_label)
    save(fig, out_dir, "claims", pdf, written)


def plot_drivers(cname, group, labels, out_dir, pdf, written, run_label):
    d = group["drivers"]
    names = strings(d["names"])
    ks = d["ks_d"][:].astype(float)
    pval = d["p_value"][:].astype(float)
    hq = d["holding_quantiles"][:]
    probs = list(d["holding_probabilities"][:])
    order = sorted(range(len(names)), key=lambda j: -ks[j] if np.isfinite(ks[j]) else np.inf)
    shown = order[:TOP_INPUTS]
    fig, ax = plt.subplots(figsize=size(9, 1.3 + 0.42 * len(shown)))
    y = np.arange(len(shown))[::-1]
    colours = [VERMILLION if pval[j] < 0.01 else "#95a5a6" for j in shown]
    ax.barh(y, [ks[j] for j in shown], color=colours, height=0.65)
    imed = probs.index(0.5) if 0.5 in probs else None
    i05 = probs.index(0.05) if 0.05 in probs else None
    i95 = probs.index(0.95) if 0.95 in probs else None
    for yi, j in zip(y, shown):
        note = f"D = {ks[j]:.3f}"
        if imed is not None and not COLUMN["on"]:  # the holding quantiles need the room of a full-width figure
            note += f";  holding: median {hq[j, imed]:.3g}"
            if i05 is not None and i95 is not None:
                note += f" [5–95 %: {hq[j, i05]:.3g}, {hq[j, i95]:.3g}]"
        ax.text(ks[j] + 0.01 if np.isfinite(ks[j]) else 0.01, yi, note, va="center", fontsize=fs(7.5))
    ax.set_yticks(y)
    ax.set_yticklabels([labels.input(names[j]) for j in shown], fontsize=fs(8))
    ax.set_xlim(0, 1.3 if COLUMN["on"] else 1.55)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_xlabel("KS distance between the draws where the claim holds and fails\n(red: p < 0.01)" if COLUMN["on"] else
                  "Kolmogorov–Smirnov distance between the draws where the claim holds and where it fails\n"
                  "(red: p < 0.01; the text gives each input's quantiles among the draws where it holds)",
                  fontsize=fs(8))
    rest = len(names) - len(shown)
    n_hold = int(group["count"][()])
    set_title(ax, f"What drives claim '{cname}' (Monte Carlo filtering, {n_hold:,} holding draws)\n"
                 + "\n".join(textwrap.wrap(text_attr(group, "text", cname), 90))
                 + (f"\ntop {len(shown)} of {len(names)} inputs; the other {rest} have D ≤ "
                    f"{ks[order[len(shown)]]:.3f}"
                    if rest > 0 else ""), fontsize=fs(9))
    footer(fig, run_label)
    save(fig, out_dir, f"drivers_{cname}", pdf, written)


# ------------------------------------------------------------------------------------------------ sensitivity --
def rest_note(total, shown, what, value):
    return f"top {shown} of {total} inputs by {what}; the other {total - shown} have {what} ≤ {max(value, 0):.3f}"


def caveat(fig, group):
    """The group's `caveat` attribute (correlated inputs: order-dependent Sobol'/Morris results), in red on top."""
    text = text_attr(group, "caveat")
    if text:
        fig.text(0.5, 1.0, "\n".join(textwrap.wrap("Caveat: " + text, 62 if COLUMN["on"] else 110)), ha="center",
                 va="bottom", fontsize=fs(7.5),
                 color="#b22222")


def plot_sobol(target, group, labels, out_dir, pdf, written, run_label):
    names = strings(group["names"])
    s1, st = group["S1"][:].astype(float), group["ST"][:].astype(float)
    s1_ci, st_ci = group["S1_ci"][:], group["ST_ci"][:]
    order = sorted(range(len(names)), key=lambda j: -st[j] if np.isfinite(st[j]) else np.inf)
    shown = order[:TOP_INPUTS]
    fig, ax = plt.subplots(figsize=size(9, 1.4 + 0.45 * len(shown)))
    y = np.arange(len(shown))[::-1].astype(float)
    h = 0.38
    for values, ci, offset, colour, tag in ((s1, s1_ci, h / 2, BLUE, "S1 (first order)"),
                                            (st, st_ci, -h / 2, ORANGE, "ST (total)")):
        v = np.array([values[j] for j in shown])
        lo = np.array([ci[0, j] for j in shown])
        hi = np.array([ci[1, j] for j in shown])
        ax.barh(y + offset, v, height=h, color=colour, label=tag)
        ax.errorbar(v, y + offset, xerr=[np.clip(v - lo, 0, None), np.clip(hi - v, 0, None)], fmt="none",
                    ecolor="black", capsize=2, linewidth=0.8)
    for yi, j in zip(y, shown):
        if annotate_side():
            ax.text(1.02, yi, f"ST {st[j]:.3f} [{st_ci[0, j]:.3f}, {st_ci[1, j]:.3f}]", va="center", fontsize=fs(7),
                    transform=ax.get_yaxis_transform())
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_yticks(y)
    ax.set_yticklabels([labels.input(names[j]) for j in shown], fontsize=fs(8))
    left = min(0.0, np.nanmin([s1_ci[0, j] for j in shown] + [0.0]))
    ax.set_xlim(max(left, -0.25), 1.0)
    conf = group.attrs.get("confidence", 0.95)
    ax.set_xlabel(f"Sobol' index (bars: {float(conf) * 100:.0f} % {text_attr(group, 'interval', 'confidence')} "
                  "interval)")
    title = f"Sobol' indices of {target}: {labels.target(target)}\nN = {int(group.attrs.get('N', 0)):,} base samples"
    if len(names) > len(shown):
        title += "; " + rest_note(len(names), len(shown), "ST", st[order[len(shown)]])
    set_title(ax, title, fontsize=fs(9))
    ax.legend(fontsize=fs(8), loc="best")
    footer(fig, run_label)
    caveat(fig, group)
    save(fig, out_dir, f"sobol_{target}", pdf, written)


def plot_sobol_s2(target, group, labels, out_dir, pdf, written, run_label):
    """Second-order indices as a heat map: the share of the variance due to each pair's interaction alone."""
    names = strings(group["names"])
    s2 = group["S2"][:].astype(float)
    k = len(names)
    full = np.where(np.isfinite(s2), s2, np.nan)
    full = np.where(np.isnan(full), full.T, full)  # stored for i < j: mirrored so each row reads whole
    np.fill_diagonal(full, np.nan)
    # The darkest shade at the largest index; with none above 0 (all noise around 0), a scale to 1 shows that.
    top = np.nanmax(full) if np.isfinite(full).any() else 1.0
    top = top if top > 0 else 1.0
    fig, ax = plt.subplots(figsize=size(1.0 + 0.55 * k + 2.2, 0.8 + 0.55 * k + 0.8))
    im = ax.imshow(np.clip(full, 0, None), cmap="Blues", vmin=0, vmax=top)
    if k <= 12:
        for i in range(k):
            for j in range(k):
                v = full[i, j]
                if np.isfinite(v):
                    ax.text(j, i, f"{v:.2g}", ha="center", va="center", fontsize=fs(7),
                            color="white" if v > 0.55 * top else "black")
    ax.set_xticks(range(k))
    ax.set_xticklabels([shorten(n, 14) for n in names], fontsize=fs(7.5), rotation=45, ha="right")
    ax.set_yticks(range(k))
    ax.set_yticklabels([shorten(n, 14) for n in names], fontsize=fs(7.5))
    fig.colorbar(im, ax=ax, label="S2 (negative estimates shown as 0)", fraction=0.046)
    set_title(ax, f"Second-order Sobol' indices of {target}\n{labels.target(target)}", fontsize=fs(9))
    footer(fig, run_label)
    save(fig, out_dir, f"sobol_s2_{target}", pdf, written)


def plot_array_sobol(target, group, labels, out_dir, pdf, written, run_label):
    """Sobol' indices of an array output over its dimension: per input (the 8 with the largest ST anywhere), ST
    with its interval as a band and S1 dashed, at the coordinate values the file names (@dimension)."""
    dimension = text_attr(group, "dimension")
    x = group[dimension][:]
    names = strings(group["names"])
    s1, st = group["S1"][:], group["ST"][:]  # (T, k)
    st_ci = group["ST_ci"][:]  # (2, T, k)
    peak = np.nanmax(np.where(np.isfinite(st), st, -np.inf), axis=0) if st.size else np.array([])
    shown = sorted(range(len(names)), key=lambda j: -peak[j])[:8]
    fig, ax = plt.subplots(figsize=size(7.5, 4.4))
    for n, j in enumerate(shown):
        colour = (FEATURE_COLOURS + SCENARIO_COLOURS)[n]
        ax.fill_between(x, st_ci[0, :, j], st_ci[1, :, j], color=colour, alpha=0.2, linewidth=0)
        aggregated = group["ST_aggregated"][j] if "ST_aggregated" in group else float("nan")
        ax.plot(x, st[:, j], color=colour, linewidth=1.6,
                label=f"{labels.input(names[j])}: ST (aggregated {aggregated:.3g})")
        ax.plot(x, s1[:, j], color=colour, linewidth=1.0, linestyle="--", label=f"{labels.input(names[j])}: S1")
    ax.set_ylim(min(-0.02, float(np.nanmin(st_ci[0]))) if st_ci.size else -0.02, 1.02)
    ax.set_xlabel(dimension)
    conf = float(group.attrs.get("confidence", 0.95))
    ax.set_ylabel("Sobol' index (band: ST's interval)" if COLUMN["on"] else
                  f"Sobol' index (band: ST's {conf * 100:.0f} % {text_attr(group, 'interval', 'confidence')} interval)")
    title = f"Sobol' indices of {target} over {dimension}: {labels.target(target)}"
    if len(names) > len(shown):
        title += f"\nthe {len(shown)} inputs of largest ST of {len(names)}"
    set_title(ax, title, fontsize=fs(9))
    if COLUMN["on"]:  # below the plot: beside it, it would take half the column
        ax.legend(fontsize=fs(7.5), loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=1, frameon=False)
    else:
        ax.legend(fontsize=fs(7.5), loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    footer(fig, run_label)
    caveat(fig, group)
    save(fig, out_dir, f"sobol_{target}", pdf, written)


def plot_morris(target, group, labels, out_dir, pdf, written, run_label):
    names = strings(group["names"])
    mu_star, sigma = group["mu_star"][:].astype(float), group["sigma"][:].astype(float)
    ci = group["mu_star_ci"][:]
    fig, ax = plt.subplots(figsize=size(8, 5.5))
    ax.errorbar(mu_star, sigma, xerr=[np.clip(mu_star - ci[0], 0, None), np.clip(ci[1] - mu_star, 0, None)],
                fmt="o", color=BLUE, ecolor=SKY, markersize=5, capsize=2, linewidth=0.8)
    top = max(np.nanmax(mu_star), np.nanmax(sigma), 1e-300)
    line = np.array([0, top * 1.1])
    steep, flat = (("sigma = mu*", "sigma = 0.1 mu*") if COLUMN["on"] else
                   ("sigma = mu* (strongly non-linear or interacting above)", "sigma = 0.1 mu* (almost linear below)"))
    ax.plot(line, line, color="#999999", linestyle="--", linewidth=0.9, label=steep)
    ax.plot(line, 0.1 * line, color="#bbbbbb", linestyle=":", linewidth=0.9, label=flat)
    order = sorted(range(len(names)), key=lambda j: -mu_star[j] if np.isfinite(mu_star[j]) else np.inf)
    labelled = [j for j in order[:8] if mu_star[j] > 0.02 * top]
    # Stagger the labels vertically when points sit close together, so that texts do not overlap.
    placed = []
    for j in labelled:
        dy = 0
        for px, py in placed:
            if abs(px - mu_star[j]) < 0.08 * top and abs(py + 0 - (sigma[j] + dy)) < 0.05 * top:
                dy -= 0.05 * top
        placed.append((mu_star[j], sigma[j] + dy))
        ax.annotate(names[j], xy=(mu_star[j], sigma[j]), xytext=(mu_star[j] + 0.015 * top, sigma[j] + dy),
                    fontsize=fs(8), va="center",
                    arrowprops=dict(arrowstyle="-", color="#999999", linewidth=0.5) if dy else None)
    ax.set_xlim(-0.02 * top, top * 1.15)
    ax.set_ylim(-0.03 * top, top * 1.15)
    # Elementary effects are output changes per unit of the input's probability scale (docs/methods-sensitivity.md).
    unit = labels.outputs.get(target, ("", ""))[1]
    per = f"{unit} per unit of probability scale" if unit else "output units per unit of probability scale"
    if COLUMN["on"]:
        ax.set_xlabel(f"mu* ({per}; bars: interval)")
        ax.set_ylabel("sigma (same unit)")
    else:
        ax.set_xlabel(f"mu* (mean absolute elementary effect, {per}; bars: interval)")
        ax.set_ylabel(f"sigma (sd of the elementary effects, {per})")
    small = len(names) - len(labelled)
    set_title(ax, f"Morris screening of {target}: {labels.target(target)}\n"
                 f"{int(group.attrs.get('trajectories', 0))} trajectories, {int(group.attrs.get('levels', 0))} levels;"
                 f" labelled: top {len(labelled)} by mu*" + (f" ({small} unlabelled near 0)" if small else ""),
                 fontsize=fs(9))
    ax.legend(fontsize=fs(7.5), loc="upper left")
    footer(fig, run_label)
    caveat(fig, group)
    save(fig, out_dir, f"morris_{target}", pdf, written)


def plot_shapley(target, group, labels, out_dir, pdf, written, run_label):
    names = strings(group["names"])
    sh = group["effects"][:].astype(float)
    lo, hi = group["effects_low"][:].astype(float), group["effects_high"][:].astype(float)
    order = sorted(range(len(names)), key=lambda j: -sh[j] if np.isfinite(sh[j]) else np.inf)
    shown = order[:TOP_INPUTS]
    fig, ax = plt.subplots(figsize=size(9, 1.4 + 0.45 * len(shown)))
    y = np.arange(len(shown))[::-1].astype(float)
    v = np.array([sh[j] for j in shown])
    ax.barh(y, v, height=0.6, color=PURPLE, label="Shapley effect (share of the variance)")
    ax.errorbar(v, y, xerr=[np.clip(v - np.array([lo[j] for j in shown]), 0, None),
                            np.clip(np.array([hi[j] for j in shown]) - v, 0, None)],
                fmt="none", ecolor="black", capsize=2, linewidth=0.8)
    for yi, j in zip(y, shown):
        if annotate_side():
            ax.text(1.02, yi, f"{sh[j]:.3f} [{lo[j]:.3f}, {hi[j]:.3f}]", va="center", fontsize=fs(7),
                    transform=ax.get_yaxis_transform())
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_yticks(y)
    ax.set_yticklabels([labels.input(names[j]) for j in shown], fontsize=fs(8))
    left = min(0.0, np.nanmin([lo[j] for j in shown] + [0.0]))
    ax.set_xlim(max(left, -0.25), 1.0)
    conf = float(group.attrs.get("confidence", 0.95))
    ax.set_xlabel(f"Shapley effect (bars: {conf * 100:.0f} % batch-means interval over "
                  f"{int(group.attrs.get('blocks', 0))} blocks); the effects sum to 1")
    method = text_attr(group, "method")
    items = int(group.attrs.get("items", 0))
    how = f"every subset, {items:,} outer points" if method == "exact" else f"{items:,} random permutations"
    title = (f"Shapley effects of {target}: {labels.target(target)}\n{how}, "
             f"{int(group.attrs.get('evaluations', 0)):,} model runs; order-free, dependence included")
    if len(names) > len(shown):
        title += "; " + rest_note(len(names), len(shown), "effect", sh[order[len(shown)]])
    set_title(ax, title, fontsize=fs(9))
    ax.legend(fontsize=fs(8), loc="best")
    footer(fig, run_label)
    save(fig, out_dir, f"shapley_{target}", pdf, written)


def plot_regression(target, group, labels, out_dir, pdf, written, run_label):
    names = strings(group["names"])
    src, prcc = group["src"][:].astype(float), group["prcc"][:].astype(float)
    order = sorted(range(len(names)), key=lambda j: -abs(prcc[j]) if np.isfinite(prcc[j]) else np.inf)
    shown = order[:TOP_INPUTS]
    fig, ax = plt.subplots(figsize=size(9, 1.4 + 0.45 * len(shown)))
    y = np.arange(len(shown))[::-1].astype(float)
    h = 0.38
    ax.barh(y + h / 2, [src[j] for j in shown], height=h, color=BLUE, label="SRC (standardized regression)")
    ax.barh(y - h / 2, [prcc[j] for j in shown], height=h, color=ORANGE, label="PRCC (partial rank correlation)")
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlim(-1.05, 1.05)
    ax.set_yticks(y)
    ax.set_yticklabels([labels.input(names[j]) for j in shown], fontsize=fs(8))
    ax.set_xlabel("coefficient")
    r2 = float(group.attrs.get("r_squared", float("nan")))
    title = (f"Regression-based sensitivity of {target}: {labels.target(target)}\nR² of the linear fit = {r2:.3f}"
             " (SRC describes the output only as far as R² is near 1)")
    if len(names) > len(shown):
        title += "\n" + rest_note(len(names), len(shown), "|PRCC|", abs(prcc[order[len(shown)]]))
    set_title(ax, title, fontsize=fs(9))
    ax.legend(fontsize=fs(8), loc="lower left")
    footer(fig, run_label)
    save(fig, out_dir, f"regression_{target}", pdf, written)


# ----------------------------------------------------------------------------------------------------- curves --
def curve_specs(f):
    """The [[curves]] tables of the stored config text, by name (empty when it cannot be read)."""
    if tomllib is None or "config" not in f.attrs:
        return {}
    try:
        config = tomllib.loads(text_attr(f, "config"))
    except (tomllib.TOMLDecodeError, ValueError):
        return {}
    return {c.get("name"): c for c in config.get("curves", []) if isinstance(c, dict)}


FEATURE_WORDS = {
    "inflection": "inflection (max dy/dx)",
    "takeoff": "take-off (max d²y/dx²)",
    "steepest_fall": "steepest fall (min dy/dx)",
    "elasticity_break": "elasticity break (fastest fall of d ln y / d ln x)",
}


def feature_label(feature, spec, x_name):
    if feature in FEATURE_WORDS:
        return FEATURE_WORDS[feature]
    for item in spec.get("features", []) if spec else []:
        if isinstance(item, dict) and feature in item:
            return f"first {x_name} with y ≥ {item[feature]}"
    return feature


def band_pairs(probs):
    """Symmetric pairs of band indices (outermost first) and the index of the median (or None)."""
    probs = list(np.round(probs, 9))
    pairs = []
    for i, p in enumerate(probs):
        if p < 0.5 and round(1 - p, 9) in probs:
            pairs.append((i, probs.index(round(1 - p, 9))))
    pairs.sort(key=lambda ij: probs[ij[0]])
    median = probs.index(0.5) if 0.5 in probs else None
    return pairs, median


def plot_curve(name, group, spec, scenario_curves, labels, out_dir, pdf, written, run_label):
    x = group["x"][:]
    bands = group["bands"][:]
    probs = group["band_probs"][:]
    x_name = text_attr(group, "x_name", "x")
    features = list(group["features"].keys()) if "features" in group else []
    heights = [3.2] + ([1.1] * len(features))
    fig, axes = plt.subplots(1 + len(features), 1, figsize=size(8.5, sum(heights) + 1.2), sharex=True,
                             gridspec_kw=dict(height_ratios=heights), squeeze=False)
    axes = axes[:, 0]
    ax = axes[0]
    pairs, median = band_pairs(probs)
    shades = ["#c6dbef", "#6baed6", "#2171b5"]
    for level, (i, j) in enumerate(pairs):
        ax.fill_between(x, bands[i], bands[j], color=shades[min(level, len(shades) - 1)], linewidth=0,
                        label=f"{probs[i] * 100:g}–{probs[j] * 100:g} % band")
    if median is not None:
        ax.plot(x, bands[median], color="#08306b", linewidth=1.6, label="median")
        for k, (sname, sgroup) in enumerate(scenario_curves):
            smed = sgroup["bands"][median]
            if np.nanmax(np.abs(smed - bands[median])) > 1e-9 * (np.nanmax(np.abs(bands[median])) + 1e-300):
                ax.plot(x, smed, linestyle="--", linewidth=1.3, color=SCENARIO_COLOURS[k % len(SCENARIO_COLOURS)],
                        label=f"median under scenario {sname}")
    y_expr = spec.get("y", "") if spec else ""
    label = text_attr(group, "label", name) or name
    # The y axis is named by the curve's label (the config's words, issue 22); without one, by its expression when
    # short (a long one wrapped into the narrow y-label space becomes a tower of fragments: it goes under the title).
    title = f"{label}  ({name}, {len(x)} grid points)"
    unit = text_attr(group, "unit")  # [[curves]] unit, x_label and x_unit (files before them lack them)
    if label != name:
        ax.set_ylabel("\n".join(textwrap.wrap(label + (f" [{unit}]" if unit else ""), 34)), fontsize=fs(8))
        if y_expr:
            title += "\n" + shorten("y = " + y_expr, 110)
    elif y_expr and len(y_expr) <= 40:
        ax.set_ylabel("\n".join(textwrap.wrap("y = " + y_expr, 34)), fontsize=fs(8))
    else:
        ax.set_ylabel("y", fontsize=fs(9))
        if y_expr:
            title += "\n" + shorten("y = " + y_expr, 110)
    set_title(ax, title, fontsize=fs(10) if len(title) < 100 else 9)
    if COLUMN["on"]:  # below the panels: inside, it would cover the narrow plot
        fig.legend(*ax.get_legend_handles_labels(), loc="upper center", bbox_to_anchor=(0.5, -0.05), ncol=1,
                   frameon=False)
    else:
        ax.legend(fontsize=fs(7.5), loc="best")
    ax.grid(alpha=0.3)
    for k, feature in enumerate(features):
        fg = group["features"][feature]
        fax = axes[1 + k]
        colour = FEATURE_COLOURS[k % len(FEATURE_COLOURS)]
        edges, density = histogram_density(fg)
        fax.stairs(density, edges, fill=True, color=colour, alpha=0.55)
        med = quantile(fg, 0.5)
        q05, q95 = quantile(fg, 0.05), quantile(fg, 0.95)
        not_found = int(fg["not_found"][()]) if "not_found" in fg else 0
        at_edge = int(fg["at_edge"][()]) if "at_edge" in fg else 0  # files written before issue 16 have none
        count = int(fg["count"][()])
        draws = count + not_found + at_edge
        if np.isfinite(med):
            fax.axvline(med, color="black", linewidth=1.0)
            ax.axvline(med, color=colour, linestyle=":", linewidth=1.0)
        words = feature_label(feature, spec, x_name)
        stats = (f"median {med:.4g}, 5–95 %: [{q05:.4g}, {q95:.4g}]" if np.isfinite(med)
                 else "no value inside the grid")
        stats += f"; not found in {not_found:,} of {draws:,} draws" if not_found else ""
        stats += f"; at the grid's edge (left out) in {at_edge:,} of {draws:,} draws" if at_edge else ""
        if COLUMN["on"]:
            stats = textwrap.fill(stats, 60)
        fax.text(0.01, 0.95, f"{words}\n{stats}", transform=fax.transAxes, va="top", fontsize=fs(7.5), zorder=5,
                 bbox=dict(facecolor="white", edgecolor="none", alpha=0.9, pad=1))
        fax.set_yticks([])
        fax.set_ylabel("density", fontsize=fs(7))
        top = density.max() if density.size and density.max() > 0 else 1.0
        fax.set_ylim(0, top * 1.9)
    x_label, x_unit = text_attr(group, "x_label"), text_attr(group, "x_unit")
    if x_label or x_unit:
        text = f"{x_label} ({x_name})" if x_label and x_label != x_name else x_name
        axes[-1].set_xlabel(text + (f" [{x_unit}]" if x_unit else ""))
    else:
        axes[-1].set_xlabel(labels.input_with_unit(x_name))
    axes[0].set_xlim(x[0], x[-1])
    if features:
        axes[1].set_title("distribution of each feature (one x per draw; black line: median)", fontsize=fs(8))
    footer(fig, run_label)
    save(fig, out_dir, f"curve_{name}", pdf, written)


# -------------------------------------------------------------------------------------------------- scenarios --
def plot_scenario_deltas(output, entries, labels, out_dir, pdf, written, run_label):
    """entries: (scenario name, text, delta group). Boxes from the stored quantiles: the file keeps no per-draw
    deltas, so the whiskers are the 5 and 95 % quantiles, not Tukey's 1.5 IQR."""
    stats = []
    for sname, text, g in entries:
        q = {p: quantile(g, p) for p in (0.05, 0.25, 0.5, 0.75, 0.95)}
        # In a column, the scenario's name alone (its text is in the report); else the name and its text.
        label = shorten(sname, 16) if COLUMN["on"] else (
            wrap_name(sname, 26) + ("\n" + "\n".join(textwrap.wrap(text, 26)) if text else ""))
        stats.append(dict(label=label,
                          whislo=q[0.05], q1=q[0.25], med=q[0.5], q3=q[0.75], whishi=q[0.95],
                          mean=float(g["moments"][0]), fliers=[]))
    fig, ax = plt.subplots(figsize=size(max(6.5, 2.1 * len(stats) + 1.5), 5))
    ax.bxp(stats, showmeans=True, showfliers=False, patch_artist=True, widths=0.5,
           boxprops=dict(facecolor="#c6dbef", edgecolor="#2171b5"), medianprops=dict(color="#08306b", linewidth=1.6),
           meanprops=dict(marker="D", markerfacecolor=VERMILLION, markeredgecolor="none", markersize=5))
    ax.axhline(0, color="#555555", linewidth=0.8, linestyle="--")
    for i, s in enumerate(stats, start=1):
        ax.text(i + 0.28, s["med"], f"{s['med']:.3g}", va="center", fontsize=fs(7), color="#08306b")
    ax.tick_params(axis="x", labelsize=fs(7.5))
    if COLUMN["on"]:
        plt.setp(ax.get_xticklabels(), rotation=35, ha="right")
    label, unit = labels.outputs.get(output, (output, ""))
    ax.set_ylabel(f"{output} (scenario − baseline)" + (f" [{unit}]" if unit else ""))
    set_title(ax, f"Scenario effects on {label or output}: the same draws with and without each policy\n"
                 "box: 25–75 %, line: median, ◆: mean, whiskers: 5–95 % "
                 "(from stored quantiles; no per-draw deltas)",
                 fontsize=fs(9))
    ax.grid(axis="y", alpha=0.3)
    footer(fig, run_label)
    save(fig, out_dir, f"scenario_deltas_{output}", pdf, written)


def plot_scenario_array_deltas(output, entries, labels, out_dir, pdf, written, run_label):
    """An array output's paired changes (scenario − baseline, same draws), one panel line per scenario along the
    dimension: the median change with its 50 % and 90 % bands from each element's stored quantiles."""
    fig, ax = plt.subplots(figsize=size(8.5, 5.2 + 0.25 * len(entries)))
    dimension = ""
    for k, (sname, text, g) in enumerate(entries):
        colour = FEATURE_COLOURS[k % len(FEATURE_COLOURS)]
        dimension = draw_fan(ax, g, colour, (0.12, 0.25), colour, sname + (f": {text}" if text else ""))
    ax.axhline(0, color="#555555", linewidth=0.8, linestyle="--")
    label, unit = labels.outputs.get(output, (output, ""))
    ax.set_xlabel(dimension)
    ax.set_ylabel(f"{output} (scenario − baseline)" + (f" [{unit}]" if unit else ""))
    set_title(ax, f"Scenario effects on {label or output} over {dimension}: the same draws with and without each "
                 "policy\nline: median change, bands: 25–75 % and 5–95 % (from each element's stored quantiles)",
                 fontsize=fs(9))
    ax.legend(fontsize=fs(7.5), loc="upper center", bbox_to_anchor=(0.5, -0.13), frameon=False)
    ax.grid(alpha=0.3)
    footer(fig, run_label)
    save(fig, out_dir, f"scenario_deltas_{output}", pdf, written)


def probability_change(p1, l1, u1, p2, l2, u2):
    """p1 - p2 with Newcombe's hybrid score interval from the two proportions' intervals (Newcombe 1998, Stat. Med.
    17:873-890, method 10). It treats the two as independent; a scenario and the baseline share their draws, which
    correlates them positively, so the interval is wider than the paired one: conservative."""
    d = p1 - p2
    return d, d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def plot_scenario_claims(f, scenario_names, out_dir, pdf, written, run_label):
    """Each claim's change of probability under each scenario, with its interval: one neutral colour, since a claim
    holding more often is good or bad news depending on the claim."""
    claims = list(f["claims"].keys())
    rows = []  # (label, change, low, high, baseline P, scenario P)
    for c in claims:
        base = f["claims"][c]
        p2, l2, u2 = (float(base[k][()]) for k in ("probability", "ci_low", "ci_high"))
        for s in scenario_names:
            path = f"scenarios/{s}/claims/{c}"
            if path not in f:
                continue
            g = f[path]
            p1, l1, u1 = (float(g[k][()]) for k in ("probability", "ci_low", "ci_high"))
            d, lo, hi = probability_change(p1, l1, u1, p2, l2, u2)
            rows.append((c, s, d, lo, hi, p2, p1))
    if not rows:
        return
    fig, ax = plt.subplots(figsize=size(8, 1.3 + 0.36 * len(rows)))
    y = np.arange(len(rows))[::-1].astype(float)
    d = np.array([r[2] for r in rows])
    lo = np.array([r[3] for r in rows])
    hi = np.array([r[4] for r in rows])
    ax.errorbar(d, y, xerr=[np.clip(d - lo, 0, None), np.clip(hi - d, 0, None)], fmt="o", color=BLUE, ecolor=BLUE,
                markersize=4.5, capsize=2.5, linewidth=1.1)
    ax.axvline(0, color="#555555", linewidth=0.8, linestyle="--")
    for yi, r in zip(y, rows):
        if annotate_side():
            ax.text(1.01, yi, f"{probability_text(r[5])} → {probability_text(r[6])}", va="center", fontsize=fs(7.5),
                    transform=ax.get_yaxis_transform())
    # Rows grouped by claim: a thin line between claims, the claim named in each row's label.
    for k in range(1, len(rows)):
        if rows[k][0] != rows[k - 1][0]:
            ax.axhline((y[k] + y[k - 1]) / 2, color="#cccccc", linewidth=0.8)
    ax.set_yticks(y)
    width = 10 if COLUMN["on"] else 28
    ax.set_yticklabels([f"{shorten(r[0], width)} · {shorten(r[1], width)}" for r in rows], fontsize=fs(8))
    ax.set_xlim(-1.02, 1.02)
    ax.set_xlabel("change of P(claim holds)\n(bar: Newcombe interval)" if COLUMN["on"] else
                  "change of P(claim holds) from the baseline\n(bar: Newcombe interval from the two Wilson intervals)")
    set_title(ax, "Claims under each scenario: the change of their probability (right: baseline → scenario)",
                 fontsize=fs(9))
    footer(fig, run_label)
    save(fig, out_dir, "scenario_claims", pdf, written)


def plot_ranking(sc, out_dir, pdf, written, run_label):
    matrix = sc["ranking"][:]
    names = strings(sc["ranking_names"]) if "ranking_names" in sc else [f"s{i}" for i in range(matrix.shape[0])]
    lo = sc["ranking_ci_low"][:] if "ranking_ci_low" in sc else None
    hi = sc["ranking_ci_high"][:] if "ranking_ci_high" in sc else None
    n = len(names)
    shown = matrix.astype(float).copy()
    np.fill_diagonal(shown, np.nan)
    fig, ax = plt.subplots(figsize=size(2.0 * n + 3.5, 1.6 * n + 2))
    im = ax.imshow(shown, cmap="RdBu", vmin=0, vmax=1)
    for i in range(n):
        for j in range(n):
            if i == j:
                ax.text(j, i, "—", ha="center", va="center", color="#777777")
                continue
            v = matrix[i, j]
            text = f"{v:.3f}"
            if lo is not None and hi is not None and not COLUMN["on"]:  # no room in a column's cells
                text += f"\n[{lo[i, j]:.3f}, {hi[i, j]:.3f}]"
            ax.text(j, i, text, ha="center", va="center", fontsize=fs(8),
                    color="white" if v < 0.2 or v > 0.8 else "black")
    wrapped = [wrap_name(s, 11 if COLUMN["on"] else 16) for s in names]
    ax.set_xticks(range(n))
    ax.set_xticklabels(wrapped, fontsize=fs(8))
    ax.set_yticks(range(n))
    ax.set_yticklabels(wrapped, fontsize=fs(8))
    ax.set_xlabel("column scenario j")
    ax.set_ylabel("row scenario i")
    # [ranking] lower_is_better (issue 18): a smaller value wins; files written before it lack the attribute.
    lower = int(sc["ranking"].attrs.get("lower_is_better", 0)) == 1
    fig.colorbar(im, ax=ax, label=f"P(i gives a {'smaller' if lower else 'larger'} value than j)", fraction=0.046)
    output = text_attr(sc["ranking"], "output", "?")
    set_title(ax, f"Scenario ranking by {output}{' (lower is better)' if lower else ''}: P(row beats column)\n"
                 "same draws for every scenario; [95 % Wilson interval]; ties count for neither", fontsize=fs(9))
    footer(fig, run_label)
    save(fig, out_dir, "scenario_ranking", pdf, written)


def plot_scenarios(f, labels, out_dir, pdf, written, run_label):
    sc = f["scenarios"]
    scenario_names = [s for s in sc if isinstance(sc[s], h5py.Group)]
    outputs = []
    for s in scenario_names:
        if "delta" in sc[s]:
            for o in sc[s]["delta"]:
                if o not in outputs:
                    outputs.append(o)
    for o in outputs:
        entries = [(s, text_attr(sc[s], "text"), sc[s]["delta"][o]) for s in scenario_names
                   if "delta" in sc[s] and o in sc[s]["delta"]]
        if entries and "dimension" in entries[0][2].attrs:  # an array output
            plot_scenario_array_deltas(o, entries, labels, out_dir, pdf, written, run_label)
        else:
            plot_scenario_deltas(o, entries, labels, out_dir, pdf, written, run_label)
    if "claims" in f and len(f["claims"]) and scenario_names:
        plot_scenario_claims(f, scenario_names, out_dir, pdf, written, run_label)
    if "ranking" in sc:
        plot_ranking(sc, out_dir, pdf, written, run_label)


# ---------------------------------------------------------------------------------------------------- samples --
def plot_samples(samples, out_dir, pdf, written, run_label):
    inputs = samples["inputs"][:]
    outputs = samples["outputs"][:]
    in_names = strings(samples["input_names"])
    out_names = strings(samples["output_names"])
    # Keep the figure readable: the inputs most correlated (by rank) with the outputs, at most 6 variables in all.
    n_out = min(len(out_names), 3)
    score = []
    for j in range(inputs.shape[1]):
        col = inputs[:, j]
        if np.std(col) == 0:
            continue
        r = 0.0
        for o in range(n_out):
            ok = np.isfinite(outputs[:, o])
            if ok.sum() > 2 and np.std(outputs[ok, o]) > 0:
                rc = np.corrcoef(np.argsort(np.argsort(col[ok])), np.argsort(np.argsort(outputs[ok, o])))[0, 1]
                r = max(r, abs(rc))
        score.append((r, j))
    keep_in = [j for r, j in sorted(score, reverse=True)][: max(1, 6 - n_out)]
    columns = [inputs[:, j] for j in keep_in] + [outputs[:, j] for j in range(n_out)]
    names = [in_names[j] for j in keep_in] + out_names[:n_out]
    k = len(columns)
    fig, axes = plt.subplots(k, k, figsize=size(1.75 * k + 1, 1.75 * k + 1), squeeze=False)
    for r in range(k):
        for c in range(k):
            ax = axes[r][c]
            if r == c:
                # A histogram's height is a count, not the row's variable: no ticks on its y axis.
                ax.hist(columns[c][np.isfinite(columns[c])], bins=30, color=SKY)
                ax.set_yticks([])
            else:
                ax.scatter(columns[c], columns[r], s=2, alpha=0.4, color=BLUE, rasterized=True)
            if r == k - 1:
                ax.set_xlabel(names[c], fontsize=fs(7))
            else:
                ax.set_xticklabels([])
            if c == 0:
                ax.set_ylabel(names[r], fontsize=fs(7))
            else:
                ax.set_yticklabels([])
            ax.tick_params(labelsize=6)
            ax.locator_params(nbins=3)
    heading = (f"First {inputs.shape[0]:,} draws: the {len(keep_in)} inputs most rank-correlated with the outputs "
               f"(of {len(in_names)}), and {n_out} outputs")
    fig.suptitle(textwrap.fill(heading, 62) if COLUMN["on"] else heading, fontsize=fs(9))
    footer(fig, run_label)
    save(fig, out_dir, "samples_scatter", pdf, written)


GIVEN_DATA_METHODS = (  # group, dataset, interval dataset, legend, colour
    ("rank_first_order", "S1", "S1_ci", "S1 by ranks", BLUE),
    ("delta", "delta", "delta_ci", "Borgonovo's delta", ORANGE),
    ("pawn", "median", "median_ci", "PAWN (median KS)", GREEN),
    ("hsic", "r2", "r2_ci", "R2_HSIC", PURPLE),
)


def plot_given_data(output, sens, labels, out_dir, pdf, written, run_label):
    """The indices of `mcsens analyze` for one output, each with its interval, inputs ranked by delta."""
    present = [m for m in GIVEN_DATA_METHODS if m[0] in sens and output in sens[m[0]]]
    if not present:
        return
    names = strings(sens[present[0][0]][output]["names"])
    ranking = sens["delta"][output]["delta"][:].astype(float) if "delta" in sens else np.zeros(len(names))
    order = sorted(range(len(names)), key=lambda j: -ranking[j] if np.isfinite(ranking[j]) else np.inf)
    shown = order[:TOP_INPUTS]
    fig, ax = plt.subplots(figsize=size(9, 1.6 + 0.6 * len(shown)))
    y = np.arange(len(shown))[::-1].astype(float)
    h = 0.8 / len(present)
    for m, (kind, name, ci_name, tag, colour) in enumerate(present):
        group = sens[kind][output]
        values, ci = group[name][:].astype(float), group[ci_name][:]
        v = np.array([values[j] for j in shown])
        lo = np.array([ci[0, j] for j in shown])
        hi = np.array([ci[1, j] for j in shown])
        offset = 0.4 - h * (m + 0.5)
        ax.barh(y + offset, v, height=h, color=colour, label=tag)
        ax.errorbar(v, y + offset, xerr=[np.clip(v - lo, 0, None), np.clip(hi - v, 0, None)], fmt="none",
                    ecolor="black", capsize=2, linewidth=0.8)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_yticks(y)
    ax.set_yticklabels([labels.input(names[j]) for j in shown], fontsize=fs(8))
    top = max([float(np.nanmax(sens[kind][output][ci_name][1, :])) for kind, _, ci_name, _, _ in present] + [0.1])
    ax.set_xlim(-0.05, min(1.0, 1.1 * top))
    first = sens[present[0][0]][output]
    conf = float(first.attrs.get("confidence", 0.95))
    ax.set_xlabel(f"index (bars: {conf * 100:.0f} % intervals over {int(first.attrs.get('batches', 16))} batches of "
                  "the rows; delta and PAWN corrected for their bias)")
    title = f"Sensitivity of {output} from given data, {int(first.attrs.get('n', 0)):,} rows"
    if len(names) > len(shown):
        title += "; " + rest_note(len(names), len(shown), "delta", ranking[order[len(shown)]])
    set_title(ax, title, fontsize=fs(9))
    ax.legend(fontsize=fs(8), loc="lower right")
    footer(fig, run_label)
    save(fig, out_dir, f"given_data_{output}", pdf, written)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("result", help="an mcsens result file (.h5)")
    parser.add_argument("-o", "--output", default="plots", help="folder for the figures (created)")
    parser.add_argument("--pdf", action="store_true", help="also write PDF files")
    parser.add_argument("--column", action="store_true",
                        help="draw each figure for a paper's single column: 3.5 in wide, text at most 7 pt, inputs "
                             "by name, no numbers beside the bars")
    args = parser.parse_args(argv)
    if args.column:
        COLUMN["on"] = True
        matplotlib.rcParams.update({"font.size": 7, "axes.titlesize": 7, "axes.labelsize": 7, "xtick.labelsize": 6.5,
                                    "ytick.labelsize": 6.5, "legend.fontsize": 6})
    try:
        f = h5py.File(args.result, "r")
    except OSError as e:
        print(f"plot_results: error: cannot open {args.result}: {e}", file=sys.stderr)
        return 2
    if "mcsens_version" not in f.attrs:
        print(f"plot_results: error: {args.result} is not an mcsens result file", file=sys.stderr)
        return 2
    os.makedirs(args.output, exist_ok=True)
    given_data = "analysis" in f.attrs  # a file of mcsens analyze -o
    if given_data:
        run_label = (f"mcsens analyze {text_attr(f, 'data')} — {int(f.attrs['rows']):,} rows, "
                     f"mcsens {text_attr(f, 'mcsens_version')}")
    else:
        run_label = (f"{text_attr(f, 'title')} — {int(f.attrs['samples']):,} draws, {text_attr(f, 'sampler')}, "
                     f"seed {int(f.attrs['seed'])}, mcsens {text_attr(f, 'mcsens_version')}")
    labels = Labels(f)
    written = []
    out = args.output
    claims = f["claims"] if "claims" in f else None
    if "outputs" in f:
        for name in f["outputs"]:
            group = f["outputs"][name]
            plot = plot_array_output if "dimension" in group.attrs else plot_output
            plot(name, group, claims, out, args.pdf, written, run_label)
    if claims is not None and len(claims):
        plot_claims(claims, out, args.pdf, written, run_label)
        for cname, group in claims.items():
            if "drivers" in group and len(group["drivers/names"]):
                plot_drivers(cname, group, labels, out, args.pdf, written, run_label)
    if given_data:
        for output in strings_attr(f, "outputs"):
            plot_given_data(output, f["sensitivity"], labels, out, args.pdf, written, run_label)
    if "sensitivity" in f:
        sens = f["sensitivity"]
        for kind, plot in (("sobol", plot_sobol), ("morris", plot_morris), ("shapley", plot_shapley),
                           ("regression", plot_regression)):
            if kind in sens:
                for target, group in sens[kind].items():
                    array = kind == "sobol" and "dimension" in group.attrs
                    (plot_array_sobol if array else plot)(target, group, labels, out, args.pdf, written, run_label)
                    if kind == "sobol" and not array and "S2" in group:
                        plot_sobol_s2(target, group, labels, out, args.pdf, written, run_label)
    if "curves" in f:
        specs = curve_specs(f)
        for name, group in f["curves"].items():
            scenario_curves = []
            if "scenarios" in f:
                for s, sg in f["scenarios"].items():
                    if isinstance(sg, h5py.Group) and f"curves/{name}/bands" in sg:
                        scenario_curves.append((s, sg["curves"][name]))
            plot_curve(name, group, specs.get(name), scenario_curves, labels, out, args.pdf, written, run_label)
    if "scenarios" in f:
        plot_scenarios(f, labels, out, args.pdf, written, run_label)
    if "samples" in f:
        plot_samples(f["samples"], out, args.pdf, written, run_label)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
