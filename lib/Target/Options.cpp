// The option table (Options.def) and what every front end shares: value
// checks, the pipeline layer's resolution, triton-edge-opt's registered
// pipelines' options.
#include "triton-edge/Target/Options.h"

#include "llvm/ADT/StringExtras.h"

#include <cstdint>

using namespace mlir::triton_edge;

namespace {
const OptionInfo kOptions[] = {
#define TE_RECORD(ID, NAME, KIND, CHOICES, MIN, MAX, META, DEFAULT, LAYERS, PYTHON, PY_DEFAULT,  \
                  GROUP, HELP, REPEATABLE)                                                     \
  {OptionId::ID, NAME, OptionKind::KIND, CHOICES, MIN, MAX, META, DEFAULT,                     \
   [] {                                                                                        \
     using namespace OptionLayer;                                                              \
     return unsigned(LAYERS);                                                                  \
   }(),                                                                                        \
   PYTHON, PY_DEFAULT, OptionGroup::GROUP, HELP, REPEATABLE},
#define TE_OPTION(...) TE_RECORD(__VA_ARGS__, false)
#define TE_LIST_OPTION(...) TE_RECORD(__VA_ARGS__, true)
#include "triton-edge/Target/Options.def"
#undef TE_RECORD
};

std::string joinOr(llvm::ArrayRef<llvm::StringRef> words) {
  std::string s;
  for (size_t i = 0; i < words.size(); ++i)
    s += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i].str();
  return s;
}
} // namespace

llvm::ArrayRef<OptionInfo> mlir::triton_edge::optionTable() { return kOptions; }

const OptionInfo &mlir::triton_edge::optionInfo(OptionId id) {
  return kOptions[static_cast<size_t>(id)];
}

const OptionInfo *mlir::triton_edge::findOption(llvm::StringRef name) {
  for (const OptionInfo &o : kOptions)
    if (name == o.name)
      return &o;
  return nullptr;
}

const char *mlir::triton_edge::layerName(unsigned layerBit) {
  switch (layerBit) {
  case OptionLayer::Pipeline: return "pipeline";
  case OptionLayer::Launch: return "launch";
  default: return "check";
  }
}

std::string mlir::triton_edge::spell(OptionSpelling s, llvm::StringRef name) {
  return (s == OptionSpelling::CommandLine ? "--" : "") + name.str();
}

std::vector<llvm::StringRef> OptionInfo::choiceList() const {
  if (kind == OptionKind::OnOff)
    return {"on", "off"};
  llvm::SmallVector<llvm::StringRef> parts;
  llvm::StringRef(choices).split(parts, '|', -1, /*KeepEmpty=*/false);
  return {parts.begin(), parts.end()};
}

std::string OptionInfo::pythonName() const {
  if (id == OptionId::Target)
    return "te_target";
  std::string n = name;
  std::replace(n.begin(), n.end(), '-', '_');
  return n;
}

std::string OptionInfo::valueDescription() const {
  if (kind != OptionKind::Int)
    return kind == OptionKind::String ? std::string(meta) : joinOr(choiceList());
  std::vector<llvm::StringRef> words = choiceList();
  std::string prefix = words.empty() ? "" : joinOr(words) + " or ";
  if (max - min <= 3) { // a few values: name them
    std::vector<std::string> values;
    for (int64_t v = min; v <= max; ++v)
      values.push_back(std::to_string(v));
    std::vector<llvm::StringRef> refs(values.begin(), values.end());
    for (llvm::StringRef w : words)
      refs.insert(refs.begin(), w);
    return joinOr(refs);
  }
  std::string article = llvm::StringRef(meta).starts_with("a") ? "an " : "a ";
  if (max == INT64_MAX)
    return prefix + article + meta + " of at least " + std::to_string(min);
  return prefix + article + meta + " from " + std::to_string(min) + " to " + std::to_string(max);
}

std::string OptionInfo::valueSyntax() const {
  if (kind == OptionKind::String)
    return meta;
  std::vector<llvm::StringRef> words = choiceList();
  if (kind != OptionKind::Int)
    return llvm::join(words, "|");
  if (max - min <= 3) {
    std::string s;
    for (int64_t v = min; v <= max; ++v)
      s += (s.empty() ? "" : "|") + std::to_string(v);
    return words.empty() ? s : llvm::join(words, "|") + "|" + s;
  }
  return words.empty() ? "N" : "N|" + llvm::join(words, "|");
}

llvm::Expected<std::string> mlir::triton_edge::checkOptionValue(const OptionInfo &info,
                                                                llvm::StringRef v,
                                                                OptionSpelling s) {
  auto refuse = [&] {
    return llvm::createStringError(spell(s, info.name) + " takes " + info.valueDescription() +
                                   ", got '" + v.str() + "'");
  };
  std::vector<llvm::StringRef> words = info.choiceList();
  switch (info.kind) {
  case OptionKind::OnOff:
    if (v == "on" || v == "1" || v == "true")
      return std::string("on");
    if (v == "off" || v == "0" || v == "false")
      return std::string("off");
    return refuse();
  case OptionKind::Enum:
    // on/off choices take the OnOff aliases too (triton-edge-opt's db=true).
    if (llvm::is_contained(words, "on") && (v == "1" || v == "true"))
      return std::string("on");
    if (llvm::is_contained(words, "off") && (v == "0" || v == "false"))
      return std::string("off");
    if (!llvm::is_contained(words, v))
      return refuse();
    return v.str();
  case OptionKind::Int: {
    if (llvm::is_contained(words, v))
      return v.str();
    int64_t n;
    if (v.getAsInteger(10, n) || n < info.min || n > info.max)
      return refuse();
    if (info.id == OptionId::VectorBytes && (n & (n - 1))) // a special case: powers of two
      return refuse();
    return std::to_string(n);
  }
  case OptionKind::String:
    if (v.empty())
      return llvm::createStringError(spell(s, info.name) + " needs a " +
                                     (info.id == OptionId::Trace ? "file name" : "value"));
    return v.str();
  }
  llvm_unreachable("option kinds are covered");
}

OptionValues OptionValues::defaults() {
  OptionValues v;
  for (const OptionInfo &o : kOptions)
    if (*o.defaultValue)
      v.values[o.id] = o.defaultValue;
  return v;
}

const std::string &OptionValues::get(OptionId id) const {
  static const std::string none;
  auto it = values.find(id);
  return it == values.end() ? none : it->second;
}

int64_t OptionValues::getInt(OptionId id) const {
  int64_t n = 0;
  if (llvm::StringRef(get(id)).getAsInteger(10, n))
    return 0;
  return n;
}

llvm::Error mlir::triton_edge::setOptionValue(const OptionInfo &info, llvm::StringRef value,
                                              OptionValues &values, OptionSpelling s) {
  auto checked = checkOptionValue(info, value, s);
  if (!checked)
    return checked.takeError();
  if (info.repeatable)
    values.profileSets.push_back(*checked);
  else
    values.values[info.id] = *checked;
  return llvm::Error::success();
}

std::optional<OptionArgument>
mlir::triton_edge::matchOptionArgument(llvm::ArrayRef<std::string> args, size_t &i) {
  llvm::StringRef arg = args[i];
  if (arg == "--check-bounds")
    return OptionArgument{&optionInfo(OptionId::CheckBounds), "on"};
  if (arg == "--no-asserts")
    return OptionArgument{&optionInfo(OptionId::Asserts), "off"};
  if (!arg.consume_front("--"))
    return std::nullopt;
  auto [name, value] = arg.split('=');
  const OptionInfo *info = findOption(name);
  if (!info)
    return std::nullopt;
  if (arg.contains('='))
    return OptionArgument{info, value.str()};
  if (i + 1 >= args.size()) // `--vec` last, without its value
    return std::nullopt;
  return OptionArgument{info, args[++i]};
}

llvm::Expected<OptionValues>
mlir::triton_edge::parseOptionArguments(llvm::ArrayRef<std::string> args) {
  OptionValues values = OptionValues::defaults();
  for (size_t i = 0; i < args.size(); ++i) {
    std::optional<OptionArgument> option = matchOptionArgument(args, i);
    if (!option)
      return llvm::createStringError("unknown option '" + args[i] + "'");
    if (llvm::Error err =
            setOptionValue(*option->info, option->value, values, OptionSpelling::CommandLine))
      return std::move(err);
  }
  return values;
}

namespace {
/// --target with its profile sets (a modeled target's fields overridden).
llvm::Error resolveTarget(const OptionValues &v, PipelineOptions &o, OptionSpelling s) {
  auto t = TargetDescription::get(v.get(OptionId::Target));
  if (!t)
    return t.takeError();
  o.target = *t;
  if (v.profileSets.empty())
    return llvm::Error::success();
  if (!o.target.npu)
    return llvm::createStringError(spell(s, "profile-set") + " needs a modeled " +
                                   spell(s, "target") +
                                   " (an NPU profile such as generic-npu)");
  // A profile file's own scratchpad budget outlives the sets.
  int64_t scratch = o.target.scratchpadBytes;
  bool scratchSet = scratch != o.target.npu->scratchpad_bytes;
  auto withSets = TargetDescription::get(v.get(OptionId::Target), v.profileSets);
  if (!withSets)
    return withSets.takeError();
  o.target = *withSets;
  if (scratchSet)
    o.target.scratchpadBytes = scratch;
  return llvm::Error::success();
}
} // namespace

llvm::Expected<PipelineOptions>
mlir::triton_edge::resolvePipelineOptions(const OptionValues &v, OptionSpelling s) {
  PipelineOptions o;
  if (llvm::Error err = resolveTarget(v, o, s))
    return std::move(err);
  o.vectorize = v.isOn(OptionId::Vec);
  o.llvmVectorizers = v.isOn(OptionId::LlvmVectorizers);
  o.doubleBuffer = v.get(OptionId::Db) == "on";
  // auto: decided per kernel by the pipeline on a modeled NPU, off on CPUs.
  o.autoDoubleBuffer = v.get(OptionId::Db) == "auto" && o.target.npu;
  o.buffers = static_cast<int>(v.getInt(OptionId::Buffers));
  o.vectorBytesOverride = v.getInt(OptionId::VectorBytes);
  o.scratchpadBytesOverride = v.getInt(OptionId::ScratchpadBytes);
  o.scratchpadOverrideSource = s == OptionSpelling::CommandLine
                                   ? "--scratchpad-bytes"
                                   : "the scratchpad-bytes option";
  o.splitPrograms = v.isOn(OptionId::SplitPrograms);
  o.fastMath = v.get(OptionId::Math) == "fast";
  o.checkBounds = v.isOn(OptionId::CheckBounds);
  o.asserts = v.isOn(OptionId::Asserts);
  bool prefetch = v.get(OptionId::Dma) == "prefetch";
  // Cross-option checks.
  if (o.buffers == 1 && prefetch)
    return llvm::createStringError(spell(s, "buffers") + "=1 stages without overlap; " +
                                   spell(s, "dma") + "=prefetch needs 2 or 3 buffers");
  if (o.vectorBytesOverride > 0)
    if (llvm::Error err = o.target.checkVectorBytes(o.vectorBytesOverride))
      return std::move(err);
  // An explicit db=on must stage what it is asked to within a hard budget
  // (auto, and the host's heuristic budget, fall back to direct access).
  o.stagingMustFit = o.doubleBuffer && o.scratchpadIsLimit();
  // With DB, the prefetch engine is compiled in: prefetches of the next
  // programs' footprints, compute in place (no staging copies).
  o.prefetchInPlace = o.doubleBuffer && prefetch;
  // A budget set through a profile set is named so in messages.
  for (const std::string &set : v.profileSets)
    if (llvm::StringRef(set).starts_with("scratchpad_bytes=") && !o.scratchpadBytesOverride) {
      o.scratchpadBytesOverride = o.target.scratchpadBytes;
      o.scratchpadOverrideSource = spell(s, "profile-set") + " " + set;
    }
  return o;
}
