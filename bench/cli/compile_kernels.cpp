// `triton-edge bench`: each case's rungs compiled into shared libraries, one
// per variant and target, named in the manifest with the flags that made them.
#include "internal.h"

#include <algorithm>

namespace te::bench::cli {

namespace {

/// One compiled variant: the mechanisms it switches on.
struct VariantSpec {
  const char *id;
  bool vec, db, prefetch, dbAuto;
};
// auto: --db=auto, the +DB rung (DB where the compiler predicts it pays);
// vecdb and vecpf: DB forced, staged and as in-place prefetching (the rows
// that compare the DB engines with +Vec+MT).
const VariantSpec kVariants[] = {{"scalar", false, false, false, false},
                                 {"vec", true, false, false, false},
                                 {"auto", true, false, false, true},
                                 {"vecdb", true, true, false, false},
                                 {"vecpf", true, true, true, false}};

/// The compile options of variant `v` for `target`, from the user's `base`.
te::Options variantOptions(const te::Options &base, const VariantSpec &v,
                           const std::string &target) {
  te::Options o = base;
  o.pipeline.vectorize = v.vec;
  // The Scalar rung is scalar: LLVM's vectorizers go off with Vec.
  o.pipeline.llvmVectorizers = v.vec;
  o.pipeline.doubleBuffer = v.db;
  o.pipeline.prefetchInPlace = v.prefetch;
  o.dbAuto = v.dbAuto;
  if (target != "host") {
    auto t = mlir::triton_edge::TargetDescription::get(target);
    if (!t) throw Error(llvm::toString(t.takeError()));
    o.pipeline.target = *t;
  }
  // --db=auto: the pipeline's per-kernel choice on a modeled NPU, off on CPUs.
  o.pipeline.autoDoubleBuffer = v.dbAuto && o.pipeline.target.npu;
  return o;
}

/// Compiles one variant into kernelsDir/<label>.<id>.<target>.so.
Variant compileVariant(const fs::path &caseDir, const std::string &label, const VariantSpec &v,
                       const std::string &target, const te::Options &base,
                       const fs::path &kernelsDir, const fs::path &manifestDir) {
  te::Options o = variantOptions(base, v, target);
  fs::path tmp = kernelsDir / (".tmp-" + label + "-" + v.id + "-" + target);
  fs::create_directories(tmp);
  mlir::triton_edge::Compiler compiler(o.pipeline);
  auto so = compiler.compileToSharedLibrary((caseDir / "kernel.ttir").string(), tmp.string());
  if (!so) {
    fs::remove_all(tmp);
    throw Error(label + " (" + v.id + ", " + target + "): " + llvm::toString(so.takeError()));
  }
  fs::path dest = kernelsDir / (label + "." + v.id + "." + target + ".so");
  fs::rename(*so, dest);
  fs::remove_all(tmp);
  Variant var;
  var.id = v.id;
  var.target = target;
  var.so = fs::relative(dest, manifestDir).string();
  var.flags = std::string("--vec=") + (v.vec ? "on" : "off") +
              " --db=" + (v.dbAuto ? "auto" : v.db ? "on" : "off") + " --target=" + target +
              " [" + describe(o) + "]";
  var.compile_s = compiler.times().total();
  return var;
}

} // namespace

KernelEntry compileCase(const fs::path &caseDir, const std::string &label,
                        const std::vector<std::string> &ids,
                        const std::vector<std::string> &targets, const te::Options &base,
                        const fs::path &kernelsDir, const fs::path &manifestDir) {
  KernelEntry k;
  k.label = label;
  Case c = load_case(caseDir.string());
  k.kernel = c.name;
  k.case_dir = caseDir.string();
  for (const std::string &target : targets)
    for (const VariantSpec &v : kVariants)
      if (std::find(ids.begin(), ids.end(), v.id) != ids.end())
        k.variants.push_back(
            compileVariant(caseDir, label, v, target, base, kernelsDir, manifestDir));
  return k;
}

} // namespace te::bench::cli
