#include "cli/args.h"

#include <algorithm>

namespace bulwark::cli {

std::string ParsedArgs::Get(const std::string& name, const std::string& fallback) const {
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? fallback : it->second.back();
}

const std::vector<std::string>& ParsedArgs::All(const std::string& name) const {
  static const std::vector<std::string> kEmpty;
  auto it = values.find(name);
  return it == values.end() ? kEmpty : it->second;
}

Result<ParsedArgs> ParseArgs(int argc, char** argv, int first,
                             const std::vector<OptionSpec>& specs) {
  ParsedArgs out;
  bool only_positional = false;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (only_positional || arg == "-" || arg.rfind("--", 0) != 0) {
      if (!only_positional && arg.size() > 1 && arg[0] == '-' && arg != "-") {
        return Status::InvalidArgument("unknown option '" + arg + "'");
      }
      out.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_inline = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_inline = true;
    }
    if (name == "help") {
      out.values["help"].push_back("");
      continue;
    }
    auto spec = std::find_if(specs.begin(), specs.end(),
                             [&](const OptionSpec& s) { return s.name == name; });
    if (spec == specs.end()) return Status::InvalidArgument("unknown option '--" + name + "'");
    if (spec->value_name.empty()) {
      if (has_inline) return Status::InvalidArgument("option '--" + name + "' takes no value");
      out.values[name].push_back("");
      continue;
    }
    if (!has_inline) {
      if (i + 1 >= argc) return Status::InvalidArgument("option '--" + name + "' needs a value");
      value = argv[++i];
    }
    out.values[name].push_back(value);
  }
  return out;
}

std::string FormatOptions(const std::vector<OptionSpec>& specs) {
  std::string out = "Options:\n";
  for (const OptionSpec& s : specs) {
    std::string left = "  --" + s.name + (s.value_name.empty() ? "" : " " + s.value_name);
    if (left.size() < 28)
      left.resize(28, ' ');
    else
      left += "\n" + std::string(28, ' ');
    out += left + s.help + "\n";
  }
  out += "  --help                    show this help and exit\n";
  return out;
}

}  // namespace bulwark::cli
