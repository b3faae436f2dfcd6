// Limits on the text files the tools read (kernel.ttir, kernel.json, target
// profiles), checked before any parser sees the text: the MLIR and JSON
// parsers recurse once per nesting level, so a file nested 100,000 deep
// would overflow the stack instead of failing with an error.
// docs/case-format.md documents the limits.
#ifndef TRITON_EDGE_RT_INPUT_LIMITS_H
#define TRITON_EDGE_RT_INPUT_LIMITS_H

#include "triton-edge-rt/dtype.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <sys/stat.h>

namespace te {

/// Deepest nesting of brackets, braces, parentheses (and, in MLIR text,
/// angle brackets) any input file may have. Real kernels stay below 20.
constexpr int kMaxNesting = 1000;
/// Most programs one launch may run (grid[0] * grid[1] * grid[2]).
constexpr int64_t kMaxPrograms = int64_t(1) << 31;
/// Largest kernel.json or target profile (real ones are a few KiB).
constexpr uint64_t kMaxJsonBytes = uint64_t(1) << 20;
/// Largest kernel.ttir.
constexpr uint64_t kMaxTtirBytes = uint64_t(256) << 20;

/// "LINE:COL: ..." where `text` first nests deeper than kMaxNesting, or ""
/// when it does not. Brackets inside string literals do not count; with
/// `mlir`, neither do those in `//` comments, and `<` `>` count (not `->`).
inline std::string nesting_error(std::string_view text, bool mlir) {
  int depth = 0, line = 1, col = 0;
  bool inString = false, inComment = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    ++col;
    if (c == '\n') {
      ++line, col = 0;
      inComment = false;
      continue;
    }
    if (inComment)
      continue;
    if (inString) {
      if (c == '\\')
        ++i, ++col; // the escaped character cannot end the string
      else if (c == '"')
        inString = false;
      continue;
    }
    bool open = c == '[' || c == '{' || c == '(' || (mlir && c == '<');
    bool close = c == ']' || c == '}' || c == ')' ||
                 (mlir && c == '>' && (i == 0 || text[i - 1] != '-'));
    if (c == '"')
      inString = true;
    else if (mlir && c == '/' && i + 1 < text.size() && text[i + 1] == '/')
      inComment = true;
    else if (open && ++depth > kMaxNesting)
      return std::to_string(line) + ":" + std::to_string(col) + ": nested deeper than " +
             std::to_string(kMaxNesting) + " levels (the limit of docs/case-format.md)";
    else if (close && depth > 0)
      --depth;
  }
  return "";
}

/// Reads `path` into `text`, which must be a regular file (not a device or
/// a FIFO, which could be read forever) of at most `maxBytes`. Returns the
/// error ("PATH: why"), or "" on success. (No exceptions: the compiler
/// library is built without them.)
inline std::string read_bounded(const std::string &path, uint64_t maxBytes, std::string &text) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    return path + ": cannot open (" + std::strerror(errno) + ")";
  if (!S_ISREG(st.st_mode))
    return path + ": not a regular file";
  if (static_cast<uint64_t>(st.st_size) > maxBytes)
    return path + ": " + std::to_string(st.st_size) + " bytes, more than the limit of " +
           std::to_string(maxBytes) + " (docs/case-format.md)";
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return path + ": cannot open (" + std::strerror(errno) + ")";
  text.assign(static_cast<size_t>(st.st_size), '\0');
  size_t got = std::fread(text.data(), 1, text.size(), f);
  // A byte beyond the size stat gave means the file grew while being read.
  bool grew = std::fgetc(f) != EOF;
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed || got != text.size() || grew)
    return path + ": read failed or the file changed while being read";
  return "";
}

#if defined(__cpp_exceptions)
/// Throws te::Error naming `path` when `text` nests too deep.
inline void check_nesting(std::string_view text, const std::string &path, bool mlir) {
  std::string e = nesting_error(text, mlir);
  if (!e.empty())
    throw Error(path + ":" + e);
}

/// read_bounded, throwing te::Error.
inline std::string read_bounded_file(const std::string &path, uint64_t maxBytes) {
  std::string text;
  std::string e = read_bounded(path, maxBytes, text);
  if (!e.empty())
    throw Error(e);
  return text;
}
#endif

} // namespace te

#endif
