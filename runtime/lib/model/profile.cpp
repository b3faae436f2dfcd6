// Loading and validating NPU profiles (targets/*.json).
#include "triton-edge-model/profile.h"

#include "triton-edge-rt/dtype.h"

#include "triton-edge-rt/input_limits.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace te::npu {
namespace {

using json = nlohmann::json;

// Splits "a.b.c" into its parts.
std::vector<std::string> path_of(const std::string &key) {
  std::vector<std::string> parts;
  std::stringstream ss(key);
  std::string p;
  while (std::getline(ss, p, '.')) parts.push_back(p);
  return parts;
}

// Applies one "field=value" to the profile's JSON. The field is a dotted path
// from the top (contexts, model.dma.bandwidth_gbs) or from "model"
// (dma.bandwidth_gbs); it must already exist and keeps its JSON type.
void apply_override(json &j, const std::string &source, const std::string &ov) {
  size_t eq = ov.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error(source + ": --profile-set takes FIELD=VALUE, got '" + ov + "'");
  std::string key = ov.substr(0, eq), value = ov.substr(eq + 1);
  for (json *root : {&j, j.contains("model") ? &j["model"] : nullptr}) {
    if (!root) continue;
    json *cur = root;
    for (const std::string &p : path_of(key)) {
      if (!cur->is_object() || !cur->contains(p)) { cur = nullptr; break; }
      cur = &(*cur)[p];
    }
    if (!cur || cur->is_object()) continue;
    json parsed;
    if (cur->is_string()) { // a word (compute_cost=packets): taken as written
      *cur = value;
      return;
    }
    try {
      parsed = json::parse(value);
    } catch (const std::exception &) {
      throw Error(source + ": field " + key + ": value '" + value + "' is not a number or boolean");
    }
    if (cur->is_boolean() != parsed.is_boolean() || cur->is_number() != parsed.is_number())
      throw Error(source + ": field " + key + ": value '" + value + "' has the wrong type");
    *cur = parsed;
    return;
  }
  throw Error(source + ": --profile-set: unknown field '" + key + "'");
}

struct Reader {
  const json &root;
  const std::string &source;

  const json &at(const std::string &path) const {
    const json *cur = &root;
    for (const std::string &p : path_of(path)) {
      if (!cur->is_object() || !cur->contains(p))
        throw Error(source + ": missing field " + path);
      cur = &(*cur)[p];
    }
    return *cur;
  }
  double num(const std::string &path, double lo, double hi, bool lo_open = false) const {
    const json &v = at(path);
    if (!v.is_number()) throw Error(source + ": field " + path + ": expected a number");
    double d = v.get<double>();
    if (!std::isfinite(d) || d < lo || d > hi || (lo_open && d == lo)) {
      std::ostringstream os;
      os << source << ": field " << path << ": " << d << " is out of range ("
         << (lo_open ? "(" : "[") << lo << ", " << hi << "])";
      throw Error(os.str());
    }
    return d;
  }
  int64_t integer(const std::string &path, int64_t lo, int64_t hi) const {
    double d = num(path, static_cast<double>(lo), static_cast<double>(hi));
    if (d != std::floor(d)) throw Error(source + ": field " + path + ": expected an integer");
    return static_cast<int64_t>(d);
  }
  /// Every object of the model holds only the fields it documents (a
  /// misspelt field would otherwise be silently left at its default).
  void only_known() const {
    static const std::map<std::string, std::set<std::string>> known = {
        {"model", {"clock_ghz", "compute", "compute_cost", "ddr", "dma", "mt"}},
        {"model.compute",
         {"scalar_op_cycles", "scalar_ldst_cycles", "vector_int_op_cycles",
          "vector_fp_op_cycles", "vector_ldst_cycles", "transcendental_cycles",
          "loop_overhead_cycles"}},
        {"model.ddr",
         {"bandwidth_gbs", "latency_ns", "scalar_mlp", "vector_mlp", "store_allocate"}},
        {"model.dma", {"setup_ns", "bandwidth_gbs", "chunk_bytes"}},
        {"model.mt", {"launch_ns"}},
    };
    for (const auto &[path, fields] : known) {
      const json &obj = at(path);
      if (!obj.is_object()) throw Error(source + ": field " + path + ": expected an object");
      for (auto it = obj.begin(); it != obj.end(); ++it)
        if (!fields.count(it.key()))
          throw Error(source + ": field " + path + "." + it.key() +
                      ": unknown field (docs/npu-model.md lists the fields)");
    }
  }
  bool boolean(const std::string &path) const {
    const json &v = at(path);
    if (!v.is_boolean()) throw Error(source + ": field " + path + ": expected true or false");
    return v.get<bool>();
  }
  std::string str(const std::string &path) const {
    const json &v = at(path);
    if (!v.is_string()) throw Error(source + ": field " + path + ": expected a string");
    return v.get<std::string>();
  }
};

/// The profile text as JSON; a syntax error names the file.
json parse_json(const std::string &text, const std::string &source) {
  check_nesting(text, source, /*mlir=*/false);
  try {
    return json::parse(text);
  } catch (const json::parse_error &e) {
    throw Error(source + ": malformed profile: " + e.what());
  }
}

} // namespace

std::string apply_overrides(const std::string &text, const std::string &source,
                            const std::vector<std::string> &overrides) {
  json j = parse_json(text, source);
  for (const std::string &ov : overrides) apply_override(j, source, ov);
  return j.dump(2);
}

Profile parse_profile(const std::string &text, const std::string &source,
                      const std::vector<std::string> &overrides) {
  json j = parse_json(text, source);
  if (!j.is_object()) throw Error(source + ": a profile is a JSON object");
  for (const std::string &ov : overrides) apply_override(j, source, ov);
  Reader r{j, source};
  r.only_known();
  Profile p;
  p.source = source;
  p.name = r.str("name");
  if (j.contains("description")) p.description = r.str("description");
  p.vector_bytes = r.integer("vector_bytes", 4, 256);
  if (p.vector_bytes & (p.vector_bytes - 1))
    throw Error(source + ": field vector_bytes: must be a power of two");
  p.contexts = r.integer("contexts", 1, 256);
  p.scratchpad_bytes = r.integer("scratchpad_bytes", 0, int64_t(1) << 40);
  p.dma_engines = r.integer("dma_engines", 0, 256);
  p.clock_ghz = r.num("model.clock_ghz", 0.001, 100);
  ComputeCosts &c = p.compute;
  c.scalar_op = r.num("model.compute.scalar_op_cycles", 0, 1e6);
  c.scalar_ldst = r.num("model.compute.scalar_ldst_cycles", 0, 1e6);
  c.vector_int_op = r.num("model.compute.vector_int_op_cycles", 0, 1e6);
  c.vector_fp_op = r.num("model.compute.vector_fp_op_cycles", 0, 1e6);
  c.vector_ldst = r.num("model.compute.vector_ldst_cycles", 0, 1e6);
  c.transcendental = r.num("model.compute.transcendental_cycles", 0, 1e6);
  c.loop_overhead = r.num("model.compute.loop_overhead_cycles", 0, 1e6);
  // Optional: profiles written before it existed price compute by operation.
  if (j["model"].contains("compute_cost")) {
    std::string cost = r.str("model.compute_cost");
    if (cost == "ops")
      p.compute_cost = ComputeCostSource::Ops;
    else if (cost == "packets")
      p.compute_cost = ComputeCostSource::Packets;
    else
      throw Error(source + ": field model.compute_cost: '" + cost +
                  "' is not one of \"ops\", \"packets\"");
  }
  p.ddr_bandwidth_gbs = r.num("model.ddr.bandwidth_gbs", 0.001, 1e5);
  p.ddr_latency_ns = r.num("model.ddr.latency_ns", 0, 1e6);
  p.scalar_mlp = r.num("model.ddr.scalar_mlp", 0.01, 1e4);
  p.vector_mlp = r.num("model.ddr.vector_mlp", 0.01, 1e4);
  p.store_allocate = r.boolean("model.ddr.store_allocate");
  p.dma_setup_ns = r.num("model.dma.setup_ns", 0, 1e9);
  p.dma_bandwidth_gbs = r.num("model.dma.bandwidth_gbs", 0.001, 1e5);
  p.dma_chunk_bytes = r.integer("model.dma.chunk_bytes", 64, int64_t(1) << 30);
  p.mt_launch_ns = r.num("model.mt.launch_ns", 0, 1e12);
  p.json_text = j.dump(2);
  return p;
}

Profile load_profile(const std::string &path, const std::vector<std::string> &overrides) {
  return parse_profile(read_bounded_file(path, kMaxJsonBytes), path, overrides);
}

std::string try_load_profile(const std::string &path, Profile &out) {
  try {
    out = load_profile(path);
    return "";
  } catch (const std::exception &e) {
    return e.what();
  }
}

} // namespace te::npu
