// The manifest: which compiled .so is which rung of which kernel.
#include "triton-edge-bench/bench.h"

#include "triton-edge-rt/dtype.h"
#include "triton-edge-rt/safe_write.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace te::bench {

using nlohmann::json;

static json toJson(const KernelEntry &k) {
  json j = {{"label", k.label}, {"case_dir", k.case_dir}, {"kernel", k.kernel}};
  j["variants"] = json::array();
  for (const Variant &v : k.variants)
    j["variants"].push_back({{"id", v.id}, {"target", v.target}, {"so", v.so},
                             {"flags", v.flags}, {"compile_s", v.compile_s}});
  return j;
}

static KernelEntry fromJson(const json &j) {
  KernelEntry k;
  k.label = j.at("label").get<std::string>();
  k.case_dir = j.at("case_dir").get<std::string>();
  k.kernel = j.at("kernel").get<std::string>();
  for (const json &v : j.at("variants"))
    k.variants.push_back({v.at("id").get<std::string>(), v.at("target").get<std::string>(),
                          v.at("so").get<std::string>(), v.value("flags", std::string()),
                          v.value("compile_s", 0.0)});
  return k;
}

Manifest Manifest::read(const std::string &path) {
  std::ifstream f(path);
  if (!f) throw Error("cannot open manifest '" + path + "'");
  json j;
  try {
    f >> j;
    Manifest m;
    auto slash = path.rfind('/');
    m.base_dir = slash == std::string::npos ? "." : path.substr(0, slash);
    m.git_revision = j.value("git_revision", std::string());
    m.compiler = j.value("compiler", std::string());
    m.created_on = j.value("created_on", std::string());
    for (const json &k : j.at("ladder")) m.ladder.push_back(fromJson(k));
    for (const json &k : j.at("scaling")) m.scaling.push_back(fromJson(k));
    return m;
  } catch (const json::exception &e) {
    throw Error("malformed manifest '" + path + "': " + e.what());
  }
}

void Manifest::write(const std::string &path) const {
  json j = {{"format", "triton-edge-bench-manifest-1"}, {"git_revision", git_revision},
            {"compiler", compiler}, {"created_on", created_on}};
  j["ladder"] = json::array();
  j["scaling"] = json::array();
  for (const KernelEntry &k : ladder) j["ladder"].push_back(toJson(k));
  for (const KernelEntry &k : scaling) j["scaling"].push_back(toJson(k));
  std::string text = j.dump(1) + "\n";
  std::string e = write_file_checked(path, {{text.data(), text.size()}});
  if (!e.empty()) throw Error("cannot write the manifest: " + e);
}

std::string Manifest::resolve(const std::string &p) const {
  if (p.empty() || p[0] == '/' || base_dir.empty()) return p;
  return base_dir + "/" + p;
}

} // namespace te::bench
