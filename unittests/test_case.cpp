#include "triton-edge-rt/case.h"
#include "triton-edge-rt/compare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

const std::string kAdd1d = std::string(TE_CORPUS_DIR) + "/add_1d__triton_poi_fused_add_0";
const std::string kGelu1m = std::string(TE_CORPUS_DIR) + "/gelu_1m__triton_poi_fused_gelu_0";

// triton_poi_fused_add_0 of add_1d, by hand: out_ptr0 = in_ptr0 + in_ptr1, XBLOCK 256.
extern "C" void k_add(const te_launch *l, int64_t b, int64_t e) {
  const float *a = static_cast<const float *>(l->args[0]);
  const float *c = static_cast<const float *>(l->args[1]);
  float *o = static_cast<float *>(l->args[2]);
  int32_t n = *static_cast<const int32_t *>(l->args[3]);
  for (int64_t p = b; p < e; ++p)
    for (int64_t i = p * 256; i < p * 256 + 256 && i < n; ++i) o[i] = a[i] + c[i];
}

const te_arg_info kAddArgs[4] = {
    {1, TE_F32, "in_ptr0"}, {1, TE_F32, "in_ptr1"}, {1, TE_F32, "out_ptr0"}, {0, TE_I32, "xnumel"}};
const te_kernel_info kAddInfo = {TE_ABI_VERSION, 4, kAddArgs, "triton_poi_fused_add_0", 3072, 256, 0, 0, 1};

template <class F> std::string error_of(F f) {
  try {
    f();
  } catch (const te::Error &e) {
    return e.what();
  }
  return "";
}

std::string copy_case(const std::string &name) {
  fs::path dst = fs::path(testing::TempDir()) / ("te_case_" + name);
  fs::remove_all(dst);
  fs::copy(kAdd1d, dst, fs::copy_options::recursive);
  return dst.string();
}

} // namespace

TEST(Case, LoadsAdd1d) {
  te::Case c = te::load_case(kAdd1d);
  EXPECT_EQ(c.name, "triton_poi_fused_add_0");
  EXPECT_EQ(c.case_name, "add_1d");
  EXPECT_EQ(c.grid[0], 256);
  EXPECT_EQ(c.grid[1], 1);
  EXPECT_EQ(c.programs(), 256);
  EXPECT_TRUE(c.oracle);
  EXPECT_EQ(c.config.at("XBLOCK"), 256);
  ASSERT_EQ(c.args.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(c.args[i].is_tensor);
    EXPECT_EQ(c.args[i].dtype, TE_F32);
    EXPECT_EQ(c.args[i].storage_numel, 65536);
    EXPECT_EQ(c.args[i].numel(), 65536);
    EXPECT_FALSE(c.args[i].generated);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(c.args[i].data()) % 64, 0u);
  }
  EXPECT_FALSE(c.args[3].is_tensor);
  EXPECT_TRUE(c.args[3].scalar_is_int);
  EXPECT_EQ(c.args[3].scalar_int, 65536);

  te::LaunchArgs la = c.launch_args(&kAddInfo);
  EXPECT_EQ(*static_cast<int32_t *>(la.ptrs[3]), 65536);
  EXPECT_EQ(la.numel[0], 65536);
  EXPECT_EQ(la.numel[3], 0);
  EXPECT_EQ(la.ptrs[0], c.args[0].data());
}

TEST(Case, RunAndCompareAgainstTheOracle) {
  te::Case c = te::load_case(kAdd1d);
  // Before the launch the output storage is the input storage: must fail.
  te::CaseComparison before = te::compare(c);
  EXPECT_FALSE(before.ok) << before.report();
  for (int threads : {1, 2, 0}) {
    c.reset();
    te::LaunchOptions o;
    o.threads = threads;
    auto r = te::launch_case(k_add, &kAddInfo, c, o);
    ASSERT_TRUE(r.ok) << r.error;
    te::CaseComparison cmp = te::compare(c);
    EXPECT_TRUE(cmp.ok) << cmp.report();
    ASSERT_EQ(cmp.args.size(), 3u);
    EXPECT_EQ(cmp.args[2].mismatches, 0);
  }
  // One wrong element is caught, and located.
  c.args[2].storage.as<float>()[1234] += 1e-3f;
  te::CaseComparison bad = te::compare(c);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.args[2].mismatches, 1);
  EXPECT_EQ(bad.args[2].first_mismatch, 1234);
  EXPECT_NE(bad.args[2].line.find("FAIL"), std::string::npos);
  // A NaN where the oracle has a number fails.
  c.args[2].storage.as<float>()[1234] = NAN;
  EXPECT_FALSE(te::compare(c).ok);
}

TEST(Case, ScalarTypesFollowTheKernel) {
  te::Case c = te::load_case(kAdd1d);
  te_arg_info a64[4] = {kAddArgs[0], kAddArgs[1], kAddArgs[2], {0, TE_I64, "xnumel"}};
  te_kernel_info i64 = kAddInfo;
  i64.args = a64;
  auto la = c.launch_args(&i64);
  EXPECT_EQ(*static_cast<int64_t *>(la.ptrs[3]), 65536);
  a64[3].dtype = TE_F32;
  la = c.launch_args(&i64);
  EXPECT_EQ(*static_cast<float *>(la.ptrs[3]), 65536.0f);
  a64[3].dtype = TE_I16;
  EXPECT_NE(error_of([&] { c.launch_args(&i64); }).find("does not fit"), std::string::npos);
  // Without info: int32.
  la = c.launch_args(nullptr);
  EXPECT_EQ(*static_cast<int32_t *>(la.ptrs[3]), 65536);
}

TEST(Case, KernelMismatchesAreClearErrors) {
  te::Case c = te::load_case(kAdd1d);
  te_arg_info bad[4] = {kAddArgs[0], {1, TE_F16, "in_ptr1"}, kAddArgs[2], kAddArgs[3]};
  te_kernel_info info = kAddInfo;
  info.args = bad;
  std::string e = error_of([&] { c.launch_args(&info); });
  EXPECT_NE(e.find("argument 1 (in_ptr1)"), std::string::npos) << e;
  EXPECT_NE(e.find("float16"), std::string::npos) << e;
  info = kAddInfo;
  info.num_args = 3; // xnumel (65536) missing from the kernel: not a specialized 1
  e = error_of([&] { c.launch_args(&info); });
  EXPECT_NE(e.find("takes 3 arguments"), std::string::npos) << e;
  EXPECT_NE(e.find("'xnumel'"), std::string::npos) << e;
  bad[1] = {0, TE_I32, "in_ptr1"};
  info = kAddInfo;
  info.args = bad;
  EXPECT_NE(error_of([&] { c.launch_args(&info); }).find("scalar in the kernel"), std::string::npos);
}

TEST(Case, WrongInputFilesNameTheFile) {
  std::string d = copy_case("wrong_dtype");
  {
    std::vector<double> v(65536, 1.0);
    te::write_npy(d + "/in1.npy", TE_F64, {65536}, v.data());
  }
  std::string e = error_of([&] { te::load_case(d); });
  EXPECT_NE(e.find(d + "/in1.npy"), std::string::npos) << e;
  EXPECT_NE(e.find("does not match"), std::string::npos) << e;

  d = copy_case("wrong_numel");
  {
    std::vector<float> v(100, 1.0f);
    te::write_npy(d + "/in0.npy", TE_F32, {100}, v.data());
  }
  e = error_of([&] { te::load_case(d); });
  EXPECT_NE(e.find(d + "/in0.npy"), std::string::npos) << e;
  EXPECT_NE(e.find("100 elements"), std::string::npos) << e;

  d = copy_case("missing_input");
  fs::remove(d + "/in2.npy");
  e = error_of([&] { te::load_case(d); });
  EXPECT_NE(e.find(d + "/in2.npy"), std::string::npos) << e;

  d = copy_case("bad_json");
  std::ofstream(d + "/kernel.json") << "{\"name\": \"x\", \"grid\": [1,1,1], \"args\": [{\"dtype\": \"float32\"}]}";
  e = error_of([&] { te::load_case(d); });
  EXPECT_NE(e.find(d + "/kernel.json"), std::string::npos) << e;

  d = copy_case("missing_oracle");
  fs::remove(d + "/out2.npy");
  te::Case c = te::load_case(d);
  e = error_of([&] { te::compare(c); });
  EXPECT_NE(e.find(d + "/out2.npy"), std::string::npos) << e;
}

TEST(Case, NoStorageNumelAndNoOracleGeneratesInputs) {
  te::Case c = te::load_case(kGelu1m, 5);
  EXPECT_FALSE(c.oracle);
  ASSERT_EQ(c.args.size(), 3u);
  EXPECT_EQ(c.args[0].storage_numel, 1048576);
  EXPECT_EQ(c.args[0].numel(), 1048576);
  EXPECT_TRUE(c.args[0].generated);
  const float *x = c.args[0].storage.as<float>();
  double lo = 1e9, hi = -1e9;
  for (int64_t i = 0; i < 1048576; ++i) lo = std::min<double>(lo, x[i]), hi = std::max<double>(hi, x[i]);
  EXPECT_GE(lo, -2.0);
  EXPECT_LT(hi, 2.0);
  EXPECT_LT(lo, -1.9);
  EXPECT_GT(hi, 1.9);
  // Deterministic per seed.
  te::Case again = te::load_case(kGelu1m, 5), other = te::load_case(kGelu1m, 6);
  EXPECT_EQ(std::memcmp(again.args[0].storage.data(), c.args[0].storage.data(), c.args[0].storage.size()), 0);
  EXPECT_NE(std::memcmp(other.args[0].storage.data(), c.args[0].storage.data(), c.args[0].storage.size()), 0);
  EXPECT_NE(error_of([&] { c.load_expected(); }).find("no oracle"), std::string::npos);
}

TEST(Case, StorageNumelDerivedFromStridesAndOffset) {
  fs::path d = fs::path(testing::TempDir()) / "te_case_strided";
  fs::remove_all(d);
  fs::create_directories(d);
  std::ofstream(d / "kernel.json")
      << R"({"name": "k", "grid": [2, 1, 1], "oracle": false, "args": [
            {"dtype": "float32", "shape": [4, 3], "stride": [10, 2], "storage_offset": 5},
            {"dtype": "int64", "shape": [7], "stride": [1], "storage_offset": 0},
            {"dtype": "bfloat16", "shape": [2], "stride": [1], "storage_offset": 0},
            {"scalar": 0.5}]})";
  te::Case c = te::load_case(d.string());
  EXPECT_EQ(c.args[0].storage_numel, 5 + 3 * 10 + 2 * 2 + 1);
  EXPECT_EQ(c.args[0].numel(), 3 * 10 + 2 * 2 + 1);
  EXPECT_EQ(static_cast<char *>(c.args[0].data()) - reinterpret_cast<char *>(c.args[0].storage.data()), 20);
  for (int i = 0; i < 7; ++i) {
    int64_t v = c.args[1].storage.as<int64_t>()[i];
    EXPECT_TRUE(v == 0 || v == 1) << v;
  }
  EXPECT_EQ(c.args[2].dtype, TE_BF16);
  auto la = c.launch_args(nullptr);
  EXPECT_EQ(*static_cast<float *>(la.ptrs[3]), 0.5f);
  te_arg_info ai[4] = {{1, TE_F32, "a"}, {1, TE_I64, "b"}, {1, TE_BF16, "c"}, {0, TE_I32, "s"}};
  te_kernel_info info = kAddInfo;
  info.args = ai;
  EXPECT_NE(error_of([&] { c.launch_args(&info); }).find("not an integer"), std::string::npos);
}
