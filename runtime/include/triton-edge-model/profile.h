// Machine profiles of modeled targets (edge NPUs): the data the compiler
// (vector width, contexts, scratchpad, per-operation costs) and the timing
// model (clocks, DMA engines, DDR) read. Profiles are the JSON files of
// targets/ that have a "model" object; the compiler reads them through
// TargetDescription (which calls parse_profile). docs/npu-model.md documents
// every field and its source. Plain C++17: no MLIR, no SystemC.
#ifndef TRITON_EDGE_MODEL_PROFILE_H
#define TRITON_EDGE_MODEL_PROFILE_H

#include <cstdint>
#include <string>
#include <vector>

namespace te::npu {

struct ComputeCosts {       // cycles per operation issued by one context
  double scalar_op = 1;     // scalar ALU/address op
  double scalar_ldst = 1;   // scalar load/store to local memory
  double vector_int_op = 1; // one vector register of integer/logic work
  double vector_fp_op = 1;  // one vector register of floating-point work
  double vector_ldst = 1;   // vector load/store to scratchpad/local memory
  double transcendental = 20; // a math op left after approximation (per register)
  double loop_overhead = 1; // per loop iteration (increment, compare, branch)
};

// Where a block's compute cycles come from (model.compute_cost).
enum class ComputeCostSource {
  Ops,     // "ops": the per-operation costs of model.compute, counted on the loop nests
  Packets, // "packets": the instruction packets of the block's code compiled for Hexagon
};

struct Profile {
  std::string name, source;   // source: the file (or built-in) it came from
  std::string description;
  // What the compiler sees.
  int64_t vector_bytes = 128;
  int64_t contexts = 4;
  int64_t scratchpad_bytes = 0; // per context (its share of the VTCM): DB budget
  int64_t dma_engines = 1;
  // What the timing model sees.
  double clock_ghz = 1;
  ComputeCosts compute;
  ComputeCostSource compute_cost = ComputeCostSource::Ops;
  double ddr_bandwidth_gbs = 10;  // shared by all engines and direct accesses
  double ddr_latency_ns = 100;
  double scalar_mlp = 1;          // outstanding scalar DDR loads per context
  double vector_mlp = 1;          // outstanding vector DDR loads per context
  bool store_allocate = true;     // a direct store reads its line first
  double dma_setup_ns = 100;      // per transfer, on the engine
  double dma_bandwidth_gbs = 10;  // per engine
  int64_t dma_chunk_bytes = 4096; // DDR arbitration granule
  double mt_launch_ns = 0;        // start-up of a multi-context launch

  std::string json_text;          // the profile as loaded, overrides applied
};

// Parses a profile's JSON text; `source` names it in errors. `overrides` are
// "field=value" (e.g. "model.dma.bandwidth_gbs=8" or "dma.bandwidth_gbs=8",
// "contexts=2"). Throws te::Error naming the source and the field for
// malformed JSON, unknown override fields, missing or out-of-range fields.
Profile parse_profile(const std::string &json_text, const std::string &source,
                      const std::vector<std::string> &overrides = {});
// Reads a profile file and parses it.
Profile load_profile(const std::string &path, const std::vector<std::string> &overrides = {});
// load_profile for callers built without exceptions (the compiler's passes):
// the error's text, empty on success.
std::string try_load_profile(const std::string &path, Profile &out);
// The profile text with the overrides applied (same errors as above).
std::string apply_overrides(const std::string &json_text, const std::string &source,
                            const std::vector<std::string> &overrides);

} // namespace te::npu

#endif
