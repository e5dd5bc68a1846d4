// The parsed (not yet compiled) form of policy and detector-library files. Produced by
// PolicyParser (or read back from the parse cache, policy/parse_cache.h, which a unit test holds
// to these structs' equality), consumed by the PolicySet compiler. Every element keeps its source
// location so that errors found after parsing (unknown detector references, bad regexes) can be
// located.
#ifndef BULWARK_ENGINE_POLICY_MODEL_H_
#define BULWARK_ENGINE_POLICY_MODEL_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bulwark/verdict.h"
#include "detect/validator.h"

namespace bulwark::policy {

struct SourceLoc {
  std::string file;
  int line = 0;    // 1-based
  int column = 0;  // 1-based

  bool operator==(const SourceLoc&) const = default;
};

struct ValidatorSpec {
  std::string name;        // one of Validator::Names()
  ValidatorParams params;  // mod11 and entropy parameters
  bool required = true;    // false: a failing value stays at base confidence instead of dropping
  SourceLoc loc;

  bool operator==(const ValidatorSpec&) const = default;
};

struct MaskSpec {
  int keep_start = -1;  // -1: default by length (see detect/masking.h)
  int keep_end = -1;
  bool keep_shape = true;  // false: punctuation is masked too

  bool operator==(const MaskSpec&) const = default;
};

struct DetectorSpec {
  enum class Type { kRegex, kKeywords, kPlugin };
  std::string id;
  std::string description;
  Type type = Type::kRegex;
  std::string regex;                  // kRegex: RE2 syntax
  std::string capture;                // kRegex: group (name or number) holding the value
  std::vector<std::string> keywords;  // kKeywords
  bool case_sensitive = false;        // kKeywords
  bool whole_word = true;             // kKeywords
  std::string plugin;                 // kPlugin: "<plugin>.<type>"
  std::string plugin_config;          // kPlugin: the config block as JSON text ("{}" if none)
  SourceLoc config_loc;               // kPlugin: of the config block (or the plugin key)
  std::optional<ValidatorSpec> validator;
  std::vector<std::string> context_keywords;
  // Matched as written (case-sensitive whole words): short upper-case terms such as "TIN" or
  // "NIN", which as case-insensitive keywords would also be the words "tin" and "nin".
  std::vector<std::string> context_acronyms;
  std::vector<std::string> context_exclude;  // words that lower a value within the window
  int context_window = 300;                  // characters either side of the value
  // `context: {required: true}`: values are looked for only within the window of a keyword
  // and none is reported elsewhere (a shape only its words make an identifier).
  bool context_required = false;
  Confidence base = Confidence::kMedium;
  std::optional<Confidence> with_context;    // default: high when context keywords are set
  std::optional<Confidence> with_validator;  // raised to this when the validator passes
  std::vector<std::string> allow_exact;
  std::vector<std::string> allow_regex;
  std::vector<SourceLoc> allow_regex_locs;
  MaskSpec mask;
  // Drop values that look like placeholders or examples (detect/placeholder.h); unset: the
  // document's `reject_placeholders`.
  std::optional<bool> reject_placeholders;
  SourceLoc loc;          // of the detector entry
  SourceLoc pattern_loc;  // of the regex / keywords value

  bool operator==(const DetectorSpec&) const = default;
};

struct ConditionSpec {
  enum class Kind { kDetector, kAll, kAny, kNot };
  Kind kind = Kind::kDetector;
  // kDetector:
  std::string detector;  // local id, or "<library>.<id>"
  uint32_t min_count = 1;
  Confidence min_confidence = Confidence::kLow;
  bool distinct = false;  // count distinct values rather than occurrences
  // kAll / kAny / kNot (exactly one child for kNot):
  std::vector<ConditionSpec> children;
  SourceLoc loc;

  bool operator==(const ConditionSpec&) const = default;
};

struct RuleSpec {
  std::string id;
  std::string description;
  ConditionSpec when;
  Action action = Action::kAudit;
  Severity severity = Severity::kMedium;
  std::string tip;
  std::string allow_override;  // "" (unset), "none", "with_justification", "without_justification"
  std::optional<bool> allow_false_positive_report;
  SourceLoc loc;

  bool operator==(const RuleSpec&) const = default;
};

struct ScopeSpec {
  std::vector<std::string> resources;  // empty: every resource type
  std::vector<std::string> tenants;    // empty: every tenant
  std::vector<std::string> senders_include;
  std::vector<std::string> senders_exclude;

  bool operator==(const ScopeSpec&) const = default;
};

// One YAML document: `kind: Policy` or `kind: DetectorLibrary`.
struct DocumentSpec {
  enum class Kind { kPolicy, kDetectorLibrary };
  Kind kind = Kind::kPolicy;
  std::string name;
  std::string version;  // MAJOR.MINOR.PATCH, or empty when the file does not say
  std::string description;
  PolicyMode mode = PolicyMode::kEnforce;  // kPolicy only
  // kPolicy only: the action when a detector the policy uses could not examine all of a field
  // (fail closed: block unless the policy says otherwise).
  Action on_incomplete = Action::kBlock;
  ScopeSpec scope;  // kPolicy only
  std::vector<DetectorSpec> detectors;
  std::vector<RuleSpec> rules;  // kPolicy only
  SourceLoc loc;                // of `name`
  // Ids of the detectors left out because of their own errors (already reported): the compiler
  // does not report the rules' references to them again.
  std::set<std::string> broken_detectors;
  // False when the document has errors of its own: it is still compiled to find every other
  // error of the set, but the set does not load.
  bool clean = true;

  bool operator==(const DocumentSpec&) const = default;
};

}  // namespace bulwark::policy

#endif  // BULWARK_ENGINE_POLICY_MODEL_H_
