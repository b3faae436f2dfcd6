#include "triton-edge-rt/cost_model_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {
te::CostModel measured_like() {
  te::CostModel m;
  m.hw_contexts = 16;
  m.overhead_ns = {0, 41.5, 1900.25, 2300, 2700};
  m.cold_extra_ns = 12000.5;
  m.ops_per_ns = 3.75;
  m.bytes_per_ns = 11.125;
  m.bytes_per_ns_all = 60.5;
  return m;
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("te-cost-model-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::string read_all(const std::string &p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
} // namespace

TEST(CostModelCache, NoDirectoryMeansNoFile) {
  EXPECT_EQ(te::cost_model_path("", te::cost_model_key(4, false, 200000)), "");
  EXPECT_FALSE(te::store_cost_model("", "k", measured_like()));
}

TEST(CostModelCache, RoundTripKeepsEveryMeasuredField) {
  TempDir d;
  std::string key = te::cost_model_key(16, true, 200000);
  std::string path = te::cost_model_path((d.path / "made" / "here").string(), key);
  ASSERT_TRUE(te::store_cost_model(path, key, measured_like())) << "the directory is made";
  te::CostModel back;
  ASSERT_TRUE(te::load_cost_model(path, key, back));
  te::CostModel want = measured_like();
  EXPECT_EQ(back.overhead_ns, want.overhead_ns);
  EXPECT_EQ(back.cold_extra_ns, want.cold_extra_ns);
  EXPECT_EQ(back.ops_per_ns, want.ops_per_ns);
  EXPECT_EQ(back.bytes_per_ns, want.bytes_per_ns);
  EXPECT_EQ(back.bytes_per_ns_all, want.bytes_per_ns_all);
  EXPECT_EQ(back.hw_contexts, want.hw_contexts);
  for (const auto &e : fs::directory_iterator(fs::path(path).parent_path()))
    EXPECT_EQ(e.path().string(), path) << "no temporary file is left";
}

TEST(CostModelCache, KeyNamesTheMachineAndThePool) {
  std::string a = te::cost_model_key(16, false, 200000);
  EXPECT_NE(a, te::cost_model_key(8, false, 200000));
  EXPECT_NE(a, te::cost_model_key(16, true, 200000));
  EXPECT_NE(a, te::cost_model_key(16, false, 50000));
  EXPECT_NE(a.find("cpu="), std::string::npos);
  EXPECT_NE(te::cost_model_path("/d", a), te::cost_model_path("/d", te::cost_model_key(8, false, 200000)));
}

TEST(CostModelCache, AnotherKeyOrABrokenFileIsNotRead) {
  TempDir d;
  std::string key = te::cost_model_key(16, false, 200000);
  std::string path = te::cost_model_path(d.path.string(), key);
  ASSERT_TRUE(te::store_cost_model(path, key, measured_like()));
  te::CostModel m;
  m.ops_per_ns = 99;
  EXPECT_FALSE(te::load_cost_model(path, key + " other", m));
  EXPECT_EQ(m.ops_per_ns, 99) << "a failed load leaves the model as it was";
  std::string text = read_all(path);
  // Each way the file can be damaged: truncated, a field renamed, a value out of range.
  for (std::string bad : {text.substr(0, text.size() / 2),
                          text.substr(0, text.find("ops_per_ns")) + "opz_per_ns 1\n",
                          std::string("triton-edge cost model 0\n") + text.substr(text.find('\n') + 1)}) {
    std::ofstream(path, std::ios::trunc) << bad;
    EXPECT_FALSE(te::load_cost_model(path, key, m)) << bad;
  }
  std::string negative = text;
  negative.replace(negative.find("ops_per_ns 3.75"), 15, "ops_per_ns -1");
  std::ofstream(path, std::ios::trunc) << negative;
  EXPECT_FALSE(te::load_cost_model(path, key, m));
  EXPECT_FALSE(te::load_cost_model((d.path / "missing.txt").string(), key, m));
  EXPECT_EQ(m.ops_per_ns, 99);
}
