// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <utility>
#include <vector>

// The report's figures as SVG text (`mcsens report`): drawn by mcsens itself from a result file's numbers, so a
// report needs no plotting library and embeds every figure in its own page. Each chart is 480 units wide with
// 14-unit text, 7.4 pt when a paper prints it at one column (3.5 in); colours from the Okabe-Ito palette, which
// readers with the common colour-vision deficiencies tell apart (Okabe & Ito 2008, "Color universal design").
// Non-finite values are left out of a chart (an interval with a NaN end is drawn as its point alone).
namespace mcsens::svg {

// The palette in order: blue, orange, bluish green, reddish purple, sky blue, vermillion, yellow, black.
const std::vector<std::string>& palette();

// Rows of labelled estimates with intervals, one dot and whisker per series in each row (S1 and ST of each input,
// a claim's probability, a scenario's change): the horizontal axis holds the values.
struct IntervalSeries {
  std::string name;                      // in the legend (drawn when there are two or more series)
  std::vector<double> value, low, high;  // one per row
};
struct IntervalChart {
  std::string title;  // the SVG's <title>, for screen readers
  std::vector<std::string> rows;
  std::vector<IntervalSeries> series;
  std::string x_label;
  double x_min = 0, x_max = 0;  // the axis' range when x_min < x_max (e.g. 0..1 for probabilities); else the data's
  std::vector<double> reference_lines;  // dashed vertical lines (0 for a change)
};
std::string interval_chart(const IntervalChart& chart);

// A histogram (bar heights per bin between consecutive edges) with labelled vertical markers (quantiles).
struct Histogram {
  std::string title;
  std::vector<double> edges;    // bins + 1, increasing
  std::vector<double> heights;  // bins
  std::vector<std::pair<std::string, double>> markers;
  std::string x_label, y_label;
};
std::string histogram_chart(const Histogram& chart);

// A fan chart: a median line over x and nested bands (widest first), for curves and array outputs over time.
struct Band {
  std::string label;  // "90 %"
  std::vector<double> low, high;
};
struct BandChart {
  std::string title;
  std::vector<double> x;
  std::vector<double> median;
  std::vector<Band> bands;
  std::string x_label, y_label;
};
std::string band_chart(const BandChart& chart);

// Labelled points (Morris mu* against sigma), with an optional horizontal interval per point.
struct ScatterChart {
  std::string title;
  std::vector<std::string> labels;
  std::vector<double> x, y;
  std::vector<double> x_low, x_high;  // empty, or one per point
  std::string x_label, y_label;
};
std::string scatter_chart(const ScatterChart& chart);

// A k x k matrix of values in [0, 1] (second-order indices, ranking probabilities) as shaded cells with their
// values written in; NaN cells are left blank. Shades of one hue (lightness only), readable in grey.
struct HeatMap {
  std::string title;
  std::vector<std::string> row_labels, column_labels;
  std::vector<double> values;  // rows x columns, row-major
  std::string legend;          // what a cell holds
  double max_value = 1;        // the darkest shade
};
std::string heat_map(const HeatMap& chart);

// Text for XML and HTML: & < > " ' as entities, control characters other than line breaks and tabs (which XML
// forbids) as spaces.
std::string escaped(const std::string& text);

// Ticks of a readable step (1, 2 or 5 times a power of ten) covering [low, high], about `target` of them.
std::vector<double> nice_ticks(double low, double high, int target = 5);

}  // namespace mcsens::svg
