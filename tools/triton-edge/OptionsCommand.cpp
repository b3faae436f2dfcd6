// What Options.def declares, printed: --help's option list,
// `triton-edge options --json` (Python reads it) and `--markdown=cli|python`
// (the tables of README.md and docs/python.md).
#include "Driver.h"

#include "triton-edge/Target/Options.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <iostream>
#include <sstream>

namespace te {

using mlir::triton_edge::OptionGroup;
using mlir::triton_edge::OptionInfo;
using mlir::triton_edge::OptionKind;
using mlir::triton_edge::optionTable;

namespace {
const char *groupTitle(OptionGroup g) {
  switch (g) {
  case OptionGroup::Mechanisms: return "Mechanisms (the ablation ladder)";
  case OptionGroup::Target: return "Target";
  case OptionGroup::Checking: return "Checking";
  }
  return "";
}

const char *kindName(OptionKind k) {
  switch (k) {
  case OptionKind::OnOff: return "on-off";
  case OptionKind::Enum: return "enum";
  case OptionKind::Int: return "int";
  case OptionKind::String: return "string";
  }
  return "";
}

std::vector<std::string> layers(const OptionInfo &o) {
  std::vector<std::string> out;
  for (unsigned bit = 1; bit <= 4; bit <<= 1)
    if (o.layers & bit)
      out.push_back(mlir::triton_edge::layerName(bit));
  return out;
}

std::string flag(const OptionInfo &o) {
  return std::string("--") + o.name + (o.repeatable ? " " : "=") + o.valueSyntax();
}

/// `text` in lines of at most `width` columns after an indent of `indent`.
std::string wrap(const std::string &text, size_t indent, size_t width) {
  std::string out, line;
  std::istringstream words(text);
  std::string w;
  while (words >> w) {
    if (!line.empty() && indent + line.size() + 1 + w.size() > width) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
    }
    line += (line.empty() ? "" : " ") + w;
  }
  return out + line;
}

std::string helpText(const OptionInfo &o) {
  std::string h = o.help;
  if (*o.defaultValue)
    h += std::string(" (default ") + o.defaultValue + ")";
  return h;
}

void printJson(llvm::raw_ostream &os) {
  llvm::json::OStream j(os, 2);
  j.array([&] {
    for (const OptionInfo &o : optionTable()) {
      j.object([&] {
        j.attribute("name", o.name);
        j.attribute("kind", kindName(o.kind));
        llvm::json::Array choices;
        for (llvm::StringRef c : o.choiceList())
          choices.push_back(c.str());
        j.attribute("choices", std::move(choices));
        bool ranged = o.kind == OptionKind::Int;
        j.attribute("min", ranged ? llvm::json::Value(o.min) : nullptr);
        j.attribute("max", ranged ? llvm::json::Value(o.max) : nullptr);
        j.attribute("default", *o.defaultValue ? llvm::json::Value(o.defaultValue) : nullptr);
        llvm::json::Array ls;
        for (const std::string &l : layers(o))
          ls.push_back(l);
        j.attribute("layers", std::move(ls));
        j.attribute("repeatable", o.repeatable);
        j.attribute("python", o.python ? llvm::json::Value(o.pythonName()) : nullptr);
        const char *pyDefault = o.effectivePythonDefault();
        j.attribute("python_default",
                    o.python && *pyDefault ? llvm::json::Value(pyDefault) : nullptr);
        j.attribute("value", o.valueSyntax());
        j.attribute("help", o.help);
      });
    }
  });
  os << "\n";
}

/// Values as the docs list them: `on`, `off` / `auto`, `1`..`1024` / FILE.
std::string markdownValues(const OptionInfo &o) {
  std::string s;
  for (llvm::StringRef c : o.choiceList())
    s += (s.empty() ? "`" : ", `") + c.str() + "`";
  if (o.kind == OptionKind::Int) {
    std::string max = o.max == INT64_MAX ? "" : std::to_string(o.max);
    s += (s.empty() ? "`" : ", `") + std::to_string(o.min) + "`.." + (max.empty() ? "" : "`" + max + "`");
    s += std::string(" (") + o.meta + ")";
  } else if (o.kind == OptionKind::String) {
    s = std::string("`") + o.meta + "`";
  }
  // A '|' in a code span still splits a table cell.
  std::string escaped;
  for (char c : s)
    escaped += c == '|' ? std::string("\\|") : std::string(1, c);
  return escaped;
}

std::string markdownDefault(const char *v) { return *v ? std::string("`") + v + "`" : "unset"; }

void printMarkdown(llvm::raw_ostream &os, bool python) {
  if (python) {
    os << "| option | environment | values | default | what |\n| --- | --- | --- | --- | --- |\n";
  } else {
    os << "| flag | values | default | used by | what |\n| --- | --- | --- | --- | --- |\n";
  }
  for (const OptionInfo &o : optionTable()) {
    if (python && !o.python)
      continue;
    std::string used;
    for (const std::string &l : layers(o))
      used += (used.empty() ? "" : ", ") + l;
    if (python) {
      std::string py = o.pythonName();
      std::string env = py.rfind("te_", 0) == 0 ? py.substr(3) : py;
      for (char &c : env)
        c = static_cast<char>(std::toupper(c));
      os << "| `" << py << "` | `TRITON_EDGE_" << env << "` | " << markdownValues(o) << " | "
         << markdownDefault(o.effectivePythonDefault()) << " | " << o.help << " |\n";
    } else {
      os << "| `--" << o.name << "` | " << markdownValues(o) << " | "
         << markdownDefault(o.defaultValue) << " | " << used << " | " << o.help << " |\n";
    }
  }
}
} // namespace

std::string optionsHelp() {
  std::string out;
  OptionGroup group = OptionGroup::Mechanisms;
  bool first = true;
  for (const OptionInfo &o : optionTable()) {
    if (first || o.group != group)
      out += std::string(groupTitle(o.group)) + ":\n";
    first = false;
    group = o.group;
    std::string f = "  " + flag(o);
    f += f.size() < 24 ? std::string(24 - f.size(), ' ') : "\n" + std::string(24, ' ');
    out += f + wrap(helpText(o), 24, 88) + "\n";
  }
  return out + "Spellings: --check-bounds alone is --check-bounds=on, --no-asserts is "
               "--asserts=off.\n";
}

int optionsCommand(int argc, char **argv) {
  std::string what = argc > 2 ? argv[2] : "--help";
  if (what == "--json" && argc == 5 && std::string(argv[3]) == "-o") {
    std::error_code ec; // the build writes python/triton_edge/_options.json so
    llvm::raw_fd_ostream file(argv[4], ec);
    if (ec) {
      std::cerr << "triton-edge options: cannot write " << argv[4] << ": " << ec.message() << "\n";
      return 2;
    }
    printJson(file);
  } else if (what == "--json" && argc == 3) {
    printJson(llvm::outs());
  } else if (what == "--markdown=cli" || what == "--markdown=python") {
    printMarkdown(llvm::outs(), what == "--markdown=python");
  } else if (what == "--help" || what == "-h") {
    std::cout << "triton-edge options --json [-o FILE] | --markdown=cli | --markdown=python\n\n"
              << optionsHelp();
  } else {
    std::cerr << "triton-edge options: unknown argument '" << what
              << "' (--json, --markdown=cli or --markdown=python)\n";
    return 2;
  }
  llvm::outs().flush();
  return 0;
}

} // namespace te
