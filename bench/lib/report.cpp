// Terminal tables, JSON, CSV, Markdown and SVG charts from the results JSON.
#include "triton-edge-bench/bench.h"
#include "internal.h"
#include "triton-edge-bench/svg.h"

#include "triton-edge-rt/dtype.h"
#include "triton-edge-rt/safe_write.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace te::bench {

using nlohmann::json;

namespace {

/// A ratio with its paired 95% CI where the row has one ("1.23x [1.20, 1.26]").
std::string withCI(const json &r, const char *key, const char *ciKey, const char *f) {
  char buf[96];
  std::snprintf(buf, sizeof buf, f, r.value(key, 0.0));
  std::string s = buf;
  if (r.contains(ciKey) && r[ciKey].is_array() && r[ciKey].size() == 2) {
    char lo[32], hi[32];
    std::snprintf(lo, sizeof lo, f, r[ciKey][0].get<double>());
    std::snprintf(hi, sizeof hi, f, r[ciKey][1].get<double>());
    s += std::string(" [") + lo + ", " + hi + "]";
  }
  return s;
}

/// Percent of the copy bandwidth (measured beyond the LLC), or "in LLC" for a
/// call whose data fit the last-level cache.
std::string pctBw(const json &r) {
  if (!r.contains("pct_bw")) return "in LLC";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", r["pct_bw"].get<double>());
  return buf;
}


std::string fmtTime(double s) {
  char b[32];
  if (s <= 0) return "-";
  if (s >= 1) std::snprintf(b, sizeof(b), "%.3f s", s);
  else if (s >= 1e-3) std::snprintf(b, sizeof(b), "%.3f ms", s * 1e3);
  else std::snprintf(b, sizeof(b), "%.2f us", s * 1e6);
  return b;
}

std::string fmt(const char *f, double v) {
  char b[64];
  std::snprintf(b, sizeof(b), f, v);
  return b;
}

double med(const json &r) {
  return r.contains("stats") ? r["stats"].value("median_s", 0.0) : 0.0;
}

std::string spread(const json &st) { // "IQR a-b, CI95 c-d"
  return fmtTime(st.value("q1_s", 0.0)) + " .. " + fmtTime(st.value("q3_s", 0.0));
}

std::string ci(const json &st) {
  double m = st.value("median_s", 0.0);
  if (m <= 0 || !st.contains("ci95_lo_s")) return "-";
  return "+-" + fmt("%.1f%%", 100 * (st["ci95_hi_s"].get<double>() - st["ci95_lo_s"].get<double>()) / (2 * m));
}

void mkdirs(const std::string &dir) {
  std::string cur;
  std::stringstream ss(dir);
  std::string part;
  if (!dir.empty() && dir[0] == '/') cur = "/";
  while (std::getline(ss, part, '/')) {
    if (part.empty()) continue;
    cur += part + "/";
    mkdir(cur.c_str(), 0755);
  }
}

void writeFile(const std::string &path, const std::string &text) {
  std::string e = write_file_checked(path, {{text.data(), text.size()}});
  if (!e.empty()) throw Error("cannot write the report: " + e);
}

std::string dbNote(const json &r) { return r.value("note", std::string()); }

/// How `auto` chose its contexts in this run, with the model it used.
std::string autoMode(const json &res) {
  const json cm = res.value("cost_model", json::object());
  std::string ov;
  for (const json &v : cm.value("dispatch_overhead_ns", json::array()))
    ov += (ov.empty() ? "" : "/") + fmt("%.0f", v.get<double>());
  std::string s = res.value("auto_mode", "measured") == "deterministic"
                      ? "deterministic (`--auto=deterministic` or TRITON_EDGE_AUTO=fixed: fixed model, "
                        "nothing measured; the same kernel, size and context limit always choose alike)"
                      : "measured (the cost model calibrated in this run and corrected by timed launches; "
                        "may differ run to run)";
  return s + "; model: " + fmt("%.1f", cm.value("ops_per_ns", 0.0)) + " ops/ns, " +
         fmt("%.1f", cm.value("bytes_per_ns", 0.0)) + " B/ns (1 ctx), " +
         fmt("%.1f", cm.value("bytes_per_ns_all", 0.0)) + " B/ns (all), dispatch ns by contexts " + ov;
}

/// The DB engines forced, each against +Vec+MT (not rungs of the ladder).
void forcedMarkdown(std::ostringstream &o, const json &k) {
  if (k.value("db_forced", json::array()).empty()) return;
  o << "\nDB forced with each DMA engine (not part of the ladder): median and the ratio to "
       "+Vec+MT from paired interleaved samples (above 1 = faster than +Vec+MT), with its 95% CI.\n\n"
       "| variant | contexts | median | IQR | vs +Vec+MT | GB/s | check | note |\n"
       "| --- | ---: | ---: | --- | ---: | ---: | --- | --- |\n";
  for (const json &r : k["db_forced"]) {
    if (r.contains("error")) {
      o << "| " << r["rung"].get<std::string>() << " | " << r["threads"].get<int>() << " | error: "
        << r["error"].get<std::string>() << " | | | | | |\n";
      continue;
    }
    o << "| " << r["rung"].get<std::string>() << " | " << r["threads"].get<int>() << " | "
      << fmtTime(med(r)) << " | " << spread(r["stats"]) << " | "
      << withCI(r, "vs_mt", "vs_mt_ci95", "%.2fx") << " | " << fmt("%.2f", r.value("gbs", 0.0)) << " | "
      << (r.contains("check") ? (r["check"]["ok"].get<bool>() ? "ok" : "FAIL") : "-") << " | "
      << dbNote(r) << " |\n";
  }
}

/// printf to `out`, or nothing when it is null.
__attribute__((format(printf, 2, 3))) void say(std::FILE *out, const char *f, ...) {
  if (!out) return;
  va_list ap;
  va_start(ap, f);
  std::vfprintf(out, f, ap);
  va_end(ap);
}

/// The DB sweep: a table on `out` (when not null) and the Markdown sections.
std::string dbSweep(const json &res, std::FILE *out) {
  std::string md;
  for (const json &d : res["db_sweep"]) {
    if (d.contains("error")) {
      say(out, "\nDB sweep %s: %s\n", d.value("label", "").c_str(),
                  d["error"].get<std::string>().c_str());
      continue;
    }
    char line[512];
    std::snprintf(line, sizeof line, "\nDB sweep: %s, %d context(s); median, ratio to direct\n",
                  d.value("label", "").c_str(), d.value("contexts", 1));
    say(out, "%s", line);
    md += "\n## DB across sizes: " + d.value("label", "") + " (" +
          std::to_string(d.value("contexts", 1)) + " contexts)\n\n"
          "Median latency and ratio to direct access (above 1 = faster than direct), "
          "measured side by side in this run.\n\n| n | direct | staged (sync) | DB async | "
          "DB prefetch |\n| ---: | ---: | ---: | ---: | ---: |\n";
    for (const json &pt : d["points"]) {
      std::string row = "| 2^" + std::to_string(pt.value("log2_n", 0)) + " |";
      say(out, "  n=2^%-3d", pt.value("log2_n", 0));
      for (const json &r : pt["modes"]) {
        if (!r.contains("stats")) {
          say(out, "  %s: error", r.value("mode", "").c_str());
          row += " error |";
          continue;
        }
        double med = r["stats"].value("median_s", 0.0);
        std::snprintf(line, sizeof line, " %.2f us (%.2fx) |", med * 1e6, r.value("vs_direct", 0.0));
        row += line;
        say(out, "  %s %9.2f us %5.2fx", r.value("mode", "").c_str(), med * 1e6,
                    r.value("vs_direct", 0.0));
      }
      say(out, "\n");
      md += row + "\n";
    }
  }
  return md;
}

// ---- Markdown (also the body of the terminal table, in a plainer form) ----

/// "ok", "FAIL", or "-" for a row without a check.
std::string checkCell(const json &r) {
  return r.contains("check") ? (r["check"]["ok"].get<bool>() ? "ok" : "FAIL") : "-";
}

/// Date, command, machine, build, settings, bandwidth and notes; what the
/// columns mean.
void headerMarkdown(std::ostringstream &o, const json &res) {
  const json &m = res["machine"];
  o << "# triton-edge benchmark report\n\n";
  o << "- Date: " << res.value("created", "") << (res.value("quick", false) ? " (quick run: smoke test, not for numbers)" : "") << "\n";
  o << "- Command: `" << res.value("command", "") << "`\n";
  o << "- Machine: " << m.value("cpu_model", "") << ", " << m.value("logical_cpus", 0)
    << " CPUs usable (" << m.value("online_cpus", 0) << " online), " << m.value("isa_level", "")
    << ", LLC " << (m.value("llc_bytes", int64_t(0)) >> 20) << " MiB, host " << m.value("hostname", "") << "\n";
  o << "- Caches:";
  for (const json &c : m["caches"])
    o << " L" << c["level"].get<int>() << c["type"].get<std::string>().substr(0, 1) << " "
      << (c["bytes"].get<int64_t>() >> 10) << " KiB/" << c["shared_by"].get<int>() << "cpu;";
  o << "\n- ISA: ";
  for (const json &f : m["isa"]) o << f.get<std::string>() << " ";
  o << "\n- Build: git " << res["build"].value("git_revision", "") << ", " << res["build"].value("compiler", "") << "\n";
  o << "- Settings: MT rung contexts = " << res["settings"].value("contexts", 0)
    << ", pinned = " << (res["settings"].value("pinned", false) ? "yes" : "no") << "\n";
  o << "- `auto` contexts: " << autoMode(res) << "\n";
  o << "- Measured copy bandwidth (STREAM-like, this process):";
  for (const json &b : res["bandwidth"])
    o << " " << b["threads"].get<int>() << " ctx: " << fmt("%.1f", b["copy_gbs"].get<double>())
      << " GB/s (triad " << fmt("%.1f", b["triad_gbs"].get<double>()) << ");";
  o << "\n";
  for (const json &n : res.value("notes", json::array())) o << "- Note: " << n.get<std::string>() << "\n";
  o << "\nLatency = median of repeated calls; spread = interquartile range; CI = half-width of the 95%\n"
       "confidence interval of the median, relative. Speedups are ratios of medians from this run.\n"
       "Peer ratio = peer median / ours (same inputs, same thread count; > 1: ours is faster).\n";
}

/// The ladder's rungs: median, spread, paired speedups, bandwidth, check.
void rungsMarkdown(std::ostringstream &o, const json &k) {
  o << "\n\n| rung | contexts | median | IQR | CI95 | step | cumulative | GB/s | % BW | check | note |\n"
       "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |\n";
  for (const json &r : k["rungs"]) {
    if (r.contains("error")) {
      o << "| " << r["rung"].get<std::string>() << " | " << r["threads"].get<int>() << " | error: "
        << r["error"].get<std::string>() << " | | | | | | | | |\n";
      continue;
    }
    o << "| " << r["rung"].get<std::string>() << " | " << r["threads"].get<int>() << " | "
      << fmtTime(med(r)) << " | " << spread(r["stats"]) << " | " << ci(r["stats"]) << " | "
      << withCI(r, "speedup_step", "speedup_step_ci95", "%.2fx") << " | "
      << withCI(r, "speedup_cum", "speedup_cum_ci95", "%.2fx") << " | " << fmt("%.2f", r.value("gbs", 0.0))
      << " | " << pctBw(r) << " | " << checkCell(r) << " | " << dbNote(r) << " |\n";
  }
}

/// The peers of a ladder kernel against our best rung.
void ladderPeersMarkdown(std::ostringstream &o, const json &k) {
  if (k.value("peers", json::array()).empty()) return;
  o << "\n| peer | contexts | median | IQR | GB/s | peer / ours | check | what |\n"
       "| --- | ---: | ---: | --- | ---: | ---: | --- | --- |\n";
  for (const json &p : k["peers"])
    o << "| " << p["name"].get<std::string>() << " | " << p["threads"].get<int>() << " | "
      << fmtTime(med(p)) << " | " << spread(p["stats"]) << " | " << fmt("%.2f", p.value("gbs", 0.0))
      << " | " << withCI(p, "ratio_to_ours", "ratio_ci95", "%.2f") << " | " << checkCell(p) << " | "
      << p.value("detail", "") << " |\n";
}

/// One ladder kernel: its workload, rungs, the DB engines forced, peers, charts.
void ladderMarkdown(std::ostringstream &o, const json &k) {
  o << "\n## Ladder: " << k.value("label", "") << " (" << k.value("kernel", "") << ")\n\n";
  if (k.contains("error")) { o << "Error: " << k["error"].get<std::string>() << "\n"; return; }
  o << "Bytes per call " << fmt("%.1f", k.value("bytes_per_call", 0) / 1048576.0) << " MiB, "
    << k.value("programs", 0) << " programs, input sets rotated: " << k.value("rotation_sets", 1)
    << ", cost model's `auto` choice: " << k.value("auto_threads", 0) << " context(s).";
  if (k.contains("compile")) {
    o << " Compile time:";
    for (auto it = k["compile"].begin(); it != k["compile"].end(); ++it)
      o << " " << it.key() << " " << fmt("%.3f s", it.value().value("seconds", 0.0)) << " ("
        << it.value().value("target", "") << ")";
    o << ".";
  }
  rungsMarkdown(o, k);
  forcedMarkdown(o, k);
  ladderPeersMarkdown(o, k);
  std::string label = k.value("label", "");
  o << "\n![ladder " << label << "](ladder_" << label << ".svg) ![peers " << label << "](peers_"
    << label << ".svg)\n";
}

/// One MT sweep: speedup over one context per size and count, auto, the
/// best count, the peers; the crossovers and charts.
void scalingMarkdown(std::ostringstream &o, const json &s) {
  o << "\n## MT scaling: " << s.value("label", "") << "\n\n";
  if (s.contains("error")) { o << "Error: " << s["error"].get<std::string>() << "\n"; return; }
  o << "Speedup over one context (ratio of medians); `auto` = the cost model's choice "
       "(contexts, speedup, time relative to the best measured count).\n\n| n | 1 ctx |";
  std::vector<int> counts = s["contexts"].get<std::vector<int>>();
  for (int t : counts) if (t > 1) o << " " << t << " ctx |";
  o << " auto | best | peers (peer / best ours) |\n| ---: | ---: |";
  for (int t : counts) if (t > 1) o << " ---: |";
  o << " --- | ---: | --- |\n";
  for (const json &pt : s["points"]) {
    o << "| 2^" << pt["log2_n"].get<int>() << " |";
    for (const json &r : pt["runs"]) {
      if (r["threads"] == 1) o << " " << fmtTime(med(r)) << " |";
      else o << " " << fmt("%.2fx", r.value("speedup", 0.0)) << " |";
    }
    const json &a = pt["auto"];
    o << " " << a.value("threads", 0) << " ctx, " << fmt("%.2fx", a.value("speedup", 0.0)) << ", "
      << fmt("%.2f", a.value("regret", 0.0)) << " | " << pt.value("best_threads", 0) << " |";
    for (const json &p : pt.value("peers", json::array()))
      o << " " << p["name"].get<std::string>() << "@" << p["threads"].get<int>() << " "
        << fmt("%.2f", p.value("ratio_to_ours", 0.0)) << ";";
    o << " |\n";
  }
  o << "\nCrossover (smallest n from which every larger size is faster than one context, CIs "
       "not overlapping):";
  for (auto it = s["crossover_n"].begin(); it != s["crossover_n"].end(); ++it)
    o << " " << it.key() << " ctx: " << (it.value().is_null() ? std::string("none") : std::to_string(it.value().get<int64_t>())) << ";";
  o << "\n\n![speedup](scaling_speedup_" << s.value("label", "") << ".svg) ![GB/s](scaling_gbs_"
    << s.value("label", "") << ".svg)\n";
}

std::string markdown(const json &res) {
  std::ostringstream o;
  headerMarkdown(o, res);
  for (const json &k : res["ladder"]) ladderMarkdown(o, k);
  for (const json &s : res["scaling"]) scalingMarkdown(o, s);
  o << dbSweep(res, nullptr);
  return o.str();
}

std::string csv(const json &res) {
  std::ostringstream o;
  o << "section,kernel,what,n,threads,median_s,q1_s,q3_s,ci95_lo_s,ci95_hi_s,samples,speedup_step,speedup_cum,gbs,pct_bw,ratio_to_ours,double_buffered,check_ok,vs_mt\n";
  auto row = [&](const std::string &sec, const std::string &k, const std::string &what, int64_t n,
                 int threads, const json &r) {
    const json st = r.value("stats", json::object());
    // RFC 4180: a field with a comma or a quote is quoted ("DB forced, async").
    auto field = [](const std::string &f) {
      if (f.find_first_of(",\"") == std::string::npos) return f;
      std::string q = "\"";
      for (char c : f) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      return q + "\"";
    };
    o << sec << "," << field(k) << "," << field(what) << "," << n << "," << threads << "," << st.value("median_s", 0.0)
      << "," << st.value("q1_s", 0.0) << "," << st.value("q3_s", 0.0) << "," << st.value("ci95_lo_s", 0.0)
      << "," << st.value("ci95_hi_s", 0.0) << "," << st.value("samples", 0) << ","
      << r.value("speedup_step", 0.0) << "," << r.value("speedup_cum", r.value("speedup", 0.0)) << ","
      << r.value("gbs", 0.0) << "," << r.value("pct_bw", 0.0) << "," << r.value("ratio_to_ours", 0.0)
      << "," << r.value("double_buffered", -1) << ","
      << (r.contains("check") ? (r["check"].value("ok", false) ? "1" : "0") : "") << ","
      << (r.contains("vs_mt") ? fmt("%.6g", r["vs_mt"].get<double>()) : "") << "\n";
  };
  for (const json &k : res["ladder"]) {
    std::string label = k.value("label", "");
    for (const json &r : k.value("rungs", json::array()))
      row("ladder", label, r["rung"].get<std::string>(), 0, r["threads"].get<int>(), r);
    for (const json &r : k.value("db_forced", json::array()))
      row("ladder-db-forced", label, r["rung"].get<std::string>(), 0, r["threads"].get<int>(), r);
    for (const json &p : k.value("peers", json::array()))
      row("ladder-peer", label, p["name"].get<std::string>(), 0, p["threads"].get<int>(), p);
  }
  for (const json &s : res["scaling"]) {
    std::string label = s.value("label", "");
    for (const json &pt : s.value("points", json::array())) {
      int64_t n = pt["n"].get<int64_t>();
      for (const json &r : pt["runs"]) row("scaling", label, "ours", n, r["threads"].get<int>(), r);
      row("scaling", label, "auto", n, pt["auto"].value("threads", 0), pt["auto"]);
      for (const json &p : pt.value("peers", json::array()))
        row("scaling-peer", label, p["name"].get<std::string>(), n, p["threads"].get<int>(), p);
    }
  }
  for (const json &b : res["bandwidth"]) {
    json r = b["copy"];
    o << "bandwidth,copy,stream-copy,0," << b["threads"].get<int>() << "," << r.value("median_s", 0.0)
      << "," << r.value("q1_s", 0.0) << "," << r.value("q3_s", 0.0) << ",,," << r.value("samples", 0)
      << ",,," << b["copy_gbs"].get<double>() << ",100,,,,\n";
  }
  return o.str();
}

// ---- SVG charts ----

/// A rung as a bar of the ladder chart: median (us), IQR whisker, ratio.
svg::Bar rungBar(const json &r, const std::string &label, const std::string &ratio, bool hatched,
                 int index) {
  svg::Bar b;
  b.label = label;
  b.color = svg::color(index);
  b.hatched = hatched;
  if (r.contains("stats")) {
    b.value = med(r) * 1e6;
    b.lo = r["stats"].value("q1_s", 0.0) * 1e6;
    b.hi = r["stats"].value("q3_s", 0.0) * 1e6;
    b.note = fmtTime(med(r)) + "\n" + ratio;
  } else {
    b.note = "error";
  }
  return b;
}

/// ladder_<label>.svg: the rungs' latency with their cumulative speedup,
/// then the forced DB engines, striped (their ratio is to +Vec+MT).
void ladderChart(const json &k, const std::string &dir) {
  std::vector<svg::Bar> bars;
  for (const json &r : k["rungs"]) {
    std::string ratio = fmt("%.2fx", r.value("speedup_cum", 0.0));
    if (r.value("variant", "") == "auto" && r.value("double_buffered", 0) == 0) ratio += " (no DB)";
    bars.push_back(rungBar(r, r["rung"].get<std::string>(), ratio, false, int(bars.size())));
  }
  for (const json &r : k.value("db_forced", json::array())) {
    std::string name = r["rung"].get<std::string>();
    std::string engine = name.substr(name.find(", ") + 2);
    engine = engine.substr(0, engine.find(' '));
    bars.push_back(rungBar(r, "DB forced\n" + engine, fmt("%.2fx vs MT", r.value("vs_mt", 0.0)),
                           true, int(bars.size())));
  }
  std::string label = k.value("label", "");
  writeFile(dir + "/ladder_" + label + ".svg",
            svg::barChart("Ladder: " + label + " (median, IQR; striped: DB forced, vs +Vec+MT)",
                          {"latency (us, log scale)", true, false}, bars));
}

/// peers_<label>.svg: ours (best 1-context and multi-context rung) vs the
/// peers vs the copy bandwidth `bwN`, as GB/s.
void peersChart(const json &k, double bwN, const std::string &dir) {
  std::vector<svg::Bar> pb;
  double best1 = 0, bestN = 0;
  for (const json &r : k["rungs"]) {
    double g = r.value("gbs", 0.0);
    if (r.value("threads", 1) == 1) best1 = std::max(best1, g);
    else bestN = std::max(bestN, g);
  }
  pb.push_back({"ours 1 ctx", "", best1, 0, 0, svg::color(0)});
  pb.push_back({"ours MT", "", bestN, 0, 0, svg::color(0)});
  int c = 1;
  for (const json &p : k.value("peers", json::array()))
    pb.push_back({p["name"].get<std::string>() + " " + std::to_string(p["threads"].get<int>()) + "ctx", "",
                  p.value("gbs", 0.0), 0, 0, svg::color(c++)});
  pb.push_back({"copy BW", "", bwN, 0, 0, "#999999"});
  for (svg::Bar &b : pb) b.note = fmt("%.1f", b.value);
  std::string label = k.value("label", "");
  writeFile(dir + "/peers_" + label + ".svg",
            svg::barChart("Ours vs peers vs measured copy bandwidth: " + label,
                          {"achieved GB/s (bytes touched / median)", false, false}, pb));
}

/// One colour per context count in both scaling charts (1/2/4/8/16 fixed);
/// other counts and the peers take the rest of the palette in turn.
class ScalingPalette {
public:
  std::string forCount(int t) {
    if (!colors.count(t)) colors[t] = next();
    return colors[t];
  }
  std::string next() {
    static const char *rest[] = {"#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
                                 "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"};
    return rest[nextRest++ % 10];
  }

private:
  int nextRest = 0;
  std::map<int, std::string> colors = {{1, "#7f7f7f"}, {2, "#1f77b4"}, {4, "#ff7f0e"},
                                       {8, "#2ca02c"}, {16, "#d62728"}};
};

/// Ours over the sizes: the speedup chart gets one line per power-of-two
/// count (1, 2, 4, 8, 16) present, so that it reads at a glance; the GB/s
/// chart keeps every count.
void oursSeries(const json &s, ScalingPalette &palette, std::vector<svg::Series> &speedup,
                std::vector<svg::Series> &gbs) {
  std::vector<int> counts = s["contexts"].get<std::vector<int>>();
  std::vector<int> shown;
  for (int t : counts)
    if (t == 1 || t == 2 || t == 4 || t == 8 || t == 16) shown.push_back(t);
  if (shown.size() < 2) shown = counts;
  for (int t : counts) {
    svg::Series a{std::to_string(t) + (t == 1 ? " ctx (baseline)" : " ctx"), palette.forCount(t), {}, {}, false, {}};
    svg::Series g = a;
    g.name = std::to_string(t) + " ctx";
    for (const json &pt : s["points"])
      for (const json &r : pt["runs"])
        if (r["threads"] == t && r.contains("stats")) {
          a.x.push_back(pt["log2_n"].get<int>());
          a.y.push_back(r.value("speedup", 0.0));
          g.x.push_back(pt["log2_n"].get<int>());
          g.y.push_back(r.value("gbs", 0.0));
        }
    if (std::find(shown.begin(), shown.end(), t) != shown.end()) speedup.push_back(a);
    gbs.push_back(g);
  }
}

/// auto: dashed black, each point labelled with the count it chose.
svg::Series autoSeries(const json &res, const json &s) {
  svg::Series au{"auto (" + res.value("auto_mode", std::string("measured")) + ")", "#000000", {}, {}, true, {}};
  for (const json &pt : s["points"]) {
    au.x.push_back(pt["log2_n"].get<int>());
    au.y.push_back(pt["auto"].value("speedup", 0.0));
    au.labels.push_back("k=" + std::to_string(pt["auto"].value("threads", 0)));
  }
  return au;
}

/// The peers' GB/s (one line per peer and thread count), then the copy
/// bandwidth `bwN` as a dashed line.
void peerSeries(const json &s, double bwN, ScalingPalette &palette, std::vector<svg::Series> &gbs) {
  std::map<std::string, svg::Series> peers;
  for (const json &pt : s["points"])
    for (const json &p : pt.value("peers", json::array())) {
      std::string name = p["name"].get<std::string>() + " " + std::to_string(p["threads"].get<int>()) + "ctx";
      svg::Series &sr = peers[name];
      sr.name = name;
      sr.x.push_back(pt["log2_n"].get<int>());
      sr.y.push_back(p.value("gbs", 0.0));
    }
  for (auto &kv : peers) { kv.second.color = palette.next(); gbs.push_back(kv.second); }
  svg::Series lim{"copy BW", "#999999", {}, {}, true};
  if (!s["points"].empty()) {
    lim.x = {double(s["points"].front()["log2_n"].get<int>()), double(s["points"].back()["log2_n"].get<int>())};
    lim.y = {bwN, bwN};
  }
  gbs.push_back(lim);
}

/// scaling_speedup_<label>.svg and scaling_gbs_<label>.svg; the first
/// sweep's also under the names they had before there were several.
void scalingCharts(const json &res, const json &s, double bwN, const std::string &dir, bool first) {
  ScalingPalette palette;
  std::vector<svg::Series> sp, gb;
  oursSeries(s, palette, sp, gb);
  sp.push_back(autoSeries(res, s));
  peerSeries(s, bwN, palette, gb);
  std::string label = s.value("label", "");
  std::string speedup = svg::lineChart("MT scaling: " + label + ", speedup over one context",
                                       {"elements (log2 scale)", false, true},
                                       {"speedup over 1 context (x)", false, false}, sp);
  std::string gbs = svg::lineChart("Achieved bandwidth: " + label + ", ours vs peers vs copy bandwidth",
                                   {"elements (log2 scale)", false, true}, {"GB/s", true, false}, gb);
  writeFile(dir + "/scaling_speedup_" + label + ".svg", speedup);
  writeFile(dir + "/scaling_gbs_" + label + ".svg", gbs);
  if (first) {
    writeFile(dir + "/scaling_speedup.svg", speedup);
    writeFile(dir + "/scaling_gbs.svg", gbs);
  }
}

void charts(const json &res, const std::string &dir) {
  double bwN = 0;
  for (const json &b : res["bandwidth"]) bwN = std::max(bwN, b.value("copy_gbs", 0.0));
  for (const json &k : res["ladder"]) {
    if (!k.contains("rungs")) continue;
    ladderChart(k, dir);
    peersChart(k, bwN, dir);
  }
  bool first = true;
  for (const json &s : res["scaling"]) {
    if (!s.contains("points")) continue;
    scalingCharts(res, s, bwN, dir, first);
    first = false;
  }
}

} // namespace

void print_tables(const json &res, std::FILE *out) {
  for (const json &b : res["bandwidth"])
    std::fprintf(out, "copy bandwidth, %d context(s): %.1f GB/s\n", b["threads"].get<int>(),
                 b["copy_gbs"].get<double>());
  std::fprintf(out, "auto contexts: %s\n", autoMode(res).c_str());
  for (const json &k : res["ladder"]) {
    std::fprintf(out, "\n%s (%s)\n", k.value("label", "").c_str(), k.value("kernel", "").c_str());
    if (k.contains("error")) { std::fprintf(out, "  error: %s\n", k["error"].get<std::string>().c_str()); continue; }
    std::fprintf(out, "  %-12s %4s %12s %26s %8s %8s %8s %7s %6s %5s  %s\n", "rung", "ctx", "median",
                 "IQR", "CI95", "step", "cum", "GB/s", "%BW", "check", "note");
    for (const json &r : k["rungs"]) {
      if (r.contains("error")) {
        std::fprintf(out, "  %-12s %4d error: %s\n", r["rung"].get<std::string>().c_str(),
                     r["threads"].get<int>(), r["error"].get<std::string>().c_str());
        continue;
      }
      std::fprintf(out, "  %-12s %4d %12s %26s %8s %7.2fx %7.2fx %7.2f %6s %5s  %s\n",
                   r["rung"].get<std::string>().c_str(), r["threads"].get<int>(), fmtTime(med(r)).c_str(),
                   spread(r["stats"]).c_str(), ci(r["stats"]).c_str(), r.value("speedup_step", 0.0),
                   r.value("speedup_cum", 0.0), r.value("gbs", 0.0), pctBw(r).c_str(),
                   r.contains("check") ? (r["check"]["ok"].get<bool>() ? "ok" : "FAIL") : "-",
                   dbNote(r).c_str());
    }
    for (const json &r : k.value("db_forced", json::array())) {
      if (r.contains("error")) {
        std::fprintf(out, "  %-32s error: %s\n", r["rung"].get<std::string>().c_str(),
                     r["error"].get<std::string>().c_str());
        continue;
      }
      std::fprintf(out, "  %-32s %4d %12s  vs +Vec+MT %s  %5s  %s\n", r["rung"].get<std::string>().c_str(),
                   r["threads"].get<int>(), fmtTime(med(r)).c_str(),
                   withCI(r, "vs_mt", "vs_mt_ci95", "%.2fx").c_str(),
                   r.contains("check") ? (r["check"]["ok"].get<bool>() ? "ok" : "FAIL") : "-",
                   dbNote(r).c_str());
    }
    for (const json &p : k.value("peers", json::array()))
      std::fprintf(out, "  peer %-12s %2d %12s %26s %8s  peer/ours %s  %s  [%s]\n",
                   p["name"].get<std::string>().c_str(), p["threads"].get<int>(), fmtTime(med(p)).c_str(),
                   spread(p["stats"]).c_str(), "", withCI(p, "ratio_to_ours", "ratio_ci95", "%.2f").c_str(),
                   p.contains("check") ? (p["check"]["ok"].get<bool>() ? "ok" : "FAIL") : "-",
                   p.value("detail", "").c_str());
  }
  for (const json &s : res["scaling"]) {
    std::fprintf(out, "\nMT scaling: %s\n", s.value("label", "").c_str());
    if (s.contains("error")) { std::fprintf(out, "  error: %s\n", s["error"].get<std::string>().c_str()); continue; }
    for (const json &pt : s["points"]) {
      std::fprintf(out, "  n=2^%-3d", pt["log2_n"].get<int>());
      for (const json &r : pt["runs"]) {
        if (r["threads"] == 1) std::fprintf(out, " 1ctx %11s", fmtTime(med(r)).c_str());
        else std::fprintf(out, "  %dctx %5.2fx", r["threads"].get<int>(), r.value("speedup", 0.0));
      }
      std::fprintf(out, "  auto=%d %5.2fx", pt["auto"].value("threads", 0), pt["auto"].value("speedup", 0.0));
      for (const json &p : pt.value("peers", json::array()))
        std::fprintf(out, "  %s@%d %.2f", p["name"].get<std::string>().c_str(), p["threads"].get<int>(),
                     p.value("ratio_to_ours", 0.0));
      std::fprintf(out, "\n");
    }
    for (auto it = s["crossover_n"].begin(); it != s["crossover_n"].end(); ++it)
      std::fprintf(out, "  crossover %s ctx: %s\n", it.key().c_str(),
                   it.value().is_null() ? "none in range" : std::to_string(it.value().get<int64_t>()).c_str());
  }
  dbSweep(res, out);
  std::fflush(out);
}

void write_reports(const json &res, const std::string &dir) {
  mkdirs(dir);
  writeFile(dir + "/results.json", res.dump(1) + "\n");
  writeFile(dir + "/results.csv", csv(res));
  writeFile(dir + "/report.md", markdown(res));
  charts(res, dir);
}

} // namespace te::bench
