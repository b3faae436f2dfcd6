// Closed-form prediction of direct access, staged (no overlap) and double
// buffered execution on a modeled NPU, from one tile's counted cost (the
// compiled code's own counters) and the profile. docs/npu-model.md has the
// equations; `--db=auto` and `bench db-sweep` use it.
#ifndef TRITON_EDGE_MODEL_PREDICT_H
#define TRITON_EDGE_MODEL_PREDICT_H

#include "triton-edge-model/profile.h"
#include "triton-edge-rt/dma.h"

#include <vector>

namespace te::npu {

// What one program (tile) executes: counted compute, direct DDR traffic and
// DMA transfers.
struct TileCost {
  double mcycles = 0, scalar_loads = 0, vector_loads = 0, load_bytes = 0, store_bytes = 0;
  double dma_bytes = 0, dma_transfers = 0;
  double pre_wait_mcycles = 0; // compute issued before the tile's first DMA wait
  // Transfer rounds inside the tile: waits for a transfer issued since the
  // previous wait, with compute after them. 1 for a program staged as a
  // whole; the iterations of a kernel loop staged per iteration.
  double rounds = 0;
};

// Sums one context's recorded events.
TileCost tile_cost(const std::vector<ModelEvent> &events);

struct Prediction {
  double direct_ns = 0; // the direct-access variant
  double staged_ns = 0; // the staged variant with every transfer waited for at once
  double db_ns = 0;     // the staged variant with the next tile's transfer overlapped
  double compute_ns = 0, transfer_ns = 0; // per tile of the staged variant (one context)
  double speedup() const { return db_ns > 0 ? direct_ns / db_ns : 1.0; }
};

// `direct` and `staged` are one tile of each variant, which run
// `direct_tiles` and `staged_tiles` tiles (programs, or virtual programs when
// MT splits them) on `contexts` contexts in contiguous ranges.
Prediction predict(const Profile &p, const TileCost &direct, const TileCost &staged,
                   int64_t direct_tiles, int64_t staged_tiles, int contexts);

} // namespace te::npu

#endif
