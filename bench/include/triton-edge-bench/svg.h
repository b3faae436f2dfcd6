// A small SVG chart writer: bar charts with whiskers and line charts, linear
// or log axes. Enough for the benchmark's figures; no plotting library.
#ifndef TRITON_EDGE_BENCH_SVG_H
#define TRITON_EDGE_BENCH_SVG_H

#include <string>
#include <vector>

namespace te::bench::svg {

struct Bar {
  std::string label, note; // note: printed above the bar (and its whisker); '\n' splits lines
  double value = 0, lo = 0, hi = 0; // lo/hi: whisker (0 = none)
  std::string color;
  bool hatched = false; // drawn lighter and striped (rows outside the main comparison)
};

struct Series {
  std::string name, color;
  std::vector<double> x, y;
  bool dashed = false;
  std::vector<std::string> labels = {}; // optional, one per point: printed next to it
};

struct Axis {
  std::string title;
  bool log = false;
  bool log2Labels = false; // label ticks as 2^k
};

// Log axes start at a round value below the smallest value or whisker, so
// that no bar has zero height.
std::string barChart(const std::string &title, const Axis &y, const std::vector<Bar> &bars);
std::string lineChart(const std::string &title, const Axis &x, const Axis &y,
                      const std::vector<Series> &series);
// Palette entry i.
std::string color(int i);

} // namespace te::bench::svg

#endif
