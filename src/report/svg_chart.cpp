// SPDX-License-Identifier: MIT
#include "report/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "report/display_text.hpp"

namespace mcsens::svg {
namespace {

constexpr double kWidth = 480;
constexpr double kFont = 14;                // 7.4 pt when the 480-unit figure prints 3.5 in wide
constexpr double kCharWidth = 0.6 * kFont;  // a generous average advance of a sans-serif glyph
constexpr std::size_t kLabelChars = 22;     // longer row labels are cut (the whole name in a tooltip)
const char* const kInk = "#222222";
const char* const kGrid = "#dddddd";

std::string px(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

std::string shortened(const std::string& label) {
  return label.size() <= kLabelChars ? label : label.substr(0, kLabelChars - 1) + "\xE2\x80\xA6";  // an ellipsis
}

double text_width(const std::string& text) {
  return static_cast<double>(text.size()) * kCharWidth;
}

// A text that would run past `room` units is squeezed into it (SVG's textLength) rather than cut off.
std::string fitted(const std::string& text, double room) {
  return text_width(text) <= room ? "" : " textLength=\"" + px(room) + "\" lengthAdjust=\"spacingAndGlyphs\"";
}

// A tick's text: as many decimals as the step needs, so 0.1 steps read 0.0, 0.1, ... and never 0.30000000000000004.
std::string tick_text(double value, double step) {
  if (std::abs(value) < step * 1e-9) value = 0;  // no "-0"
  const double a = std::abs(value);
  if (a != 0 && (a < 1e-3 || a >= 1e6)) return display::num(value, 3);
  const int decimals = std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 10);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

// A linear map from data [low, high] onto pixels [from, to], its ticks covering the data.
struct Scale {
  double low = 0, high = 1, from = 0, to = 1;
  std::vector<double> ticks;
  double step() const { return ticks.size() > 1 ? ticks[1] - ticks[0] : high - low; }
  double at(double v) const { return from + (v - low) / (high - low) * (to - from); }
};

Scale scale_over(double low, double high, double from, double to, bool fixed = false) {
  if (!(std::isfinite(low) && std::isfinite(high))) low = 0, high = 1;
  if (low == high) {
    const double pad = low == 0 ? 1 : std::abs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  Scale s;
  s.from = from;
  s.to = to;
  s.ticks = nice_ticks(low, high);
  if (fixed) {
    s.low = low;
    s.high = high;
    s.ticks.erase(
        std::remove_if(s.ticks.begin(), s.ticks.end(),
                       [&](double t) { return t < low - 1e-12 * (high - low) || t > high + 1e-12 * (high - low); }),
        s.ticks.end());
  } else {
    s.low = std::min(low, s.ticks.front());
    s.high = std::max(high, s.ticks.back());
  }
  return s;
}

// The finite range of several vectors.
void widen(double& low, double& high, const std::vector<double>& values) {
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    low = std::min(low, v);
    high = std::max(high, v);
  }
}

class Canvas {
 public:
  Canvas(double height, const std::string& title) : height_(height) {
    out_ << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << px(kWidth) << " " << px(height)
         << "\" width=\"" << px(kWidth) << "\" height=\"" << px(height)
         << "\" role=\"img\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"" << kFont
         << "\"><title>" << escaped(title) << "</title>"
         << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>";
  }
  void line(double x1, double y1, double x2, double y2, const std::string& colour, double width = 1,
            const std::string& extra = "") {
    out_ << "<line x1=\"" << px(x1) << "\" y1=\"" << px(y1) << "\" x2=\"" << px(x2) << "\" y2=\"" << px(y2)
         << "\" stroke=\"" << colour << "\" stroke-width=\"" << width << "\"" << extra << "/>";
  }
  void rect(double x, double y, double w, double h, const std::string& fill, const std::string& extra = "") {
    out_ << "<rect x=\"" << px(x) << "\" y=\"" << px(y) << "\" width=\"" << px(std::max(w, 0.0)) << "\" height=\""
         << px(std::max(h, 0.0)) << "\" fill=\"" << fill << "\"" << extra << "/>";
  }
  // With a title, the point's tooltip (a point whose label is not drawn).
  void circle(double x, double y, double r, const std::string& fill, const std::string& title = "") {
    out_ << "<circle cx=\"" << px(x) << "\" cy=\"" << px(y) << "\" r=\"" << px(r) << "\" fill=\"" << fill << "\"";
    if (title.empty()) {
      out_ << "/>";
    } else {
      out_ << "><title>" << escaped(title) << "</title></circle>";
    }
  }
  // anchor: start, middle or end; a tooltip holds the whole text when `full` differs from what is drawn.
  void text(double x, double y, const std::string& text, const std::string& anchor = "start",
            const std::string& extra = "", const std::string& full = "", const std::string& fill = kInk) {
    out_ << "<text x=\"" << px(x) << "\" y=\"" << px(y) << "\" text-anchor=\"" << anchor << "\" fill=\"" << fill << "\""
         << extra << ">";
    if (!full.empty() && full != text) out_ << "<title>" << escaped(full) << "</title>";
    out_ << escaped(text) << "</text>";
  }
  void path(const std::string& d, const std::string& fill, const std::string& stroke, double width = 1,
            const std::string& extra = "") {
    out_ << "<path d=\"" << d << "\" fill=\"" << fill << "\" stroke=\"" << stroke << "\" stroke-width=\"" << width
         << "\"" << extra << "/>";
  }
  // The horizontal axis at y with ticks, grid lines up to `top` and its label below.
  void x_axis(const Scale& s, double y, double top, const std::string& label) {
    for (double t : s.ticks) {
      const double x = s.at(t);
      line(x, top, x, y, kGrid);
      line(x, y, x, y + 4, kInk);
      text(x, y + 18, tick_text(t, s.step()), "middle");
    }
    line(s.from, y, s.to, y, kInk);
    if (!label.empty()) {
      // Centred under the plot, moved in as far as the label needs to stay on the canvas.
      const double half = std::min(text_width(label), kWidth - 8) / 2;
      text(std::clamp((s.from + s.to) / 2, 4 + half, kWidth - 4 - half), y + 37, label, "middle",
           fitted(label, kWidth - 8));
    }
  }
  // The vertical axis at x with ticks, grid lines across to `right` and its label turned along it.
  void y_axis(const Scale& s, double x, double right, const std::string& label) {
    for (double t : s.ticks) {
      const double y = s.at(t);
      line(x, y, right, y, kGrid);
      line(x - 4, y, x, y, kInk);
      text(x - 6, y + 5, tick_text(t, s.step()), "end");
    }
    line(x, s.from, x, s.to, kInk);
    if (!label.empty()) {
      const double cy = (s.from + s.to) / 2;
      text(16, cy, label, "middle", " transform=\"rotate(-90 16 " + px(cy) + ")\"" + fitted(label, height_ - 8));
    }
  }
  std::string finish() {
    out_ << "</svg>";
    return out_.str();
  }
  double height() const { return height_; }

 private:
  double height_;
  std::ostringstream out_;
};

// Width of the widest tick label of a scale, for the left margin of a vertical axis.
double tick_width(const Scale& s) {
  double w = 0;
  for (double t : s.ticks) w = std::max(w, text_width(tick_text(t, s.step())));
  return w;
}

}  // namespace

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    }
  }
  return out;
}

const std::vector<std::string>& palette() {
  static const std::vector<std::string> colours = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                                   "#56B4E9", "#D55E00", "#F0E442", "#000000"};
  return colours;
}

std::vector<double> nice_ticks(double low, double high, int target) {
  if (!(high > low) || !std::isfinite(high - low)) return {low};
  const double raw = (high - low) / std::max(target, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  const double first = std::floor(low / step + 1e-9) * step;
  for (double t = first; t <= high + step * (1 - 1e-9) && ticks.size() < 50; t = first + step * ticks.size()) {
    ticks.push_back(t);
  }
  return ticks;
}

std::string interval_chart(const IntervalChart& chart) {
  const std::size_t rows = chart.rows.size();
  const std::size_t series = std::max<std::size_t>(chart.series.size(), 1);
  const double row_height = 21 + 8 * static_cast<double>(series - 1);
  const double legend = chart.series.size() > 1 ? 24 : 0;
  double label_width = 0;
  for (const auto& r : chart.rows) label_width = std::max(label_width, text_width(shortened(r)));
  const double left = 12 + label_width + 8, right = kWidth - 16, top = 10 + legend;
  const double bottom = top + row_height * static_cast<double>(rows);
  Canvas c(bottom + 48, chart.title);
  double low = HUGE_VAL, high = -HUGE_VAL;
  for (const auto& s : chart.series) {
    widen(low, high, s.value);
    widen(low, high, s.low);
    widen(low, high, s.high);
  }
  widen(low, high, chart.reference_lines);
  const bool fixed = chart.x_min < chart.x_max;
  const Scale x = fixed ? scale_over(chart.x_min, chart.x_max, left, right, true)
                        : scale_over(low <= high ? low : 0, low <= high ? high : 1, left, right);
  c.x_axis(x, bottom, top, chart.x_label);
  for (double r : chart.reference_lines) {
    if (std::isfinite(r) && r >= x.low && r <= x.high)
      c.line(x.at(r), top, x.at(r), bottom, "#888888", 1, " stroke-dasharray=\"4 3\"");
  }
  if (chart.series.size() > 1) {
    double lx = left;
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const std::string& colour = palette()[s % palette().size()];
      c.circle(lx + 5, 14, 4, colour);
      c.text(lx + 13, 18, chart.series[s].name);
      lx += 28 + text_width(chart.series[s].name);
    }
  }
  for (std::size_t r = 0; r < rows; ++r) {
    const double y0 = top + row_height * static_cast<double>(r);
    if (r % 2 == 1) c.rect(left, y0, right - left, row_height, "#000000", " fill-opacity=\"0.03\"");
    c.text(left - 8, y0 + row_height / 2 + 5, shortened(chart.rows[r]), "end", "", chart.rows[r]);
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const IntervalSeries& se = chart.series[s];
      const std::string& colour = palette()[s % palette().size()];
      const double y = y0 + 10.5 + 8 * static_cast<double>(s);
      const auto clamp = [&](double v) { return std::clamp(v, x.low, x.high); };
      if (r < se.low.size() && r < se.high.size() && std::isfinite(se.low[r]) && std::isfinite(se.high[r])) {
        const double a = x.at(clamp(se.low[r])), b = x.at(clamp(se.high[r]));
        c.line(a, y, b, y, colour, 2);
        c.line(a, y - 3, a, y + 3, colour, 1.5);
        c.line(b, y - 3, b, y + 3, colour, 1.5);
      }
      if (r < se.value.size() && std::isfinite(se.value[r])) c.circle(x.at(clamp(se.value[r])), y, 3.5, colour);
    }
  }
  return c.finish();
}

std::string histogram_chart(const Histogram& chart) {
  const double height = 290, top = 38, bottom = height - 50;
  double h_max = 0;
  for (double h : chart.heights) {
    if (std::isfinite(h)) h_max = std::max(h_max, h);
  }
  const Scale probe = scale_over(0, h_max > 0 ? h_max : 1, bottom, top);
  const double left = 30 + tick_width(probe);
  Canvas c(height, chart.title);
  const Scale y = probe;
  double low = HUGE_VAL, high = -HUGE_VAL;
  widen(low, high, chart.edges);
  const Scale x = scale_over(low <= high ? low : 0, low <= high ? high : 1, left, kWidth - 16);
  c.y_axis(y, left, kWidth - 16, chart.y_label);
  c.x_axis(x, bottom, top, chart.x_label);
  for (std::size_t b = 0; b + 1 < chart.edges.size() && b < chart.heights.size(); ++b) {
    if (!std::isfinite(chart.heights[b]) || chart.heights[b] <= 0) continue;
    const double x0 = x.at(chart.edges[b]), x1 = x.at(chart.edges[b + 1]);
    c.rect(x0, y.at(chart.heights[b]), x1 - x0, bottom - y.at(chart.heights[b]), palette()[4],
           " stroke=\"#ffffff\" stroke-width=\"0.3\"");
  }
  // Markers, their labels staggered in height so that close ones (q05 and the median of a skewed output) both read.
  for (std::size_t m = 0; m < chart.markers.size(); ++m) {
    const auto& [label, value] = chart.markers[m];
    if (!std::isfinite(value) || value < x.low || value > x.high) continue;
    const double mx = x.at(value);
    c.line(mx, top, mx, bottom, palette()[5], 1.5, " stroke-dasharray=\"5 3\"");
    c.text(mx, top - 4 - 14 * static_cast<double>(m % 2), label, mx > kWidth - 60 ? "end" : "middle",
           " font-size=\"12\"");
  }
  return c.finish();
}

std::string band_chart(const BandChart& chart) {
  const double height = 300, top = 18 + (chart.bands.empty() ? 0 : 20), bottom = height - 50;
  double low = HUGE_VAL, high = -HUGE_VAL;
  widen(low, high, chart.median);
  for (const auto& b : chart.bands) {
    widen(low, high, b.low);
    widen(low, high, b.high);
  }
  const Scale probe = scale_over(low <= high ? low : 0, low <= high ? high : 1, bottom, top);
  const double left = 30 + tick_width(probe);
  Canvas c(height, chart.title);
  double x_low = HUGE_VAL, x_high = -HUGE_VAL;
  widen(x_low, x_high, chart.x);
  const Scale x = scale_over(x_low <= x_high ? x_low : 0, x_low <= x_high ? x_high : 1, left, kWidth - 16);
  c.y_axis(probe, left, kWidth - 16, chart.y_label);
  c.x_axis(x, bottom, top, chart.x_label);
  // Bands widest first, each a shade darker, then the median on top.
  for (std::size_t b = 0; b < chart.bands.size(); ++b) {
    const Band& band = chart.bands[b];
    std::string upper, lower;
    for (std::size_t i = 0; i < chart.x.size() && i < band.low.size() && i < band.high.size(); ++i) {
      if (!(std::isfinite(band.low[i]) && std::isfinite(band.high[i]) && std::isfinite(chart.x[i]))) continue;
      upper += (upper.empty() ? "M" : " L") + px(x.at(chart.x[i])) + " " + px(probe.at(band.high[i]));
      lower = " L" + px(x.at(chart.x[i])) + " " + px(probe.at(band.low[i])) + lower;
    }
    if (upper.empty()) continue;
    const double opacity = 0.22 + 0.2 * static_cast<double>(b);
    c.path(upper + lower + " Z", palette()[0], "none", 0, " fill-opacity=\"" + px(opacity) + "\"");
  }
  std::string median;
  for (std::size_t i = 0; i < chart.x.size() && i < chart.median.size(); ++i) {
    if (!(std::isfinite(chart.median[i]) && std::isfinite(chart.x[i]))) continue;
    median += (median.empty() ? "M" : " L") + px(x.at(chart.x[i])) + " " + px(probe.at(chart.median[i]));
  }
  if (!median.empty()) c.path(median, "none", palette()[0], 2);
  // Legend: the median, then each band.
  double lx = left;
  c.line(lx, 12, lx + 18, 12, palette()[0], 2);
  c.text(lx + 22, 16, "median");
  lx += 22 + text_width("median") + 14;
  for (std::size_t b = 0; b < chart.bands.size(); ++b) {
    c.rect(lx, 6, 18, 12, palette()[0], " fill-opacity=\"" + px(0.22 + 0.2 * static_cast<double>(b)) + "\"");
    c.text(lx + 22, 16, chart.bands[b].label);
    lx += 22 + text_width(chart.bands[b].label) + 14;
  }
  return c.finish();
}

std::string scatter_chart(const ScatterChart& chart) {
  const double height = 320, top = 26, bottom = height - 50;
  double y_low = 0, y_high = -HUGE_VAL;
  widen(y_low, y_high, chart.y);
  const Scale probe = scale_over(0, y_high > 0 ? y_high : 1, bottom, top);
  const double left = 30 + tick_width(probe);
  Canvas c(height, chart.title);
  double x_low = 0, x_high = -HUGE_VAL;
  widen(x_low, x_high, chart.x);
  widen(x_low, x_high, chart.x_high);
  const Scale x = scale_over(0, x_high > 0 ? x_high : 1, left, kWidth - 24);
  c.y_axis(probe, left, kWidth - 24, chart.y_label);
  c.x_axis(x, bottom, top, chart.x_label);
  std::vector<std::array<double, 4>> placed;  // the labels' boxes: x0, y0, x1, y1
  for (std::size_t i = 0; i < chart.x.size() && i < chart.y.size(); ++i) {
    if (!(std::isfinite(chart.x[i]) && std::isfinite(chart.y[i]))) continue;
    const double px_ = x.at(chart.x[i]), py = probe.at(chart.y[i]);
    const std::string& colour = palette()[i % (palette().size() - 2)];  // no yellow on white, no black
    if (i < chart.x_low.size() && i < chart.x_high.size() && std::isfinite(chart.x_low[i]) &&
        std::isfinite(chart.x_high[i])) {
      c.line(x.at(chart.x_low[i]), py, x.at(chart.x_high[i]), py, colour, 1.5);
    }
    // Labels in the order given (the most important point first); one that would overlap a label already placed
    // is left out, its point named by its tooltip and the table beside the figure.
    const std::string full = i < chart.labels.size() ? chart.labels[i] : "";
    const std::string label = shortened(full);
    const bool to_left = px_ + 8 + text_width(label) > kWidth - 4;
    const double x0 = to_left ? px_ - 7 - text_width(label) : px_ + 7, y0 = py - 6 - kFont;
    const bool overlaps = std::any_of(placed.begin(), placed.end(), [&](const std::array<double, 4>& b) {
      return x0 < b[2] && x0 + text_width(label) > b[0] && y0 < b[3] && y0 + kFont + 2 > b[1];
    });
    c.circle(px_, py, 4, colour, overlaps ? full : "");
    if (overlaps) continue;
    placed.push_back({x0, y0, x0 + text_width(label), y0 + kFont + 2});
    c.text(to_left ? px_ - 7 : px_ + 7, py - 6, label, to_left ? "end" : "start", "", full);
  }
  return c.finish();
}

std::string heat_map(const HeatMap& chart) {
  const std::size_t rows = chart.row_labels.size(), columns = chart.column_labels.size();
  double label_width = 0;
  for (const auto& r : chart.row_labels) label_width = std::max(label_width, text_width(shortened(r)));
  const double left = 12 + label_width + 8;
  const double cell =
      std::clamp((kWidth - 16 - left) / static_cast<double>(std::max<std::size_t>(columns, 1)), 14.0, 56.0);
  double column_label = 0;
  for (const auto& l : chart.column_labels) column_label = std::max(column_label, text_width(shortened(l)));
  const double top = 16 + column_label * 0.72;  // column labels at 45 degrees rise by sin 45 of their length
  const double bottom = top + cell * static_cast<double>(rows);
  Canvas c(bottom + 40, chart.title);
  const double max_value = chart.max_value > 0 ? chart.max_value : 1;
  // The shade of a value: white to the palette's blue by lightness, so the order reads in grey print too.
  const auto shade = [&](double v) {
    const double t = std::clamp(v / max_value, 0.0, 1.0);
    const int r = static_cast<int>(std::lround(255 + t * (0x00 - 255)));
    const int g = static_cast<int>(std::lround(255 + t * (0x50 - 255)));
    const int b = static_cast<int>(std::lround(255 + t * (0x8C - 255)));
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", r, g, b);
    return std::string(buffer);
  };
  for (std::size_t j = 0; j < columns; ++j) {
    const double cx = left + cell * (static_cast<double>(j) + 0.5);
    c.text(cx, top - 6, shortened(chart.column_labels[j]), "start",
           " transform=\"rotate(-45 " + px(cx) + " " + px(top - 6) + ")\"", chart.column_labels[j]);
  }
  for (std::size_t i = 0; i < rows; ++i) {
    const double y = top + cell * static_cast<double>(i);
    c.text(left - 8, y + cell / 2 + 4, shortened(chart.row_labels[i]), "end", "", chart.row_labels[i]);
    for (std::size_t j = 0; j < columns; ++j) {
      const double x = left + cell * static_cast<double>(j);
      const double v = i * columns + j < chart.values.size() ? chart.values[i * columns + j] : NAN;
      if (!std::isfinite(v)) {
        c.rect(x, y, cell, cell, "#f4f4f4", " stroke=\"#ffffff\"");
        continue;
      }
      c.rect(x, y, cell, cell, shade(v), " stroke=\"#ffffff\"");
      if (cell >= 26) {
        const bool dark = std::clamp(v / max_value, 0.0, 1.0) > 0.55;
        c.text(x + cell / 2, y + cell / 2 + 4, display::num(v, 2), "middle", " font-size=\"12\"", "",
               dark ? "#ffffff" : kInk);
      }
    }
  }
  // The scale: a strip from 0 to max_value.
  const double strip = std::min(200.0, kWidth - 16 - left);
  for (int s = 0; s < 20; ++s) {
    c.rect(left + strip * s / 20.0, bottom + 12, strip / 20.0 + 0.5, 10, shade(max_value * (s + 0.5) / 20.0));
  }
  c.text(left, bottom + 36, "0", "middle");
  c.text(left + strip, bottom + 36, display::num(max_value, 3), "middle");
  if (!chart.legend.empty())
    c.text(left + strip / 2, bottom + 36, chart.legend, "middle", fitted(chart.legend, strip - 40));
  return c.finish();
}

}  // namespace mcsens::svg
