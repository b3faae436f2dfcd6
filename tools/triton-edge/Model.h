// Running kernels on a modeled target (docs/npu-model.md): functional run on
// the host with recorded traces, replay on the SystemC platform.
#ifndef TRITON_EDGE_TOOLS_MODEL_H
#define TRITON_EDGE_TOOLS_MODEL_H

#include "Driver.h"

#include "triton-edge-model/platform.h"
#include "triton-edge-model/predict.h"

#include <memory>

#include <string>

namespace te {

struct ModeledLaunch {
  LaunchResult launch;
  npu::SimResult sim;
  double record_s = 0; // host seconds of the recording run (not device time)
};

/// Runs `lib` on case `c` over `contexts` modeled contexts and simulates it.
ModeledLaunch launchModeled(const KernelLibrary &lib, Case &c, const npu::Profile &profile,
                            int contexts, bool keepSpans);

/// Contexts a modeled launch uses for --threads=N (auto = the profile's).
int modeledContexts(const Options &o, int threads);

/// `triton-edge bench ladder --target=<modeled>`: the ladder with modeled
/// device time next to the host's wall time. Returns the exit code.
int modelBench(const std::string &sub, const Options &base, const std::string &outDir,
               const std::string &corpus, const std::string &kernelsDir, bool quick);

/// The two variants of a kernel on a modeled target, and what the
/// closed-form predictor says of them at `contexts` contexts from one
/// recorded tile of each: the measured cross-check of the pipeline's static
/// --db=auto choice (triton-edge-choose-double-buffering), in db-sweep.
struct DbChoice {
  std::unique_ptr<CompiledCase> direct, staged;
  bool applied = false; // the compiler staged something (double_buffered == 1)
  npu::Prediction prediction;
  bool useDb = false;
};
DbChoice predictDb(const Options &base, const std::string &caseDir, int contexts);

/// `triton-edge bench db-sweep --target=<modeled>`: model vs predictor over
/// the synthetic intensity family (and --corpus). Returns the exit code.
int modelDbSweep(const Options &base, const std::string &outDir, const std::string &corpus,
                 bool quick);
/// `triton-edge bench scaling --target=<modeled>`: gelu_dyn at 2^10..2^20
/// elements, Scalar and +Vec on one context, +Vec on the profile's contexts.
int modelScaling(const Options &base, const std::string &outDir, const std::string &kernelsDir,
                 bool quick);

} // namespace te

#endif
