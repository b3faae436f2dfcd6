// The last step of `--emit=so`: one object -> a shared library, linked in
// process by lld when the build has it as a library, else by running ld.lld.
#include "Linker.h"

#include "triton-edge/Target/Compiler.h"

#include "triton-edge-rt/safe_write.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

#ifdef TRITON_EDGE_HAVE_LLD
#include "lld/Common/Driver.h"
LLD_HAS_DRIVER(elf)
#endif

#ifndef TRITON_EDGE_LINKER
#define TRITON_EDGE_LINKER "/usr/lib/llvm-22/bin/ld.lld"
#endif

using namespace mlir::triton_edge;

// TRITON_EDGE_LINKER (environment) names another linker taking ld's
// arguments (GNU ld works): machines without LLVM, e.g. where the Python
// package checks the cases it captured.
std::string mlir::triton_edge::linkerPath() {
  if (const char *env = std::getenv("TRITON_EDGE_LINKER"); env && *env)
    return env;
  return TRITON_EDGE_LINKER;
}

static bool linkerOverridden() {
  const char *env = std::getenv("TRITON_EDGE_LINKER");
  return env && *env;
}

bool mlir::triton_edge::linksInProcess() {
#ifdef TRITON_EDGE_HAVE_LLD
  return !linkerOverridden();
#else
  return false;
#endif
}

static std::shared_mutex targetRegistryMutex;

std::shared_lock<std::shared_mutex> mlir::triton_edge::readingTargetRegistry() {
  return std::shared_lock<std::shared_mutex>(targetRegistryMutex);
}

namespace {
/// The same arguments in process and for a linker process: ld.lld's output is
/// byte-identical either way (test/CAPI/compiler.c checks it).
llvm::SmallVector<std::string> linkArguments(llvm::StringRef linker, llvm::StringRef object,
                                             llvm::StringRef output) {
  return {linker.str(), "-shared", "--no-undefined-version", "-o", output.str(), object.str()};
}

#ifdef TRITON_EDGE_HAVE_LLD
/// Links `object` into `partial`; messages name `output`.
llvm::Error linkWithLld(llvm::StringRef object, llvm::StringRef partial, llvm::StringRef output) {
  // lld keeps its state in one process-wide context (CommonLinkerContext)
  // that lldMain creates and destroys per link, and it re-initialises LLVM's
  // targets: links in several threads (the C API compiling kernels at once)
  // take turns, holding the target registry exclusively. A link of one
  // object takes milliseconds; the compiles themselves stay parallel.
  llvm::SmallVector<std::string> args = linkArguments("ld.lld", object, partial);
  // lld's own parallelism is process-wide (llvm::parallel's strategy): one
  // thread, the caller's.
  args.push_back("--threads=1");
  llvm::SmallVector<const char *> argv;
  for (const std::string &a : args)
    argv.push_back(a.c_str());
  std::string messages;
  llvm::raw_string_ostream os(messages);
  std::unique_lock<std::shared_mutex> registryLock(targetRegistryMutex);
  lld::Result result = lld::lldMain(argv, os, os, {{lld::Gnu, &lld::elf::link}});
  if (result.retCode != 0 || !result.canRunAgain)
    return llvm::createStringError("linking %s failed (lld in process): %s",
                                   output.str().c_str(), messages.c_str());
  return llvm::Error::success();
}
#endif

llvm::Error linkWithProcess(llvm::StringRef object, llvm::StringRef partial,
                            llvm::StringRef output) {
  std::string linker = linkerPath();
  llvm::SmallVector<std::string> args = linkArguments(linker, object, partial);
  llvm::SmallVector<llvm::StringRef> argv(args.begin(), args.end());
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(linker, argv, std::nullopt, {}, 0, 0, &message);
  if (rc != 0)
    return llvm::createStringError("linking %s failed (%s exited with %d) %s",
                                   output.str().c_str(), linker.c_str(), rc, message.c_str());
  return llvm::Error::success();
}
} // namespace

llvm::Error mlir::triton_edge::linkSharedLibrary(llvm::ArrayRef<char> object,
                                                 llvm::StringRef output) {
  llvm::SmallString<128> objectPath;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("triton-edge-kernel", "o", objectPath))
    return llvm::createStringError("cannot create a temporary object file: %s",
                                   ec.message().c_str());
  llvm::scope_exit removeObject([&] { llvm::sys::fs::remove(objectPath); });
  std::string error =
      te::write_file_checked(objectPath.str().str(), {{object.data(), object.size()}});
  if (!error.empty())
    return llvm::createStringError("%s", error.c_str());
  // Linked under a temporary name beside the output, then renamed: a reader
  // (another process's cache lookup) never sees half a library.
  llvm::SmallString<256> partial;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueFile(output + ".tmp%%%%%%%%", partial))
    return llvm::createStringError("cannot write '%s': %s", output.str().c_str(),
                                   ec.message().c_str());
  llvm::scope_exit removePartial([&] { llvm::sys::fs::remove(partial); });
#ifdef TRITON_EDGE_HAVE_LLD
  llvm::Error linked = linksInProcess() ? linkWithLld(objectPath, partial, output)
                                        : linkWithProcess(objectPath, partial, output);
#else
  llvm::Error linked = linkWithProcess(objectPath, partial, output);
#endif
  if (linked)
    return linked;
  if (std::error_code ec = llvm::sys::fs::rename(partial, output))
    return llvm::createStringError("cannot write '%s': %s", output.str().c_str(),
                                   ec.message().c_str());
  removePartial.release();
  return llvm::Error::success();
}
