// Per-context DMA engines (what launch->dma points at).
//
//   Sync:     start() copies immediately; wait() only checks the token.
//   Async:    start() enqueues the copy for a helper thread owned by the
//             engine and returns at once; wait(t) blocks until transfer t and
//             every earlier one have completed (transfers complete in order).
//   Prefetch: start() issues software prefetches over the source and defers
//             the copy; wait(t) performs the deferred copies up to t (from a
//             warm cache).
// Tokens are per engine, start at 1 and increase by one per start(), across
// ranges and launches. Chaos mode (seed != 0) sleeps a seeded random 0..max_us
// before each copy and again before its completion is signalled, so that a
// read of a DMA destination without the matching wait sees stale data.
#ifndef TRITON_EDGE_RT_DMA_H
#define TRITON_EDGE_RT_DMA_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace te {

enum class DmaKind { Sync, Async, Prefetch };

const char *dma_kind_name(DmaKind k);

struct DmaStats { int64_t transfers = 0, bytes = 0; };

// One event of a context's execution, recorded for the NPU timing model
// (docs/npu-model.md): compute segments with their counted cost and direct
// DDR traffic, DMA starts and waits. Consecutive compute is merged.
struct ModelEvent {
  enum Kind : int32_t { Compute = 0, DmaStart = 1, DmaWait = 2 };
  int32_t kind = Compute;
  int64_t mcycles = 0;      // Compute: cost in 1/1000 cycles
  int64_t scalar_loads = 0; // Compute: scalar loads from DDR (latency-exposed)
  int64_t vector_loads = 0; // Compute: vector loads from DDR
  int64_t load_bytes = 0;   // Compute: bytes loaded from DDR; DmaStart: bytes moved
  int64_t store_bytes = 0;  // Compute: bytes stored to DDR
  int64_t token = 0;        // DmaStart/DmaWait: the engine's token
};

class DmaEngine {
public:
  DmaEngine(DmaKind kind, int context);
  ~DmaEngine();
  DmaEngine(const DmaEngine &) = delete;
  DmaEngine &operator=(const DmaEngine &) = delete;

  DmaKind kind() const { return kind_; }
  int context() const { return context_; }

  // chaos_seed 0 turns delay injection off; max_us bounds each delay.
  void set_chaos(uint64_t seed, int max_us = 100);

  // Returns a token > 0, or 0 (and reports a failure to the current launch)
  // for invalid arguments (bytes < 0, null pointers with bytes > 0).
  int64_t start(void *dst, const void *src, int64_t bytes);
  // Waits for `token` and all earlier transfers. Token 0 is a no-op; a token
  // never issued is reported as a failure instead of hanging.
  void wait(int64_t token);
  // Waits for every transfer issued so far.
  void wait_all();
  // Last token whose transfer (and all earlier ones) completed.
  int64_t completed() const;
  int64_t issued() const { return issued_; }

  // Called by te::launch at the end of each range call: drains outstanding
  // transfers.
  void end_range();

  DmaStats stats() const { return stats_; }

  // Recording for the timing model: while `r` is set, compute costs reported
  // by te_rt_model_cost and every start/wait are appended to *r.
  void set_recorder(std::vector<ModelEvent> *r) { rec_ = r; }
  void model_cost(int64_t mcycles, int64_t scalar_loads, int64_t vector_loads,
                  int64_t load_bytes, int64_t store_bytes);

private:
  std::vector<ModelEvent> *rec_ = nullptr;
  ModelEvent pending_;     // compute not yet flushed into rec_
  void flush_compute();
  struct Impl;
  DmaKind kind_;
  int context_;
  int64_t issued_ = 0;
  DmaStats stats_;
  std::unique_ptr<Impl> impl_;
};

} // namespace te

#endif
