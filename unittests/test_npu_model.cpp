// The timing model on synthetic traces whose modeled time is known in closed
// form, and the profile reader's errors.
#include "triton-edge-model/platform.h"
#include "triton-edge-model/predict.h"
#include "triton-edge-rt/dtype.h"

#include <gtest/gtest.h>

using namespace te;
using namespace te::npu;

namespace {

// A profile with round numbers: 1 GHz, DDR 10 GB/s (0.1 ns/byte), engines
// 10 GB/s, no setup, no latency, no start-up.
Profile roundProfile() {
  Profile p = load_profile(TE_TARGETS_DIR "/generic-npu.json");
  p.clock_ghz = 1.0;
  p.ddr_bandwidth_gbs = 10;
  p.ddr_latency_ns = 0;
  p.dma_bandwidth_gbs = 10;
  p.dma_setup_ns = 0;
  p.dma_engines = 1;
  p.mt_launch_ns = 0;
  p.store_allocate = false;
  return p;
}

ModelEvent compute(int64_t cycles, int64_t loadBytes = 0) {
  ModelEvent e;
  e.kind = ModelEvent::Compute;
  e.mcycles = cycles * 1000;
  e.load_bytes = loadBytes;
  return e;
}
ModelEvent start(int64_t token, int64_t bytes) {
  ModelEvent e;
  e.kind = ModelEvent::DmaStart;
  e.token = token;
  e.load_bytes = bytes;
  return e;
}
ModelEvent waitFor(int64_t token) {
  ModelEvent e;
  e.kind = ModelEvent::DmaWait;
  e.token = token;
  return e;
}

// One context: `tiles` transfers of `bytes`, each waited for, then `cycles`
// of compute per tile (no overlap).
std::vector<ModelEvent> staged(int tiles, int64_t bytes, int64_t cycles) {
  std::vector<ModelEvent> v;
  for (int i = 1; i <= tiles; ++i) {
    v.push_back(start(i, bytes));
    v.push_back(waitFor(i));
    if (cycles) v.push_back(compute(cycles));
  }
  return v;
}

} // namespace

TEST(NpuModel, PureComputeIsComputeBound) {
  ModelTrace t;
  t.contexts = {{compute(50000)}};
  SimResult r = simulate(roundProfile(), t);
  EXPECT_NEAR(r.total_ns, 50000.0, 1e-6); // cycles / 1 GHz
  EXPECT_EQ(bound_kind(r), "compute-bound");
}

TEST(NpuModel, PureCopyIsDmaBound) {
  ModelTrace t;
  t.contexts = {staged(10, 100000, 0)}; // 10 x 100 kB at 10 GB/s
  SimResult r = simulate(roundProfile(), t);
  EXPECT_NEAR(r.total_ns, 10 * 100000 * 0.1, 1.0);
  EXPECT_EQ(bound_kind(r), "DMA-bound");
  EXPECT_EQ(r.dma_transfers, 10);
  EXPECT_EQ(r.dma_bytes, 1000000);
}

TEST(NpuModel, SetupCostIsPaidPerTransfer) {
  Profile p = roundProfile();
  p.dma_setup_ns = 500;
  ModelTrace t;
  t.contexts = {staged(8, 4096, 0)};
  SimResult r = simulate(p, t);
  EXPECT_NEAR(r.total_ns, 8 * (500 + 4096 * 0.1), 1.0);
}

TEST(NpuModel, TwoEnginesHalveATransferBoundTime) {
  Profile p = roundProfile();
  p.ddr_bandwidth_gbs = 1000; // DDR is not the limit: the engines are
  ModelTrace t;
  t.contexts = {staged(20, 65536, 0), staged(20, 65536, 0)};
  p.dma_engines = 1;
  double one = simulate(p, t).total_ns;
  p.dma_engines = 2;
  double two = simulate(p, t).total_ns;
  EXPECT_NEAR(one, 2 * 20 * 65536 / 10.0, 10.0);
  EXPECT_NEAR(two, one / 2, one * 0.01);
}

TEST(NpuModel, DdrSharingCapsTheSum) {
  Profile p = roundProfile();
  p.dma_engines = 4;
  p.dma_bandwidth_gbs = 1000; // each engine alone could go 100x faster than DDR
  ModelTrace t;
  for (int c = 0; c < 4; ++c) t.contexts.push_back(staged(16, 65536, 0));
  SimResult r = simulate(p, t);
  double bytes = 4.0 * 16 * 65536;
  EXPECT_NEAR(r.total_ns, bytes / 10.0, bytes / 10.0 * 0.01); // the sum moves at DDR speed
  EXPECT_NEAR(r.ddr_busy_ns, r.total_ns, r.total_ns * 0.01);
}

TEST(NpuModel, DirectAccessOverlapsComputeUpToBandwidth) {
  Profile p = roundProfile();
  ModelTrace t;
  // 10 us of compute with 1 MB of direct loads (100 us at 10 GB/s): memory-bound.
  t.contexts = {{compute(10000, 1000000)}};
  SimResult r = simulate(p, t);
  EXPECT_NEAR(r.total_ns, 100000.0, 100.0);
  EXPECT_EQ(bound_kind(r), "memory-bound");
  // 1 ms of compute with the same loads: compute-bound, loads hidden.
  t.contexts = {{compute(1000000, 1000000)}};
  r = simulate(p, t);
  EXPECT_NEAR(r.total_ns, 1000000.0, 100.0);
}

TEST(NpuModel, DoubleBufferingOverlapsTransferAndCompute) {
  Profile p = roundProfile();
  // Tile i+1's transfer is started before tile i computes: with transfer =
  // compute = 10 us per tile, 8 tiles take ~9 tile times instead of 16.
  std::vector<ModelEvent> v;
  v.push_back(start(1, 100000));
  for (int i = 1; i <= 8; ++i) {
    if (i < 8) v.push_back(start(i + 1, 100000));
    v.push_back(waitFor(i));
    v.push_back(compute(10000));
  }
  ModelTrace t;
  t.contexts = {v};
  EXPECT_NEAR(simulate(p, t).total_ns, 9 * 10000.0, 10.0);
  t.contexts = {staged(8, 100000, 10000)};
  EXPECT_NEAR(simulate(p, t).total_ns, 16 * 10000.0, 10.0);
}

TEST(NpuModel, DeterministicAcrossRuns) {
  Profile p = load_profile(TE_TARGETS_DIR "/hexagon-v73.json");
  ModelTrace t;
  for (int c = 0; c < 4; ++c) {
    std::vector<ModelEvent> v = staged(50, 2048 * (c + 1), 300 + 7 * c);
    v.push_back(compute(1234, 77777));
    t.contexts.push_back(v);
  }
  SimResult a = simulate(p, t, true), b = simulate(p, t, true);
  EXPECT_EQ(a.total_ns, b.total_ns);
  EXPECT_EQ(a.spans.size(), b.spans.size());
  EXPECT_EQ(a.ddr_busy_ns, b.ddr_busy_ns);
}

TEST(NpuModel, StartupCostDelaysMultiContextLaunches) {
  Profile p = roundProfile();
  p.mt_launch_ns = 700;
  ModelTrace one, two;
  one.contexts = {{compute(1000)}};
  two.contexts = {{compute(1000)}, {compute(1000)}};
  EXPECT_NEAR(simulate(p, one).total_ns, 1000.0, 1e-6);
  EXPECT_NEAR(simulate(p, two).total_ns, 1700.0, 1e-6);
}

TEST(NpuProfile, ShippedProfilesLoad) {
  for (const char *n : {"hexagon-v73", "generic-npu"}) {
    Profile p = load_profile(std::string(TE_TARGETS_DIR) + "/" + n + ".json");
    EXPECT_EQ(p.name, n);
    EXPECT_GT(p.clock_ghz, 0);
  }
  EXPECT_EQ(load_profile(TE_TARGETS_DIR "/hexagon-v73.json").vector_bytes, 128);
}

static std::string errorOf(const std::function<void()> &f) {
  try {
    f();
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(NpuProfile, ErrorsNameTheFileAndField) {
  EXPECT_NE(errorOf([] { load_profile("/no/such.json"); }).find("/no/such.json: cannot open"),
            std::string::npos);
  EXPECT_NE(errorOf([] { parse_profile("{ \"name\": ", "bad.json"); }).find("bad.json: malformed"),
            std::string::npos);
  std::string e = errorOf([] { load_profile(TE_TARGETS_DIR "/generic-npu.json", {"dma.bandwidth_gbs=-3"}); });
  EXPECT_NE(e.find("generic-npu.json: field model.dma.bandwidth_gbs"), std::string::npos) << e;
  EXPECT_NE(e.find("out of range"), std::string::npos) << e;
  e = errorOf([] { load_profile(TE_TARGETS_DIR "/generic-npu.json", {"dma.bandwith_gbs=3"}); });
  EXPECT_NE(e.find("unknown field 'dma.bandwith_gbs'"), std::string::npos) << e;
  e = errorOf([] { parse_profile("{\"name\": \"x\", \"vector_bytes\": 128}", "x.json"); });
  EXPECT_NE(e.find("x.json: missing field "), std::string::npos) << e;
  e = errorOf([] { load_profile(TE_TARGETS_DIR "/generic-npu.json", {"vector_bytes=96"}); });
  EXPECT_NE(e.find("field vector_bytes: must be a power of two"), std::string::npos) << e;
}

TEST(NpuProfile, OverridesApply) {
  Profile p = load_profile(TE_TARGETS_DIR "/generic-npu.json", {"dma.bandwidth_gbs=3.5", "model.mt.launch_ns=10",
                                           "contexts=2", "ddr.store_allocate=false"});
  EXPECT_EQ(p.dma_bandwidth_gbs, 3.5);
  EXPECT_EQ(p.mt_launch_ns, 10);
  EXPECT_EQ(p.contexts, 2);
  EXPECT_FALSE(p.store_allocate);
}

TEST(NpuProfile, ComputeCostField) {
  // Shipped profiles price compute by operation; packets by override.
  EXPECT_EQ(load_profile(TE_TARGETS_DIR "/hexagon-v73.json").compute_cost,
            ComputeCostSource::Ops);
  EXPECT_EQ(load_profile(TE_TARGETS_DIR "/hexagon-v73.json", {"compute_cost=packets"}).compute_cost,
            ComputeCostSource::Packets);
  EXPECT_EQ(load_profile(TE_TARGETS_DIR "/generic-npu.json", {"model.compute_cost=ops"}).compute_cost,
            ComputeCostSource::Ops);
  // Bad values name the file, the field and the choices.
  std::string e = errorOf(
      [] { load_profile(TE_TARGETS_DIR "/hexagon-v73.json", {"compute_cost=bundles"}); });
  EXPECT_NE(e.find("hexagon-v73.json: field model.compute_cost: 'bundles' is not one of "
                   "\"ops\", \"packets\""),
            std::string::npos)
      << e;
  std::string text = load_profile(TE_TARGETS_DIR "/hexagon-v73.json").json_text;
  std::string typed = text;
  typed.replace(typed.find("\"ops\""), 5, "3");
  e = errorOf([&] { parse_profile(typed, "typed.json"); });
  EXPECT_NE(e.find("typed.json: field model.compute_cost: expected a string"), std::string::npos)
      << e;
  // Absent: a profile written before the field existed prices by operation.
  std::string absent = text;
  size_t at = absent.find("\"compute_cost\"");
  absent.erase(at, absent.find('\n', at) - at + 1);
  EXPECT_EQ(parse_profile(absent, "absent.json").compute_cost, ComputeCostSource::Ops);
}

// The predictor against the platform on synthetic pipelines: tiles of
// `bytes` in and out and `cycles` of compute, direct vs double buffered.
namespace {
std::vector<ModelEvent> directTiles(int n, int64_t bytes, int64_t cycles) {
  std::vector<ModelEvent> v;
  for (int i = 0; i < n; ++i) {
    ModelEvent e = compute(cycles, bytes);
    e.store_bytes = bytes;
    e.vector_loads = bytes / 128;
    v.push_back(e);
  }
  return v;
}
std::vector<ModelEvent> dbTiles(int n, int64_t bytes, int64_t cycles) {
  // Tokens are per engine and sequential in issue order, as the runtime's.
  std::vector<ModelEvent> v;
  std::vector<int64_t> in(n);
  int64_t tok = 0;
  v.push_back(start(in[0] = ++tok, bytes)); // tile 0 in
  for (int i = 0; i < n; ++i) {
    if (i + 1 < n) v.push_back(start(in[i + 1] = ++tok, bytes)); // tile i+1 in
    v.push_back(waitFor(in[i]));
    v.push_back(compute(cycles));
    v.push_back(start(++tok, bytes)); // tile i out
  }
  v.push_back(waitFor(tok));
  return v;
}
// Staged with one buffer: each tile's input is waited for before its
// compute, its output after it (no overlap).
std::vector<ModelEvent> stagedTiles(int n, int64_t bytes, int64_t cycles) {
  std::vector<ModelEvent> v;
  int64_t tok = 0;
  for (int i = 0; i < n; ++i) {
    v.push_back(start(++tok, bytes));
    v.push_back(waitFor(tok));
    v.push_back(compute(cycles));
    v.push_back(start(++tok, bytes));
    v.push_back(waitFor(tok));
  }
  return v;
}
} // namespace

TEST(NpuPredictor, MatchesThePlatformAcrossIntensities) {
  Profile p = load_profile(TE_TARGETS_DIR "/hexagon-v73.json");
  for (int64_t cycles : {10, 500, 1500, 4000, 20000}) {
    for (int k : {1, 4}) {
      const int n = 32;
      const int64_t bytes = 4096;
      ModelTrace direct, db, one;
      for (int c = 0; c < k; ++c) {
        direct.contexts.push_back(directTiles(n, bytes, cycles));
        db.contexts.push_back(dbTiles(n, bytes, cycles));
        one.contexts.push_back(stagedTiles(n, bytes, cycles));
      }
      TileCost td = tile_cost(directTiles(1, bytes, cycles));
      TileCost ts = tile_cost({start(1, bytes), waitFor(1), compute(cycles), start(2, bytes)});
      Prediction pr = predict(p, td, ts, int64_t(n) * k, int64_t(n) * k, k);
      double md = simulate(p, direct).total_ns, mdb = simulate(p, db).total_ns;
      EXPECT_NEAR(pr.direct_ns, md, 0.10 * md) << "cycles " << cycles << " contexts " << k;
      EXPECT_NEAR(pr.db_ns, mdb, 0.10 * mdb) << "cycles " << cycles << " contexts " << k;
      double mone = simulate(p, one).total_ns;
      EXPECT_NEAR(pr.staged_ns, mone, 0.10 * mone) << "cycles " << cycles << " contexts " << k;
    }
  }
}
