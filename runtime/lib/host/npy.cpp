#include "triton-edge-rt/npy.h"
#include "triton-edge-rt/safe_write.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

namespace te {

int64_t NpyArray::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

te_dtype npy_descr_to_dtype(const std::string &descr, const std::string &what) {
  if (descr.size() < 2) throw Error(what + ": malformed dtype descr '" + descr + "'");
  char order = descr[0];
  std::string code = descr.substr(1);
  bool single = code == "b1" || code == "i1" || code == "u1";
  if (order == '>' && !single)
    throw Error(what + ": big-endian dtype '" + descr + "' is not supported");
  if (order != '<' && order != '|' && order != '=' && !(order == '>' && single))
    throw Error(what + ": malformed dtype descr '" + descr + "'");
  static const struct { const char *code; te_dtype t; } table[] = {
      {"b1", TE_I1},  {"i1", TE_I8},  {"i2", TE_I16}, {"i4", TE_I32}, {"i8", TE_I64},
      {"u1", TE_U8},  {"u2", TE_U16}, {"u4", TE_U32}, {"u8", TE_U64}, {"f2", TE_F16},
      {"f4", TE_F32}, {"f8", TE_F64},
  };
  for (auto &e : table)
    if (code == e.code) return e.t;
  throw Error(what + ": unsupported dtype '" + descr + "'");
}

std::string npy_dtype_to_descr(te_dtype t) {
  switch (t) {
  case TE_I1: return "|b1";
  case TE_I8: return "|i1";
  case TE_I16: return "<i2";
  case TE_I32: return "<i4";
  case TE_I64: return "<i8";
  case TE_U8: case TE_F8E4M3FN: case TE_F8E5M2: case TE_F8E4M3FNUZ: case TE_F8E5M2FNUZ:
  case TE_F8E4B15: return "|u1";
  case TE_U16: case TE_BF16: return "<u2";
  case TE_U32: return "<u4";
  case TE_U64: return "<u8";
  case TE_F16: return "<f2";
  case TE_F32: return "<f4";
  case TE_F64: return "<f8";
  }
  throw Error("npy: unknown te_dtype " + std::to_string(static_cast<int>(t)));
}

namespace {

// A parser for the Python dict literal of an .npy header:
// {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
struct HeaderParser {
  const std::string &s;
  const std::string &what;
  size_t i = 0;

  [[noreturn]] void fail(const std::string &msg) {
    throw Error(what + ": malformed npy header (" + msg + "): " + s);
  }
  void ws() { while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i; }
  bool eat(char c) {
    ws();
    if (i < s.size() && s[i] == c) { ++i; return true; }
    return false;
  }
  void expect(char c) { if (!eat(c)) fail(std::string("expected '") + c + "'"); }
  std::string str() {
    ws();
    if (i >= s.size() || (s[i] != '\'' && s[i] != '"')) fail("expected a string");
    char q = s[i++];
    size_t e = s.find(q, i);
    if (e == std::string::npos) fail("unterminated string");
    std::string r = s.substr(i, e - i);
    i = e + 1;
    return r;
  }
  bool boolean() {
    ws();
    if (s.compare(i, 4, "True") == 0) { i += 4; return true; }
    if (s.compare(i, 5, "False") == 0) { i += 5; return false; }
    fail("expected True or False");
  }
  int64_t integer() {
    ws();
    size_t st = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (st == i) fail("expected a non-negative integer");
    if (i < s.size() && s[i] == 'L') ++i; // Python 2 longs
    errno = 0;
    long long v = std::strtoll(s.c_str() + st, nullptr, 10);
    if (errno) fail("integer out of range");
    return v;
  }
  std::vector<int64_t> tuple() {
    expect('(');
    std::vector<int64_t> r;
    if (eat(')')) return r;
    for (;;) {
      r.push_back(integer());
      if (eat(')')) break;
      expect(',');
      if (eat(')')) break;
    }
    return r;
  }
};

} // namespace

NpyArray parse_npy(const void *bytes, size_t size, const std::string &what) {
  const unsigned char *b = static_cast<const unsigned char *>(bytes);
  if (size < 10 || std::memcmp(b, "\x93NUMPY", 6) != 0)
    throw Error(what + ": not an .npy file (bad magic)");
  int major = b[6];
  size_t hlen, hstart;
  if (major == 1) {
    hlen = b[8] | (static_cast<size_t>(b[9]) << 8);
    hstart = 10;
  } else if (major == 2 || major == 3) {
    if (size < 12) throw Error(what + ": truncated .npy header");
    hlen = b[8] | (static_cast<size_t>(b[9]) << 8) | (static_cast<size_t>(b[10]) << 16) |
           (static_cast<size_t>(b[11]) << 24);
    hstart = 12;
  } else {
    throw Error(what + ": unsupported .npy format version " + std::to_string(major) + "." +
                std::to_string(b[7]));
  }
  if (hstart + hlen > size) throw Error(what + ": truncated .npy header");
  std::string header(reinterpret_cast<const char *>(b + hstart), hlen);

  HeaderParser p{header, what};
  std::string descr;
  bool fortran = false, have_descr = false, have_order = false, have_shape = false;
  std::vector<int64_t> shape;
  p.expect('{');
  while (!p.eat('}')) {
    std::string key = p.str();
    p.expect(':');
    if (key == "descr") descr = p.str(), have_descr = true;
    else if (key == "fortran_order") fortran = p.boolean(), have_order = true;
    else if (key == "shape") shape = p.tuple(), have_shape = true;
    else p.fail("unknown key '" + key + "'");
    if (!p.eat(',')) { p.expect('}'); break; }
  }
  if (!have_descr || !have_order || !have_shape)
    p.fail("missing descr, fortran_order or shape");

  NpyArray a;
  a.descr = descr;
  a.dtype = npy_descr_to_dtype(descr, what);
  a.shape = shape;
  if (fortran && shape.size() > 1)
    throw Error(what + ": Fortran-order arrays with more than one dimension are not supported");
  int64_t n = 1;
  for (int64_t d : shape)
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d)
      throw Error(what + ": shape too large");
    else
      n *= d;
  size_t want = static_cast<size_t>(n) * dtype_size(a.dtype);
  size_t have = size - hstart - hlen;
  if (have != want)
    throw Error(what + ": data is " + std::to_string(have) + " bytes but the header's shape and dtype need " +
                std::to_string(want) + " (" + std::to_string(n) + " elements of " + descr + ")");
  a.data = Buffer(want);
  if (want) std::memcpy(a.data.data(), b + hstart + hlen, want);
  return a;
}

NpyArray read_npy(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path + ": cannot open (" + std::strerror(errno) + ")");
  std::ostringstream ss;
  ss << f.rdbuf();
  std::string all = ss.str();
  return parse_npy(all.data(), all.size(), path);
}

void write_npy(const std::string &path, te_dtype t, const std::vector<int64_t> &shape,
               const void *data) {
  std::string h = "{'descr': '" + npy_dtype_to_descr(t) + "', 'fortran_order': False, 'shape': (";
  int64_t n = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    h += std::to_string(shape[i]);
    h += shape.size() == 1 ? "," : (i + 1 < shape.size() ? ", " : "");
    n *= shape[i];
  }
  h += "), }";
  // Pad so the data starts at a multiple of 64, header ends with '\n'.
  size_t pre = 10;
  size_t total = (pre + h.size() + 1 + 63) / 64 * 64;
  int major = 1;
  if (total - pre > 65535) {
    major = 2;
    pre = 12;
    total = (pre + h.size() + 1 + 63) / 64 * 64;
  }
  h.append(total - pre - h.size() - 1, ' ');
  h += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  size_t hl = h.size();
  out += static_cast<char>(hl & 0xff);
  out += static_cast<char>((hl >> 8) & 0xff);
  if (major == 2) {
    out += static_cast<char>((hl >> 16) & 0xff);
    out += static_cast<char>((hl >> 24) & 0xff);
  }
  out += h;
  std::string e = write_file_checked(
      path, {{out.data(), out.size()}, {data, static_cast<size_t>(n * dtype_size(t))}});
  if (!e.empty()) throw Error(e);
}

void write_npy(const std::string &path, const NpyArray &a) {
  write_npy(path, a.dtype, a.shape, a.data.data());
}

} // namespace te
