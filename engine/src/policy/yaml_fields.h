// Typed, located reads of yaml-cpp nodes for the policy parser. Every problem becomes a
// Diagnostic "file:line:column: message"; nothing here throws.
#ifndef BULWARK_ENGINE_POLICY_YAML_FIELDS_H_
#define BULWARK_ENGINE_POLICY_YAML_FIELDS_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/diagnostic.h"
#include "policy/model.h"

namespace bulwark::policy {

// Collects the diagnostics of one file.
class FileDiagnostics {
 public:
  FileDiagnostics(std::string file, std::vector<Diagnostic>* out)
      : file_(std::move(file)), out_(out) {}

  void Error(const YAML::Mark& at, std::string message);
  void Error(const SourceLoc& at, std::string message);
  void Warning(const SourceLoc& at, std::string message);
  SourceLoc Loc(const YAML::Mark& at) const;
  SourceLoc Loc(const YAML::Node& node) const { return Loc(node.Mark()); }
  const std::string& file() const { return file_; }
  int errors() const { return errors_; }

 private:
  std::string file_;
  std::vector<Diagnostic>* out_;
  int errors_ = 0;
};

// The closest of `candidates` to `word` within an edit distance of 2, or "".
std::string_view Suggest(std::string_view word, const std::vector<std::string_view>& candidates);

// Every YAML document of `text`, as YAML::LoadAll would return them, without its failure mode:
// yaml-cpp 0.7 (Debian 12) loops forever, allocating, on some malformed input (fixed upstream in
// yaml-cpp PR #1319; found here by tests/fuzz/fuzz_policy). The text is split at document
// markers ("---" / "..." at the start of a line) and each document loaded on its own, with the
// lines before it kept blank so that marks stay those of the file. A document with content that
// yaml-cpp reads as nothing is a YAML::ParserException, not an empty document. Throws what
// YAML::Load throws.
std::vector<YAML::Node> LoadDocuments(std::string_view text);

// Which of a YAML text's lines hold nothing but a comment, outside block scalars and quoted
// scalars (where a '#' line is content): LoadDocuments hands them to yaml-cpp as empty lines.
// When the quoting cannot be followed to the end (a quote left open), no line is marked.
std::vector<bool> CommentOnlyLines(const std::vector<std::string_view>& lines);

// Checks that `node` is a map whose keys are scalars from `allowed`, each present once.
// Reports "<what>: unknown key 'x' (did you mean 'y'?)" at the key, and duplicates.
// Returns false if `node` is not a map (after reporting it).
bool CheckMap(const YAML::Node& node, std::string_view what,
              const std::vector<std::string_view>& allowed, FileDiagnostics& d);

// Reads map[key] when present. A present value of the wrong shape is reported and yields
// nullopt / false. `what` names the enclosing object in messages ("detector 'card'").
std::optional<std::string> ReadString(const YAML::Node& map, const char* key, std::string_view what,
                                      FileDiagnostics& d);
// Accepts a single scalar or a sequence of scalars.
std::optional<std::vector<std::string>> ReadStringList(const YAML::Node& map, const char* key,
                                                       std::string_view what, FileDiagnostics& d);
std::optional<int64_t> ReadInt(const YAML::Node& map, const char* key, std::string_view what,
                               int64_t min, int64_t max, FileDiagnostics& d);
// A decimal number between min and max.
std::optional<double> ReadDouble(const YAML::Node& map, const char* key, std::string_view what,
                                 double min, double max, FileDiagnostics& d);
std::optional<bool> ReadBool(const YAML::Node& map, const char* key, std::string_view what,
                             FileDiagnostics& d);

// Reads a string and requires it to be present and non-empty.
std::optional<std::string> RequireString(const YAML::Node& map, const char* key,
                                         std::string_view what, FileDiagnostics& d);

// True for names usable as policy, library, detector and rule ids: [A-Za-z0-9][A-Za-z0-9_-]*.
bool IsValidName(std::string_view name);

}  // namespace bulwark::policy

#endif  // BULWARK_ENGINE_POLICY_YAML_FIELDS_H_
