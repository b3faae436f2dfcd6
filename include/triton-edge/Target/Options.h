#ifndef TRITON_EDGE_TARGET_OPTIONS_H
#define TRITON_EDGE_TARGET_OPTIONS_H

#include "triton-edge/Target/Pipeline.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlir::triton_edge {

/// The options of Options.def, one enumerator each.
enum class OptionId {
#define TE_OPTION(ID, ...) ID,
#include "triton-edge/Target/Options.def"
};

enum class OptionKind { OnOff, Enum, Int, String };
/// Who consumes an option (bits of OptionInfo::layers).
namespace OptionLayer {
enum : unsigned { Pipeline = 1, Launch = 2, Check = 4 };
} // namespace OptionLayer
enum class OptionGroup { Mechanisms, Target, Checking };

/// One record of Options.def.
struct OptionInfo {
  OptionId id;
  const char *name;
  OptionKind kind;
  const char *choices; // '|'-separated
  int64_t min, max;
  const char *meta;
  const char *defaultValue; // "" = unset
  unsigned layers;
  bool python;
  const char *pythonDefault; // "" = defaultValue
  OptionGroup group;
  const char *help;
  bool repeatable;

  std::vector<llvm::StringRef> choiceList() const;
  /// "on or off", "sync, async or prefetch", "auto or a count from 1 to 1024".
  std::string valueDescription() const;
  /// "on|off", "1|2|3", "auto|N", "NAME|FILE".
  std::string valueSyntax() const;
  const char *effectivePythonDefault() const {
    return *pythonDefault ? pythonDefault : defaultValue;
  }
  /// The Python name: dashes as underscores; `target` is `te_target`
  /// (Triton's metadata has a `target`).
  std::string pythonName() const;
};

llvm::ArrayRef<OptionInfo> optionTable();
const OptionInfo &optionInfo(OptionId id);
const OptionInfo *findOption(llvm::StringRef name);
const char *layerName(unsigned layerBit);

/// How messages spell an option: `--NAME` on the command line, `NAME` in
/// triton-edge-opt's pipeline options.
enum class OptionSpelling { CommandLine, PipelineOption };
std::string spell(OptionSpelling s, llvm::StringRef name);

/// `value` checked against the record; returns it canonical (on/off for
/// 1/true/0/false) or an error "--NAME takes ..., got 'VALUE'".
llvm::Expected<std::string> checkOptionValue(const OptionInfo &info, llvm::StringRef value,
                                             OptionSpelling s);

/// The options as given, checked and canonical; an option not given has its
/// default (absent where the default is unset).
struct OptionValues {
  std::map<OptionId, std::string> values;
  std::vector<std::string> profileSets;

  /// Every default of the table.
  static OptionValues defaults();
  bool has(OptionId id) const { return values.count(id); }
  const std::string &get(OptionId id) const;
  bool isOn(OptionId id) const { return has(id) && get(id) == "on"; }
  int64_t getInt(OptionId id) const;
};

/// Sets `value` of `info` in `values`, checked (checkOptionValue); a
/// repeatable option's value is appended.
llvm::Error setOptionValue(const OptionInfo &info, llvm::StringRef value, OptionValues &values,
                           OptionSpelling s);

/// An option of the table as written on a command line.
struct OptionArgument {
  const OptionInfo *info;
  std::string value;
};
/// The option `args[i]` spells: `--NAME=VALUE`, `--NAME VALUE` (the value is
/// args[i + 1]; `i` then moves to it), or the bare `--check-bounds` (on) and
/// `--no-asserts` (asserts off). nullopt when args[i] is none of these (an
/// argument of the front end, or unknown); the value is not checked yet.
std::optional<OptionArgument> matchOptionArgument(llvm::ArrayRef<std::string> args, size_t &i);

/// The table's defaults with `args` applied in order, every argument an
/// option of the table (the CLI's spellings); anything else is an error
/// "unknown option 'ARG'". The parser of front ends that take nothing but
/// options: the C API (include/triton-edge-c/Compiler.h).
llvm::Expected<OptionValues> parseOptionArguments(llvm::ArrayRef<std::string> args);

/// The pipeline layer of `values`: the target (with its profile sets)
/// resolved, every Pipeline option applied, cross-option checks made.
llvm::Expected<PipelineOptions> resolvePipelineOptions(const OptionValues &values,
                                                       OptionSpelling s);

} // namespace mlir::triton_edge

#endif
