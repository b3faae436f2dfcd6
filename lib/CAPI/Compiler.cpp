// The C API of the compiler (include/triton-edge-c/Compiler.h): the option
// table's parser, Compiler::compileText, errors as text.
#include "triton-edge-c/Compiler.h"

#include "triton-edge/Target/Compiler.h"
#include "triton-edge/Target/Options.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <exception>
#include <new>
#include <string>
#include <vector>

using namespace mlir::triton_edge;

struct te_compile_result {
  bool ok = false;
  std::string diagnostics;
  std::string remarks;
  std::string library; // the bytes, when no output path was given
  double times[4] = {0, 0, 0, 0};
};

namespace {
/// Compiles into `output`; returns the error text, "" on success.
std::string compile(llvm::StringRef ttir, llvm::StringRef sourceName,
                    const std::vector<std::string> &flags, llvm::StringRef output,
                    te_compile_result &result) {
  llvm::Expected<OptionValues> given = parseOptionArguments(flags);
  if (!given)
    return llvm::toString(given.takeError());
  llvm::Expected<PipelineOptions> pipeline =
      resolvePipelineOptions(*given, OptionSpelling::CommandLine);
  if (!pipeline)
    return llvm::toString(pipeline.takeError());
  Compiler compiler(*pipeline);
  llvm::raw_string_ostream remarks(result.remarks);
  compiler.setRemarkStream(&remarks);
  llvm::Error err = compiler.compileText(ttir, sourceName, EmitKind::SharedLibrary, output);
  const CompileTimes &t = compiler.times();
  result.times[0] = t.parse, result.times[1] = t.mlir, result.times[2] = t.llvm,
  result.times[3] = t.link;
  return err ? llvm::toString(std::move(err)) : "";
}

/// Compiles into a private directory and keeps the library's bytes.
std::string compileToBytes(llvm::StringRef ttir, llvm::StringRef sourceName,
                           const std::vector<std::string> &flags, te_compile_result &result) {
  llvm::SmallString<128> dir;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("triton-edge", dir))
    return "cannot create a temporary directory: " + ec.message();
  llvm::scope_exit removeDir([&] { llvm::sys::fs::remove_directories(dir); });
  llvm::SmallString<128> output(dir);
  llvm::sys::path::append(output, "kernel.so");
  std::string error = compile(ttir, sourceName, flags, output, result);
  if (!error.empty())
    return error;
  auto bytes = llvm::MemoryBuffer::getFile(output, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
  if (!bytes)
    return "cannot read " + output.str().str() + ": " + bytes.getError().message();
  result.library = (*bytes)->getBuffer().str();
  return "";
}
} // namespace

extern "C" {

int32_t te_compiler_c_api_version(void) { return TE_COMPILER_C_API_VERSION; }

int32_t te_compiler_links_in_process(void) { return linksInProcess() ? 1 : 0; }

te_compile_result *te_compile_ttir(const char *ttir, size_t ttir_size, const char *source_name,
                                   const char *const *flags, int32_t num_flags,
                                   const char *output_path) {
  auto *result = new (std::nothrow) te_compile_result();
  if (!result)
    return nullptr;
  // No C++ exception may cross into C (the profile reader's te::Error is
  // caught where it is thrown; this is the last guard).
  try {
    if (!ttir || !source_name || (num_flags > 0 && !flags) || num_flags < 0) {
      result->diagnostics = "te_compile_ttir: null text, source name or flags";
      return result;
    }
    std::vector<std::string> args;
    for (int32_t i = 0; i < num_flags; ++i) {
      if (!flags[i]) {
        result->diagnostics = "te_compile_ttir: flag " + std::to_string(i) + " is null";
        return result;
      }
      args.emplace_back(flags[i]);
    }
    llvm::StringRef text(ttir, ttir_size);
    result->diagnostics = output_path
                              ? compile(text, source_name, args, output_path, *result)
                              : compileToBytes(text, source_name, args, *result);
    result->ok = result->diagnostics.empty();
  } catch (const std::exception &e) {
    result->diagnostics = std::string("internal error: ") + e.what();
    result->library.clear();
  }
  return result;
}

int32_t te_compile_result_ok(const te_compile_result *result) {
  return result && result->ok ? 1 : 0;
}

const char *te_compile_result_diagnostics(const te_compile_result *result) {
  return result ? result->diagnostics.c_str() : "";
}

const char *te_compile_result_remarks(const te_compile_result *result) {
  return result ? result->remarks.c_str() : "";
}

const void *te_compile_result_library(const te_compile_result *result, size_t *size) {
  bool has = result && result->ok && !result->library.empty();
  if (size)
    *size = has ? result->library.size() : 0;
  return has ? result->library.data() : nullptr;
}

void te_compile_result_times(const te_compile_result *result, double times[4]) {
  for (int i = 0; i < 4; ++i)
    times[i] = result ? result->times[i] : 0;
}

void te_compile_result_destroy(te_compile_result *result) { delete result; }

} // extern "C"
