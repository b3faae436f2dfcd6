#include "triton-edge-bench/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace te::bench::svg {

namespace {

constexpr double W = 760, H = 420, L = 80, T = 50, B = 70;
constexpr double RLegend = 180, RBars = 20; // right margin: line charts keep room for the legend

std::string esc(const std::string &s) {
  std::string o;
  for (char c : s) {
    if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '&') o += "&amp;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

std::string num(double v) {
  char buf[32];
  double a = std::fabs(v);
  if (a != 0 && (a >= 1e5 || a < 1e-2)) std::snprintf(buf, sizeof(buf), "%.2g", v);
  else if (a >= 100) std::snprintf(buf, sizeof(buf), "%.0f", v);
  else std::snprintf(buf, sizeof(buf), "%.3g", v);
  return buf;
}

struct Scale {
  double lo, hi, p0, p1; // data range -> pixel range
  bool log;
  double operator()(double v) const {
    if (log) {
      v = std::max(v, lo);
      return p0 + (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) * (p1 - p0);
    }
    return p0 + (v - lo) / (hi - lo) * (p1 - p0);
  }
};

// Round values of the 1-2-5 series at or below / at or above v (> 0).
double niceDown(double v) {
  double d = std::pow(10, std::floor(std::log10(v)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * d <= v * (1 + 1e-9)) return m * d;
  return d;
}
double niceUp(double v) {
  double d = std::pow(10, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * d >= v * (1 - 1e-9)) return m * d;
  return 10 * d;
}

std::vector<double> ticks(double lo, double hi, bool log) {
  std::vector<double> t;
  if (log) {
    // 1-2-5 within each decade while the range spans few decades, else decades.
    bool fine = hi / lo <= 1000;
    for (double d = std::pow(10, std::floor(std::log10(lo))); d <= hi * 1.0001; d *= 10)
      for (double m : {1.0, 2.0, 5.0})
        if ((fine || m == 1.0) && m * d >= lo * 0.9999 && m * d <= hi * 1.0001) t.push_back(m * d);
    if (t.size() < 2) { t.clear(); t.push_back(lo); t.push_back(hi); }
    return t;
  }
  double span = hi - lo, step = std::pow(10, std::floor(std::log10(span / 5)));
  if (span / step > 10) step *= 2;
  if (span / step > 10) step *= 2.5;
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-6; v += step) t.push_back(v);
  return t;
}

// Lines of a label ('\n' separated), stacked upwards from baseline y.
void textLines(std::ostringstream &o, double x, double y, const std::string &text,
               const char *extra = "") {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string l; std::getline(ss, l, '\n');) lines.push_back(l);
  for (size_t i = 0; i < lines.size(); ++i)
    o << "<text x=\"" << x << "\" y=\"" << y - 14.0 * (lines.size() - 1 - i)
      << "\" text-anchor=\"middle\"" << extra << ">" << esc(lines[i]) << "</text>\n";
}

void header(std::ostringstream &o, const std::string &title) {
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H
    << "\" viewBox=\"0 0 " << W << " " << H << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    << "<text x=\"" << W / 2 << "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">" << esc(title)
    << "</text>\n";
}

void yAxis(std::ostringstream &o, const Scale &s, const Axis &a, double R) {
  for (double t : ticks(s.lo, s.hi, s.log)) {
    double y = s(t);
    o << "<line x1=\"" << L << "\" x2=\"" << W - R << "\" y1=\"" << y << "\" y2=\"" << y
      << "\" stroke=\"#ddd\"/>\n<text x=\"" << L - 6 << "\" y=\"" << y + 4
      << "\" text-anchor=\"end\">" << num(t) << "</text>\n";
  }
  o << "<text transform=\"translate(18," << (T + H - B) / 2 << ") rotate(-90)\" text-anchor=\"middle\">"
    << esc(a.title) << "</text>\n"
    << "<line x1=\"" << L << "\" x2=\"" << L << "\" y1=\"" << T << "\" y2=\"" << H - B
    << "\" stroke=\"black\"/>\n<line x1=\"" << L << "\" x2=\"" << W - R << "\" y1=\"" << H - B
    << "\" y2=\"" << H - B << "\" stroke=\"black\"/>\n";
}

void range(double &lo, double &hi, bool log) {
  if (!(hi > lo)) { hi = lo + 1; }
  if (log) {
    lo = niceDown(lo);
    hi = niceUp(hi);
  } else {
    double pad = (hi - lo) * 0.08;
    lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
    hi += pad;
  }
}

} // namespace

std::string color(int i) {
  static const char *p[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  return p[((i % 10) + 10) % 10];
}

std::string barChart(const std::string &title, const Axis &ya, const std::vector<Bar> &bars) {
  const double R = RBars;
  std::ostringstream o;
  header(o, title);
  double lo = 1e300, hi = 0;
  for (const Bar &b : bars) {
    if (b.value <= 0) continue;
    lo = std::min(lo, b.lo > 0 ? std::min(b.lo, b.value) : b.value);
    hi = std::max(hi, std::max(b.hi, b.value));
  }
  if (hi <= 0) { lo = 1; hi = 10; }
  if (ya.log) {
    // The baseline is a round value clearly below the smallest bar or
    // whisker (every bar keeps a height); the top leaves room for labels.
    lo = niceDown(lo / 1.5);
    hi = niceUp(hi * 2.0);
  } else {
    lo = 0;
    hi = hi * 1.2;
  }
  Scale s{lo, hi, H - B, T, ya.log};
  yAxis(o, s, ya, R);
  double slot = (W - L - R) / std::max<size_t>(1, bars.size()), bw = slot * 0.6;
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar &b = bars[i];
    double x = L + slot * i + (slot - bw) / 2;
    std::string fill = b.color.empty() ? color(int(i)) : b.color;
    if (b.value > 0) {
      double y = s(b.value);
      o << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << bw << "\" height=\""
        << (H - B) - y << "\" fill=\"" << fill << "\"" << (b.hatched ? " fill-opacity=\"0.45\"" : "")
        << "/>\n";
      if (b.hatched)
        for (double hy = H - B - 8; hy > y; hy -= 8)
          o << "<line x1=\"" << x << "\" x2=\"" << x + bw << "\" y1=\"" << hy << "\" y2=\""
            << std::max(y, hy - 8) << "\" stroke=\"" << fill << "\"/>\n";
      double top = y;
      if (b.lo > 0 && b.hi > 0) {
        double cx = x + bw / 2;
        o << "<line x1=\"" << cx << "\" x2=\"" << cx << "\" y1=\"" << s(b.lo) << "\" y2=\""
          << s(b.hi) << "\" stroke=\"black\"/>\n";
        for (double v : {b.lo, b.hi})
          o << "<line x1=\"" << cx - 5 << "\" x2=\"" << cx + 5 << "\" y1=\"" << s(v) << "\" y2=\""
            << s(v) << "\" stroke=\"black\"/>\n";
        top = std::min(top, s(b.hi));
      }
      textLines(o, x + bw / 2, top - 6, b.note, " font-size=\"11\"");
    }
    // Labels hang below the axis, one line per '\n'.
    std::stringstream ss(b.label);
    int line = 0;
    for (std::string l; std::getline(ss, l, '\n'); ++line)
      o << "<text x=\"" << x + bw / 2 << "\" y=\"" << H - B + 16 + 13 * line
        << "\" text-anchor=\"middle\" font-size=\"11\">" << esc(l) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

std::string lineChart(const std::string &title, const Axis &xa, const Axis &ya,
                      const std::vector<Series> &series) {
  const double R = RLegend;
  std::ostringstream o;
  header(o, title);
  double xlo = 1e300, xhi = -1e300, ylo = 1e300, yhi = -1e300;
  for (const Series &sr : series)
    for (size_t i = 0; i < sr.x.size() && i < sr.y.size(); ++i) {
      if (ya.log && sr.y[i] <= 0) continue;
      xlo = std::min(xlo, sr.x[i]); xhi = std::max(xhi, sr.x[i]);
      ylo = std::min(ylo, sr.y[i]); yhi = std::max(yhi, sr.y[i]);
    }
  if (xlo > xhi) { xlo = 0; xhi = 1; ylo = 0; yhi = 1; }
  if (!(xhi > xlo)) xhi = xlo + 1;
  if (!ya.log) ylo = std::min(ylo, 0.0);
  range(ylo, yhi, ya.log);
  Scale sx{xlo, xhi, L, W - R, xa.log};
  Scale sy{ylo, yhi, H - B, T, ya.log};
  yAxis(o, sy, ya, R);
  // x ticks at every data x of the first series (sizes are powers of two).
  std::vector<double> xs;
  for (const Series &sr : series) xs.insert(xs.end(), sr.x.begin(), sr.x.end());
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  size_t every = std::max<size_t>(1, xs.size() / 12);
  for (size_t i = 0; i < xs.size(); i += every) {
    double x = sx(xs[i]);
    std::string lab = xa.log2Labels ? "2^" + num(xs[i]) : num(xs[i]);
    o << "<line x1=\"" << x << "\" x2=\"" << x << "\" y1=\"" << H - B << "\" y2=\"" << H - B + 4
      << "\" stroke=\"black\"/>\n<text x=\"" << x << "\" y=\"" << H - B + 18
      << "\" text-anchor=\"middle\" font-size=\"11\">" << esc(lab) << "</text>\n";
  }
  o << "<text x=\"" << (L + W - R) / 2 << "\" y=\"" << H - 20 << "\" text-anchor=\"middle\">"
    << esc(xa.title) << "</text>\n";
  for (size_t k = 0; k < series.size(); ++k) {
    const Series &sr = series[k];
    std::string c = sr.color.empty() ? color(int(k)) : sr.color;
    o << "<polyline fill=\"none\" stroke=\"" << c << "\" stroke-width=\"2\""
      << (sr.dashed ? " stroke-dasharray=\"6,4\"" : "") << " points=\"";
    for (size_t i = 0; i < sr.x.size() && i < sr.y.size(); ++i)
      if (!ya.log || sr.y[i] > 0) o << sx(sr.x[i]) << "," << sy(sr.y[i]) << " ";
    o << "\"/>\n";
    for (size_t i = 0; i < sr.x.size() && i < sr.y.size(); ++i) {
      if (ya.log && sr.y[i] <= 0) continue;
      // Dashed series get hollow markers (the points stay visible on other lines).
      o << "<circle cx=\"" << sx(sr.x[i]) << "\" cy=\"" << sy(sr.y[i]) << "\" r=\"3\" "
        << (sr.dashed ? "fill=\"white\" stroke=\"" + c + "\"" : "fill=\"" + c + "\"") << "/>\n";
      if (i < sr.labels.size() && !sr.labels[i].empty())
        o << "<text x=\"" << sx(sr.x[i]) << "\" y=\"" << sy(sr.y[i]) - 7
          << "\" text-anchor=\"middle\" font-size=\"10\" fill=\"" << c << "\">" << esc(sr.labels[i])
          << "</text>\n";
    }
    double ly = T + 10 + 18 * k;
    o << "<line x1=\"" << W - R + 12 << "\" x2=\"" << W - R + 36 << "\" y1=\"" << ly << "\" y2=\""
      << ly << "\" stroke=\"" << c << "\" stroke-width=\"2\""
      << (sr.dashed ? " stroke-dasharray=\"6,4\"" : "") << "/>\n<text x=\"" << W - R + 42
      << "\" y=\"" << ly + 4 << "\" font-size=\"11\">" << esc(sr.name) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

} // namespace te::bench::svg
