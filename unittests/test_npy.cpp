#include "triton-edge-rt/npy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

namespace {

std::string tmp(const std::string &name) { return testing::TempDir() + "te_npy_" + name; }

void write_raw(const std::string &path, const std::string &bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string npy_image(int major, const std::string &header, size_t data_bytes) {
  std::string h = header;
  size_t pre = major == 1 ? 10 : 12;
  while ((pre + h.size() + 1) % 64) h += ' ';
  h += '\n';
  std::string out("\x93NUMPY", 6);
  out += char(major);
  out += char(0);
  out += char(h.size() & 0xff);
  out += char((h.size() >> 8) & 0xff);
  if (major != 1) out += std::string(2, '\0');
  return out + h + std::string(data_bytes, '\x01');
}

template <class F> std::string error_of(F f) {
  try {
    f();
  } catch (const te::Error &e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST(Npy, RoundTripEveryDtype) {
  const te_dtype types[] = {TE_I1, TE_I8, TE_I16, TE_I32, TE_I64, TE_U8, TE_U16,
                            TE_U32, TE_U64, TE_F16, TE_F32, TE_F64};
  for (te_dtype t : types) {
    std::vector<int64_t> shape = {3, 5};
    std::vector<uint8_t> data(15 * te::dtype_size(t));
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7 + 1);
    if (t == TE_I1)
      for (auto &b : data) b &= 1;
    std::string p = tmp(std::string(te::dtype_name(t)) + ".npy");
    te::write_npy(p, t, shape, data.data());
    te::NpyArray a = te::read_npy(p);
    EXPECT_EQ(a.dtype, t);
    EXPECT_EQ(a.descr, te::npy_dtype_to_descr(t));
    EXPECT_EQ(a.shape, shape);
    ASSERT_EQ(a.data.size(), data.size());
    EXPECT_EQ(std::memcmp(a.data.data(), data.data(), data.size()), 0) << te::dtype_name(t);
    // Data starts 64-byte aligned in the file.
    std::ifstream f(p, std::ios::binary | std::ios::ate);
    EXPECT_EQ((static_cast<size_t>(f.tellg()) - data.size()) % 64, 0u);
  }
}

TEST(Npy, ZeroDAndEmpty) {
  double v = 2.5;
  te::write_npy(tmp("scalar.npy"), TE_F64, {}, &v);
  auto a = te::read_npy(tmp("scalar.npy"));
  EXPECT_TRUE(a.shape.empty());
  EXPECT_EQ(a.numel(), 1);
  EXPECT_EQ(*a.data.as<double>(), 2.5);
  te::write_npy(tmp("empty.npy"), TE_F32, {0}, nullptr);
  EXPECT_EQ(te::read_npy(tmp("empty.npy")).numel(), 0);
}

TEST(Npy, Version2AndPythonStyleHeaders) {
  auto img = npy_image(2, "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }", 16);
  auto a = te::parse_npy(img.data(), img.size(), "mem");
  EXPECT_EQ(a.dtype, TE_I32);
  EXPECT_EQ(a.numel(), 4);
  // Key order is free; 1-D Fortran order is the same as C order.
  img = npy_image(1, "{'shape': (4,), 'fortran_order': True, 'descr': '|b1'}", 4);
  a = te::parse_npy(img.data(), img.size(), "mem");
  EXPECT_EQ(a.dtype, TE_I1);
}

TEST(Npy, ReadsTheCorpus) {
  auto a = te::read_npy(std::string(TE_CORPUS_DIR) + "/add_bf16__triton_poi_fused_add_0/in0.npy");
  EXPECT_EQ(a.descr, "<u2");
  EXPECT_EQ(a.numel(), 65536);
}

TEST(Npy, MalformedInputsNameTheFile) {
  struct Bad { const char *name; std::string bytes; const char *needle; };
  std::vector<Bad> bad = {
      {"magic.npy", "NOTNUMPY-----------", "bad magic"},
      {"short.npy", "\x93NUM", "bad magic"},
      {"version.npy", std::string("\x93NUMPY\x09\x00\x10\x00", 10) + std::string(16, ' '), "version"},
      {"trunc_header.npy", std::string("\x93NUMPY\x01\x00\xff\x00{'descr'", 17), "truncated"},
      {"syntax.npy", npy_image(1, "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", 8), "malformed npy header"},
      {"nokey.npy", npy_image(1, "{'descr': '<f4', 'shape': (2,), }", 8), "missing"},
      {"dtype.npy", npy_image(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", 16), "unsupported dtype"},
      {"bigendian.npy", npy_image(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8), "big-endian"},
      {"fortran.npy", npy_image(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16), "Fortran"},
      {"count_short.npy", npy_image(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 8), "need 12"},
      {"count_long.npy", npy_image(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 8), "need 4"},
  };
  for (auto &b : bad) {
    std::string p = tmp(b.name);
    write_raw(p, b.bytes);
    std::string err = error_of([&] { te::read_npy(p); });
    EXPECT_NE(err.find(p), std::string::npos) << b.name << ": " << err;
    EXPECT_NE(err.find(b.needle), std::string::npos) << b.name << ": " << err;
  }
  std::string err = error_of([] { te::read_npy("/nonexistent/dir/x.npy"); });
  EXPECT_NE(err.find("/nonexistent/dir/x.npy"), std::string::npos) << err;
}

TEST(Dtype, HalfAndBf16Conversions) {
  for (float f : {0.0f, -0.0f, 1.0f, -2.5f, 65504.0f, 6.103515625e-05f, 5.9604645e-08f, 0.333251953125f}) {
    EXPECT_EQ(te::half_to_float(te::float_to_half(f)), f) << f;
  }
  EXPECT_EQ(te::float_to_half(1.0f), 0x3c00);
  EXPECT_EQ(te::float_to_half(65520.0f), 0x7c00) << "rounds to inf";
  EXPECT_EQ(te::float_to_half(1.0f + 1.0f / 2048), 0x3c00) << "tie to even";
  EXPECT_EQ(te::float_to_half(1.0f + 3.0f / 2048), 0x3c02) << "tie to even (up)";
  EXPECT_TRUE(std::isnan(te::half_to_float(te::float_to_half(NAN))));
  EXPECT_EQ(te::float_to_bf16(1.0f), 0x3f80);
  EXPECT_EQ(te::bf16_to_float(0x4049), 3.140625f);
  EXPECT_TRUE(std::isnan(te::bf16_to_float(te::float_to_bf16(NAN))));
  // Round-trip of every finite half value.
  for (uint32_t h = 0; h < 0x10000; ++h) {
    if ((h & 0x7c00) == 0x7c00) continue;
    ASSERT_EQ(te::float_to_half(te::half_to_float(static_cast<uint16_t>(h))), h) << std::hex << h;
  }
}

// Buffers keep their alignment through copies and moves (te-bench places
// its workloads at page offset 0 this way).
TEST(Buffer, AlignmentSurvivesCopyAndMove) {
  te::Buffer page(100, 4096);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(page.data()) % 4096, 0u);
  EXPECT_EQ(page.alignment(), 4096u);
  page.data()[99] = 7;
  te::Buffer copy = page;
  EXPECT_EQ(reinterpret_cast<uintptr_t>(copy.data()) % 4096, 0u);
  EXPECT_EQ(copy.data()[99], 7);
  te::Buffer moved = std::move(copy);
  EXPECT_EQ(moved.alignment(), 4096u);
  EXPECT_EQ(moved.data()[99], 7);
  te::Buffer line(100);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(line.data()) % 64, 0u);
  te::Buffer again = te::Buffer::copy_aligned(line, 8192);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(again.data()) % 8192, 0u);
  EXPECT_EQ(again.size(), 100u);
  line = std::move(again); // the swap carries the alignment its delete needs
  EXPECT_EQ(line.alignment(), 8192u);
}
