#include "triton-edge-rt/kernel_library.h"
#include "triton-edge-rt/launch.h"

#include <gtest/gtest.h>

#include <vector>

namespace {
template <class F> std::string error_of(F f) {
  try {
    f();
  } catch (const te::Error &e) {
    return e.what();
  }
  return "";
}
} // namespace

TEST(KernelLibrary, OpensAndRunsAKernel) {
  te::KernelLibrary lib = te::KernelLibrary::open(TE_TEST_KERNEL_LIB, "twice");
  ASSERT_NE(lib.programs(), nullptr);
  ASSERT_NE(lib.info(), nullptr);
  EXPECT_STREQ(lib.info()->name, "twice");
  EXPECT_EQ(lib.info()->num_args, 3);
  std::vector<float> in(100), out(100, 0.0f);
  for (int i = 0; i < 100; ++i) in[i] = static_cast<float>(i);
  int32_t n = 100;
  void *args[3] = {in.data(), out.data(), &n};
  int64_t numel[3] = {100, 100, 0};
  int32_t grid[3] = {13, 1, 1};
  te::LaunchOptions o;
  o.threads = 2;
  auto r = te::launch(lib.programs(), lib.info(), args, numel, grid, o);
  ASSERT_TRUE(r.ok) << r.error;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(out[i], 2.0f * i);
  te::KernelLibrary moved = std::move(lib);
  EXPECT_EQ(moved.programs() != nullptr, true);
}

TEST(KernelLibrary, ClearErrors) {
  std::string e = error_of([] { te::KernelLibrary::open("/nonexistent/libk.so", "twice"); });
  EXPECT_NE(e.find("/nonexistent/libk.so"), std::string::npos) << e;
  e = error_of([] { te::KernelLibrary::open(TE_TEST_KERNEL_LIB, "thrice"); });
  EXPECT_NE(e.find("thrice_programs"), std::string::npos) << e;
  EXPECT_NE(e.find(TE_TEST_KERNEL_LIB), std::string::npos) << e;
  e = error_of([] { te::KernelLibrary::open(TE_TEST_KERNEL_LIB, "old"); });
  EXPECT_NE(e.find("ABI version"), std::string::npos) << e;
}
