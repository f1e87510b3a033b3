// SPDX-License-Identifier: MIT
// The report's SVG charts (src/report/svg_chart.cpp): readable ticks, every finite value drawn and no other, text
// escaped, long labels kept on the canvas.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "report/svg_chart.hpp"

namespace mcsens::svg {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

TEST(SvgChart, TicksAreOneTwoOrFiveTimesAPowerOfTenAndCoverTheRange) {
  const auto ticks = nice_ticks(0.013, 0.87);
  ASSERT_GE(ticks.size(), 2u);
  EXPECT_LE(ticks.front(), 0.013);
  EXPECT_GE(ticks.back(), 0.87);
  const double step = ticks[1] - ticks[0];
  EXPECT_NEAR(step, 0.2, 1e-12);  // 0.857 / 5 = 0.17 -> the next of 1, 2, 5 x 10^-1
  for (std::size_t i = 1; i < ticks.size(); ++i) EXPECT_NEAR(ticks[i] - ticks[i - 1], step, 1e-12);
  const auto big = nice_ticks(-3.2e6, 4.1e6);
  EXPECT_NEAR(big[1] - big[0], 2e6, 1e-3);
  EXPECT_EQ(nice_ticks(1, 1).size(), 1u);  // no range: one tick, no endless loop
}

TEST(SvgChart, AnIntervalChartDrawsADotPerFiniteValueAndAWhiskerPerFiniteInterval) {
  IntervalChart chart;
  chart.rows = {"a", "b", "c"};
  chart.series = {{"S1", {0.1, NAN, 0.5}, {0.05, NAN, NAN}, {0.15, NAN, 0.6}},
                  {"ST", {0.2, 0.3, 0.6}, {0.1, 0.25, 0.55}, {0.3, 0.35, 0.65}}};
  const std::string svg = interval_chart(chart);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
  // 5 finite values + 2 legend dots; 4 complete intervals, each a bar and two caps.
  EXPECT_EQ(count(svg, "<circle"), 7u);
  EXPECT_EQ(count(svg, "stroke-width=\"2\""), 4u);
  EXPECT_NE(svg.find(">S1<"), std::string::npos);  // the legend names both series
  EXPECT_NE(svg.find(">ST<"), std::string::npos);
}

TEST(SvgChart, TextIsEscapedAndLongLabelsAreCutWithTheirWholeNameInATooltip) {
  IntervalChart chart;
  chart.title = "a < b & c";
  chart.rows = {"x<y", "a_very_long_parameter_name_that_goes_on"};
  chart.series = {{"P", {0.5, 0.25}, {0.4, 0.2}, {0.6, 0.3}}};
  chart.x_min = 0;
  chart.x_max = 1;
  const std::string svg = interval_chart(chart);
  EXPECT_NE(svg.find("<title>a &lt; b &amp; c</title>"), std::string::npos);
  EXPECT_NE(svg.find(">x&lt;y<"), std::string::npos);
  EXPECT_EQ(svg.find("x<y"), std::string::npos);
  EXPECT_NE(svg.find("<title>a_very_long_parameter_name_that_goes_on</title>"), std::string::npos);
  EXPECT_NE(svg.find("a_very_long_parameter\xE2\x80\xA6"), std::string::npos);
}

TEST(SvgChart, AnAxisLabelLongerThanTheCanvasIsSqueezedOntoIt) {
  IntervalChart chart;
  chart.rows = {"a"};
  chart.series = {{"P", {0.5}, {0.4}, {0.6}}};
  chart.x_label = std::string(120, 'x');
  const std::string svg = interval_chart(chart);
  EXPECT_NE(svg.find("textLength=\"472.0\""), std::string::npos);
  chart.x_label = "short";
  EXPECT_EQ(interval_chart(chart).find("textLength"), std::string::npos);
}

TEST(SvgChart, AHistogramDrawsOneBarPerNonEmptyBinAndItsMarkers) {
  Histogram h;
  h.edges = {0, 1, 2, 3, 4};
  h.heights = {0.1, 0, 0.5, 0.4};
  h.markers = {{"median", 2.2}, {"off the axis", 99}};
  const std::string svg = histogram_chart(h);
  EXPECT_EQ(count(svg, "stroke=\"#ffffff\" stroke-width=\"0.3\""), 3u);  // the empty bin draws nothing
  EXPECT_NE(svg.find(">median<"), std::string::npos);
  EXPECT_EQ(svg.find("off the axis"), std::string::npos);
}

TEST(SvgChart, ABandChartFillsEachBandAndDrawsTheMedian) {
  BandChart b;
  b.x = {0, 1, 2};
  b.median = {1, 2, 3};
  b.bands = {{"90 %", {0, 1, 2}, {2, 3, 4}}, {"50 %", {0.5, 1.5, 2.5}, {1.5, 2.5, 3.5}}};
  const std::string svg = band_chart(b);
  EXPECT_EQ(count(svg, " Z\" fill=\"#0072B2\""), 2u);
  EXPECT_EQ(count(svg, "fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\""), 1u);
}

TEST(SvgChart, AHeatMapShadesFiniteCellsByValueAndLeavesNaNBlank) {
  HeatMap m;
  m.row_labels = m.column_labels = {"a", "b"};
  m.values = {NAN, 0.8, 0.2, NAN};
  const std::string svg = heat_map(m);
  EXPECT_EQ(count(svg, "fill=\"#f4f4f4\""), 2u);  // the diagonal
  EXPECT_NE(svg.find(">0.8<"), std::string::npos);
  EXPECT_NE(svg.find(">0.2<"), std::string::npos);
}

TEST(SvgChart, TheScatterLabelsOverlappingPointsOnlyOnce) {
  ScatterChart s;
  s.labels = {"big", "p1", "p2"};
  s.x = {10, 0.01, 0.011};
  s.y = {2, 0.01, 0.011};
  const std::string svg = scatter_chart(s);
  EXPECT_NE(svg.find(">big</text>"), std::string::npos);
  EXPECT_NE(svg.find(">p1</text>"), std::string::npos);
  EXPECT_EQ(svg.find("p2</text>"), std::string::npos);                   // on top of p1: not written
  EXPECT_NE(svg.find("<title>p2</title></circle>"), std::string::npos);  // but named by its tooltip
}

}  // namespace
}  // namespace mcsens::svg
