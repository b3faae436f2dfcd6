// The DB predictor: the platform's equations solved per tile in closed form.
#include "triton-edge-model/predict.h"

#include <algorithm>
#include <cmath>

namespace te::npu {

TileCost tile_cost(const std::vector<ModelEvent> &events) {
  TileCost t;
  bool waited = false, startedSinceWait = false, roundOpen = false;
  for (const ModelEvent &e : events) {
    if (e.kind == ModelEvent::Compute) {
      if (roundOpen) t.rounds += 1, roundOpen = false;
      if (!waited) t.pre_wait_mcycles += e.mcycles;
      t.mcycles += e.mcycles;
      t.scalar_loads += e.scalar_loads;
      t.vector_loads += e.vector_loads;
      t.load_bytes += e.load_bytes;
      t.store_bytes += e.store_bytes;
    } else if (e.kind == ModelEvent::DmaStart) {
      t.dma_bytes += e.load_bytes;
      t.dma_transfers += 1;
      startedSinceWait = true;
    } else {
      waited = true;
      if (e.token != 0 && startedSinceWait) roundOpen = true; // token 0: nothing in flight
      if (e.token != 0) startedSinceWait = false;
    }
  }
  t.rounds = std::max(1.0, t.rounds);
  return t;
}

namespace {

// A tile's compute on one context: counted cycles plus the exposed latency
// of its direct loads (what Context::compute charges).
double compute_ns(const Profile &p, const TileCost &t) {
  return t.mcycles / 1000.0 / p.clock_ghz + t.scalar_loads * p.ddr_latency_ns / p.scalar_mlp +
         t.vector_loads * p.ddr_latency_ns / p.vector_mlp;
}

double direct_bytes(const Profile &p, const TileCost &t) {
  return t.load_bytes + t.store_bytes * (p.store_allocate ? 2 : 1);
}

} // namespace

Prediction predict(const Profile &p, const TileCost &direct, const TileCost &staged,
                   int64_t direct_tiles, int64_t staged_tiles, int contexts) {
  Prediction r;
  double ddr_ns_per_byte = 1.0 / p.ddr_bandwidth_gbs; // the whole DDR
  // Direct: compute overlaps the context's DDR traffic, which gets 1/k of DDR.
  int kd = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(contexts, direct_tiles)));
  double nd = std::ceil(double(direct_tiles) / kd); // tiles of the busiest context
  double td = std::max(compute_ns(p, direct), direct_bytes(p, direct) * kd * ddr_ns_per_byte);
  r.direct_ns = (kd > 1 ? p.mt_launch_ns : 0.0) + nd * td;
  int k = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(contexts, staged_tiles)));
  double n = std::ceil(double(staged_tiles) / k);
  double launch = k > 1 ? p.mt_launch_ns : 0.0;
  // Staged: each engine serves ceil(k/E) contexts and pays the setup of
  // every transfer it serves.
  int engines = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(p.dma_engines, k)));
  double share = std::ceil(double(k) / engines);
  double bytes = staged.dma_bytes;
  // Alone, an engine pays setup then streams at min(engine, DDR); when DDR
  // is shared, other engines fill it during one engine's setups.
  double alone = share * (staged.dma_transfers * p.dma_setup_ns +
                          bytes * std::max(1.0 / p.dma_bandwidth_gbs, ddr_ns_per_byte));
  double x = std::max(alone, bytes * k * ddr_ns_per_byte);
  double c = compute_ns(p, staged);
  // Accesses the staged variant still makes directly share DDR with the
  // transfers: every context's DDR traffic bounds its tile from below.
  double directNs = direct_bytes(p, staged) * k * ddr_ns_per_byte;
  double ddrNs = directNs + bytes * k * ddr_ns_per_byte;
  c = std::max(c, directNs);
  r.compute_ns = c;
  r.transfer_ns = x;
  // Staged without overlap: a context's transfers run between its own
  // compute, at its engine's speed, while the other contexts compute or
  // transfer. Contexts running the same tiles stay in step, so each
  // transfer finds DDR on average half a granule into another context's.
  double granule = std::min<double>(p.dma_chunk_bytes,
                                    bytes / std::max(1.0, staged.dma_transfers)) *
                   ddr_ns_per_byte;
  double collide = k > 1 ? staged.dma_transfers * granule / 2 : 0.0;
  r.staged_ns = launch + n * std::max(c + alone + collide, ddrNs);
  // DB: the first transfer and the last compute are exposed, the rest
  // overlaps; what a tile computes before its first wait hides part of the
  // first transfer.
  double pre = staged.pre_wait_mcycles / 1000.0 / p.clock_ghz;
  // With DDR the bottleneck, the pipeline fill runs under other contexts' traffic.
  r.db_ns = launch + std::max(n * std::max(c, x) + std::max(0.0, std::min(c, x) - pre),
                              n * ddrNs);
  // Staged per iteration of a kernel loop: the pipeline fills once per
  // tile, with one round's transfer or compute, and tiles do not overlap.
  if (staged.rounds > 1)
    r.db_ns = launch + n * std::max(std::max(c, x) + std::min(c, x) / staged.rounds, ddrNs);
  return r;
}

} // namespace te::npu
