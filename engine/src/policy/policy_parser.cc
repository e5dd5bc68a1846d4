#include "policy/policy_parser.h"

#include <re2/re2.h>

#include <nlohmann/json.hpp>
#include <string>

#include "detect/validator.h"

namespace bulwark::policy {

// A YAML config block as JSON: plain scalars that read as booleans or numbers become those
// (YAML 1.2 core schema); quoted scalars and everything else are strings.
nlohmann::json YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : node) out[kv.first.Scalar()] = YamlToJson(kv.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(YamlToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (node.Tag() == "!") return s;  // quoted
      if (s == "true" || s == "false") return s == "true";
      if (s == "null" || s == "~") return nullptr;
      nlohmann::json number = nlohmann::json::parse(s, nullptr, false);
      if (!number.is_discarded() && number.is_number()) return number;
      return s;
    }
    default:
      return nullptr;
  }
}

namespace {

const std::vector<std::string_view> kPolicyKeys = {
    "apiVersion",    "kind",  "name",      "version", "description",        "mode",
    "on_incomplete", "scope", "detectors", "rules",   "reject_placeholders"};
const std::vector<std::string_view> kLibraryKeys = {
    "apiVersion", "kind", "name", "version", "description", "detectors", "reject_placeholders"};

// MAJOR.MINOR.PATCH, each a number without leading zeros (semantic versioning's core).
bool IsVersion(const std::string& v) {
  static const RE2 kVersion(R"((0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8}))");
  return RE2::FullMatch(v, kVersion);
}
const std::vector<std::string_view> kDetectorKeys = {
    "id",         "description", "regex",
    "capture",    "keywords",    "case_sensitive",
    "whole_word", "validator",   "context",
    "confidence", "allow",       "mask",
    "plugin",     "config",      "reject_placeholders"};
const std::vector<std::string_view> kValidatorKeys = {
    "name",     "required",    "weights",  "modulus",     "mode",
    "ten_is_x", "ten_is_zero", "min_bits", "min_classes", "min_length"};
const std::vector<std::string_view> kContextKeys = {"keywords", "acronyms", "window", "exclude",
                                                    "required"};
const std::vector<std::string_view> kConfidenceKeys = {"base", "with_context", "with_validator"};
const std::vector<std::string_view> kAllowItemKeys = {"value", "regex"};
const std::vector<std::string_view> kMaskKeys = {"keep_start", "keep_end", "keep_shape"};
const std::vector<std::string_view> kRuleKeys = {
    "id",       "description", "when",           "action",
    "severity", "tip",         "allow_override", "allow_false_positive_report"};
const std::vector<std::string_view> kConditionKeys = {
    "detector", "min_count", "min_confidence", "distinct", "all", "any", "not"};
const std::vector<std::string_view> kScopeKeys = {"resources", "tenants", "senders"};
const std::vector<std::string_view> kSendersKeys = {"include", "exclude"};

const std::vector<std::string_view> kConfidenceNames = {"low", "medium", "high"};
const std::vector<std::string_view> kActionNames = {"allow", "audit", "notify", "block"};
const std::vector<std::string_view> kOverrideNames = {"none", "with_justification",
                                                      "without_justification"};
const std::vector<std::string_view> kSeverityNames = {"low", "medium", "high", "critical"};

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string UnknownValue(std::string_view what, std::string_view value,
                         const std::vector<std::string_view>& known) {
  std::string msg = std::string(what) + " " + Quote(value);
  std::string_view s = Suggest(value, known);
  if (!s.empty()) {
    msg += " (did you mean " + Quote(s) + "?)";
  } else {
    msg += " (expected one of:";
    for (std::string_view k : known) msg += " " + std::string(k);
    msg += ")";
  }
  return msg;
}

std::optional<Confidence> ReadConfidence(const YAML::Node& map, const char* key,
                                         const std::string& what, FileDiagnostics& d) {
  auto s = ReadString(map, key, what, d);
  if (!s) return std::nullopt;
  auto c = ParseConfidence(*s);
  if (!c)
    d.Error(map[key].Mark(),
            what + ": " + UnknownValue("unknown confidence", *s, kConfidenceNames));
  return c;
}

class Parser {
 public:
  explicit Parser(FileDiagnostics& d) : d_(d) {}

  void ParseDocument(const YAML::Node& doc, std::vector<DocumentSpec>* out) {
    if (doc.IsNull()) return;  // an empty document (e.g. a trailing '---') is fine
    if (!doc.IsMap()) {
      d_.Error(doc.Mark(), "a policy file document must be a map with 'apiVersion' and 'kind'");
      return;
    }
    DocumentSpec spec;
    const int errors_at_start = d_.errors();
    auto api = RequireString(doc, "apiVersion", "document", d_);
    if (api && *api != kApiVersion) {
      d_.Error(doc["apiVersion"].Mark(),
               "unsupported apiVersion " + Quote(*api) + " (expected '" + kApiVersion + "')");
    }
    auto kind = RequireString(doc, "kind", "document", d_);
    if (!kind) return;
    if (*kind == "Policy") {
      spec.kind = DocumentSpec::Kind::kPolicy;
    } else if (*kind == "DetectorLibrary") {
      spec.kind = DocumentSpec::Kind::kDetectorLibrary;
    } else {
      d_.Error(doc["kind"].Mark(),
               UnknownValue("unknown kind", *kind, {"Policy", "DetectorLibrary"}));
      return;
    }
    const bool is_policy = spec.kind == DocumentSpec::Kind::kPolicy;
    const std::string what0 = is_policy ? "policy" : "detector library";
    CheckMap(doc, what0, is_policy ? kPolicyKeys : kLibraryKeys, d_);
    auto name = RequireString(doc, "name", what0, d_);
    if (name) {
      spec.name = *name;
      spec.loc = d_.Loc(doc["name"]);
      if (!IsValidName(*name)) {
        d_.Error(doc["name"].Mark(),
                 what0 + " name " + Quote(*name) + " must match [A-Za-z0-9][A-Za-z0-9_-]*");
      }
    } else {
      spec.loc = d_.Loc(doc);
    }
    const std::string what = what0 + " " + Quote(spec.name);
    spec.description = ReadString(doc, "description", what, d_).value_or("");
    if (auto version = ReadString(doc, "version", what, d_)) {
      if (IsVersion(*version)) {
        spec.version = *version;
      } else {
        d_.Error(doc["version"].Mark(),
                 what + ": version " + Quote(*version) + " must be MAJOR.MINOR.PATCH (e.g. 1.4.0)");
      }
    }
    if (is_policy) {
      if (auto mode = ReadString(doc, "mode", what, d_)) {
        if (auto m = ParsePolicyMode(*mode)) {
          spec.mode = *m;
        } else {
          d_.Error(doc["mode"].Mark(),
                   what + ": " + UnknownValue("unknown mode", *mode, {"enforce", "simulate"}));
        }
      }
      if (auto act = ReadString(doc, "on_incomplete", what, d_)) {
        if (auto a = ParseAction(*act)) {
          spec.on_incomplete = *a;
        } else {
          d_.Error(doc["on_incomplete"].Mark(),
                   what + ": " + UnknownValue("unknown on_incomplete action", *act, kActionNames));
        }
      }
      if (doc["scope"].IsDefined()) ParseScope(doc["scope"], what, &spec.scope);
    }
    // The document's default for its detectors that do not say (detect/placeholder.h).
    const bool reject_placeholders = ReadBool(doc, "reject_placeholders", what, d_).value_or(false);
    const YAML::Node detectors = doc["detectors"];
    if (detectors.IsDefined()) {
      if (!detectors.IsSequence()) {
        d_.Error(detectors.Mark(), what + ": 'detectors' must be a list");
      } else {
        for (const YAML::Node& det : detectors) {
          // A detector with errors of its own is left out (its id remembered), so that the
          // compiler reports the set's other errors without repeating these.
          const int before = d_.errors();
          std::string id;
          ParseDetector(det, what, &spec.detectors, &id);
          if (d_.errors() == before) continue;
          if (!spec.detectors.empty() && spec.detectors.back().id == id) spec.detectors.pop_back();
          if (!id.empty()) spec.broken_detectors.insert(id);
        }
      }
    }
    for (DetectorSpec& det : spec.detectors) {
      if (!det.reject_placeholders) det.reject_placeholders = reject_placeholders;
    }
    if (is_policy) {
      const YAML::Node rules = doc["rules"];
      if (!rules.IsDefined()) {
        d_.Error(doc.Mark(), what + ": missing required key 'rules'");
      } else if (!rules.IsSequence() || rules.size() == 0) {
        d_.Error(rules.Mark(), what + ": 'rules' must be a non-empty list");
      } else {
        for (const YAML::Node& rule : rules) {
          const int before = d_.errors();
          const size_t count = spec.rules.size();
          ParseRule(rule, what, &spec.rules);
          if (d_.errors() != before && spec.rules.size() > count) spec.rules.pop_back();
        }
      }
    } else if (spec.detectors.empty() && d_.errors() == 0) {
      d_.Error(doc.Mark(), what + ": a detector library needs at least one detector");
    }
    spec.clean = d_.errors() == errors_at_start;
    out->push_back(std::move(spec));
  }

 private:
  void ParseScope(const YAML::Node& node, const std::string& what, ScopeSpec* scope) {
    const std::string w = what + " scope";
    if (!CheckMap(node, w, kScopeKeys, d_)) return;
    scope->resources =
        ReadStringList(node, "resources", w, d_).value_or(std::vector<std::string>{});
    scope->tenants = ReadStringList(node, "tenants", w, d_).value_or(std::vector<std::string>{});
    const YAML::Node senders = node["senders"];
    if (senders.IsDefined() && CheckMap(senders, w + " senders", kSendersKeys, d_)) {
      scope->senders_include =
          ReadStringList(senders, "include", w, d_).value_or(std::vector<std::string>{});
      scope->senders_exclude =
          ReadStringList(senders, "exclude", w, d_).value_or(std::vector<std::string>{});
    }
  }

  // Parses one detector into *out; *id is its id when it has one (even with errors).
  void ParseDetector(const YAML::Node& node, const std::string& owner,
                     std::vector<DetectorSpec>* out, std::string* id_out) {
    DetectorSpec det;
    det.loc = d_.Loc(node);
    if (!CheckMap(node, owner + " detector", kDetectorKeys, d_)) return;
    auto id = RequireString(node, "id", owner + " detector", d_);
    if (!id) return;
    det.id = *id;
    *id_out = *id;
    const std::string what = "detector " + Quote(det.id);
    if (!IsValidName(det.id)) {
      d_.Error(node["id"].Mark(), what + ": id must match [A-Za-z0-9][A-Za-z0-9_-]*");
    }
    det.description = ReadString(node, "description", what, d_).value_or("");
    const bool has_regex = node["regex"].IsDefined();
    const bool has_keywords = node["keywords"].IsDefined();
    const bool has_plugin = node["plugin"].IsDefined();
    if (int{has_regex} + int{has_keywords} + int{has_plugin} != 1) {
      d_.Error(node.Mark(), what + ": exactly one of 'regex', 'keywords' or 'plugin' is required");
      return;
    }
    if (node["config"].IsDefined() && !has_plugin) {
      d_.Error(node["config"].Mark(), what + ": 'config' applies to plugin detectors only");
    }
    if (has_plugin) {
      det.type = DetectorSpec::Type::kPlugin;
      det.pattern_loc = d_.Loc(node["plugin"]);
      det.plugin = ReadString(node, "plugin", what, d_).value_or("");
      det.config_loc = det.pattern_loc;
      det.plugin_config = "{}";
      const YAML::Node config = node["config"];
      if (config.IsDefined()) {
        det.config_loc = d_.Loc(config);
        if (!config.IsMap()) {
          d_.Error(config.Mark(), what + ": 'config' must be a map");
        } else {
          det.plugin_config = YamlToJson(config).dump();
        }
      }
      for (const char* k : {"capture", "case_sensitive", "whole_word", "validator"}) {
        if (node[k].IsDefined()) {
          d_.Error(node[k].Mark(), what + ": '" + k + "' does not apply to plugin detectors");
        }
      }
    } else if (has_regex) {
      det.type = DetectorSpec::Type::kRegex;
      det.pattern_loc = d_.Loc(node["regex"]);
      auto re = ReadString(node, "regex", what, d_);
      if (re && re->empty()) d_.Error(node["regex"].Mark(), what + ": 'regex' must not be empty");
      det.regex = re.value_or("");
      det.capture = ReadString(node, "capture", what, d_).value_or("");
      for (const char* k : {"case_sensitive", "whole_word"}) {
        if (node[k].IsDefined()) {
          d_.Error(node[k].Mark(), what + ": '" + k + "' applies to keyword detectors only; " +
                                       "use (?i) and \\b in the regex");
        }
      }
    } else {
      det.type = DetectorSpec::Type::kKeywords;
      det.pattern_loc = d_.Loc(node["keywords"]);
      det.keywords =
          ReadStringList(node, "keywords", what, d_).value_or(std::vector<std::string>{});
      ReadKeywordList(node["keywords"], what, det.keywords);
      det.case_sensitive = ReadBool(node, "case_sensitive", what, d_).value_or(false);
      det.whole_word = ReadBool(node, "whole_word", what, d_).value_or(true);
      if (node["capture"].IsDefined()) {
        d_.Error(node["capture"].Mark(), what + ": 'capture' applies to regex detectors only");
      }
    }
    if (node["validator"].IsDefined() && !has_plugin)
      det.validator = ParseValidator(node["validator"], what);
    const YAML::Node context = node["context"];
    if (context.IsDefined() && CheckMap(context, what + " context", kContextKeys, d_)) {
      det.context_keywords = ReadStringList(context, "keywords", what + " context", d_)
                                 .value_or(std::vector<std::string>{});
      det.context_acronyms = ReadStringList(context, "acronyms", what + " context", d_)
                                 .value_or(std::vector<std::string>{});
      if (!context["keywords"].IsDefined() && !context["acronyms"].IsDefined()) {
        d_.Error(context.Mark(),
                 what + " context: missing required key 'keywords' (or 'acronyms')");
      }
      ReadKeywordList(context["keywords"], what + " context", det.context_keywords);
      ReadKeywordList(context["acronyms"], what + " context", det.context_acronyms, "acronyms");
      det.context_exclude = ReadStringList(context, "exclude", what + " context", d_)
                                .value_or(std::vector<std::string>{});
      ReadKeywordList(context["exclude"], what + " context", det.context_exclude, "exclude");
      if (auto w = ReadInt(context, "window", what + " context", 1, 10000, d_)) {
        det.context_window = static_cast<int>(*w);
      }
      det.context_required = ReadBool(context, "required", what + " context", d_).value_or(false);
      if (det.context_required && det.type == DetectorSpec::Type::kPlugin) {
        d_.Error(context["required"].Mark(),
                 what + " context: 'required' applies to regex and keyword detectors only");
      }
    }
    const YAML::Node conf = node["confidence"];
    if (conf.IsDefined() && CheckMap(conf, what + " confidence", kConfidenceKeys, d_)) {
      if (auto c = ReadConfidence(conf, "base", what, d_)) det.base = *c;
      det.with_context = ReadConfidence(conf, "with_context", what, d_);
      det.with_validator = ReadConfidence(conf, "with_validator", what, d_);
      if (det.with_context && det.context_keywords.empty() && det.context_acronyms.empty()) {
        d_.Error(conf["with_context"].Mark(),
                 what + ": 'with_context' needs 'context: {keywords: [...]}'");
      }
      if (det.with_validator && !det.validator) {
        d_.Error(conf["with_validator"].Mark(), what + ": 'with_validator' needs a 'validator'");
      }
    }
    const YAML::Node allow = node["allow"];
    if (allow.IsDefined()) ParseAllow(allow, what, &det);
    det.reject_placeholders = ReadBool(node, "reject_placeholders", what, d_);
    const YAML::Node mask = node["mask"];
    if (mask.IsDefined() && CheckMap(mask, what + " mask", kMaskKeys, d_)) {
      det.mask.keep_start =
          static_cast<int>(ReadInt(mask, "keep_start", what, 0, 8, d_).value_or(-1));
      det.mask.keep_end = static_cast<int>(ReadInt(mask, "keep_end", what, 0, 8, d_).value_or(-1));
      det.mask.keep_shape = ReadBool(mask, "keep_shape", what, d_).value_or(true);
    }
    out->push_back(std::move(det));
  }

  // Reports empty keywords with their own location.
  void ReadKeywordList(const YAML::Node& node, const std::string& what,
                       const std::vector<std::string>& words, const std::string& key = "keywords") {
    if (!node.IsDefined()) return;
    if (words.empty() && (node.IsSequence() || node.IsScalar())) {
      d_.Error(node.Mark(), what + ": '" + key + "' must not be empty");
      return;
    }
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) {
        if (item.IsScalar() && item.Scalar().find_first_not_of(" \t") == std::string::npos) {
          d_.Error(item.Mark(), what + ": a keyword must not be blank");
        }
      }
    } else if (node.IsScalar() && node.Scalar().find_first_not_of(" \t") == std::string::npos) {
      d_.Error(node.Mark(), what + ": a keyword must not be blank");
    }
  }

  std::optional<ValidatorSpec> ParseValidator(const YAML::Node& node, const std::string& what) {
    ValidatorSpec v;
    v.loc = d_.Loc(node);
    YAML::Node name_node;  // rebinding with reset(): operator= would write into the document
    name_node.reset(node);
    if (node.IsScalar()) {
      v.name = node.Scalar();
    } else {
      if (!CheckMap(node, what + " validator", kValidatorKeys, d_)) return std::nullopt;
      auto name = RequireString(node, "name", what + " validator", d_);
      if (!name) return std::nullopt;
      v.name = *name;
      name_node.reset(node["name"]);
      v.required = ReadBool(node, "required", what + " validator", d_).value_or(true);
    }
    std::vector<std::string_view> names = Validator::Names();
    if (!Validator::Make(v.name)) {
      d_.Error(name_node.Mark(), what + ": " + UnknownValue("unknown validator", v.name, names));
      return std::nullopt;
    }
    const bool is_mod11 = v.name == "mod11";
    if (is_mod11 && !node.IsMap()) {
      d_.Error(node.Mark(), what +
                                ": validator 'mod11' needs parameters, e.g. "
                                "{name: mod11, weights: [10, 9, 8, 7, 6, 5, 4, 3, 2]}");
      return std::nullopt;
    }
    const bool is_entropy = v.name == "entropy";
    if (node.IsMap()) {
      for (const char* k : {"weights", "modulus", "mode", "ten_is_x", "ten_is_zero"}) {
        if (!is_mod11 && node[k].IsDefined()) {
          d_.Error(node[k].Mark(), what + ": '" + k + "' is a parameter of validator 'mod11' only");
        }
      }
      for (const char* k : {"min_bits", "min_classes", "min_length"}) {
        if (!is_entropy && node[k].IsDefined()) {
          d_.Error(node[k].Mark(),
                   what + ": '" + k + "' is a parameter of validator 'entropy' only");
        }
      }
    }
    if (is_mod11) ParseMod11(node, what, &v.params.mod11);
    if (is_entropy && node.IsMap()) ParseEntropy(node, what, &v.params.entropy);
    return v;
  }

  void ParseEntropy(const YAML::Node& node, const std::string& what, EntropyParams* p) {
    const std::string w = what + " validator";
    if (auto bits = ReadDouble(node, "min_bits", w, 0.0, 8.0, d_)) p->min_bits = *bits;
    if (auto c = ReadInt(node, "min_classes", w, 1, 4, d_)) p->min_classes = static_cast<int>(*c);
    if (auto n = ReadInt(node, "min_length", w, 1, 1000, d_)) p->min_length = static_cast<int>(*n);
  }

  void ParseMod11(const YAML::Node& node, const std::string& what, Mod11Params* p) {
    const std::string w = what + " validator";
    const YAML::Node weights = node["weights"];
    if (!weights.IsDefined() || !weights.IsSequence() || weights.size() == 0) {
      d_.Error(weights.IsDefined() ? weights.Mark() : node.Mark(),
               w + ": 'weights' must be a non-empty list of integers");
    } else {
      for (const YAML::Node& item : weights) {
        int value = 0;
        try {
          value = item.as<int>();
        } catch (const YAML::Exception&) {
          d_.Error(item.Mark(), w + ": 'weights' must be a non-empty list of integers");
          return;
        }
        p->weights.push_back(value);
      }
    }
    if (auto m = ReadInt(node, "modulus", w, 2, 97, d_)) p->modulus = static_cast<int>(*m);
    if (auto mode = ReadString(node, "mode", w, d_)) {
      if (*mode == "complement") {
        p->mode = Mod11Params::Mode::kComplement;
      } else if (*mode == "remainder") {
        p->mode = Mod11Params::Mode::kRemainder;
      } else if (*mode == "zero_sum") {
        p->mode = Mod11Params::Mode::kZeroSum;
      } else {
        d_.Error(node["mode"].Mark(),
                 w + ": " +
                     UnknownValue("unknown mode", *mode, {"complement", "remainder", "zero_sum"}));
      }
    }
    p->ten_is_x = ReadBool(node, "ten_is_x", w, d_).value_or(false);
    p->ten_is_zero = ReadBool(node, "ten_is_zero", w, d_).value_or(false);
    if (p->ten_is_x && p->ten_is_zero) {
      d_.Error(node["ten_is_zero"].Mark(), w + ": 'ten_is_x' and 'ten_is_zero' exclude each other");
    }
  }

  void ParseAllow(const YAML::Node& node, const std::string& what, DetectorSpec* det) {
    if (!node.IsSequence()) {
      d_.Error(node.Mark(), what + ": 'allow' must be a list of values or {regex: ...} items");
      return;
    }
    for (const YAML::Node& item : node) {
      if (item.IsScalar()) {
        det->allow_exact.push_back(item.Scalar());
        continue;
      }
      if (!CheckMap(item, what + " allow item", kAllowItemKeys, d_)) continue;
      if (item.size() != 1) {
        d_.Error(item.Mark(), what + ": an allow item has exactly one of 'value' or 'regex'");
        continue;
      }
      if (auto v = ReadString(item, "value", what, d_)) det->allow_exact.push_back(*v);
      if (auto r = ReadString(item, "regex", what, d_)) {
        det->allow_regex.push_back(*r);
        det->allow_regex_locs.push_back(d_.Loc(item["regex"]));
      }
    }
  }

  void ParseRule(const YAML::Node& node, const std::string& owner, std::vector<RuleSpec>* out) {
    RuleSpec rule;
    rule.loc = d_.Loc(node);
    if (!CheckMap(node, owner + " rule", kRuleKeys, d_)) return;
    auto id = RequireString(node, "id", owner + " rule", d_);
    if (!id) return;
    rule.id = *id;
    const std::string what = "rule " + Quote(rule.id);
    if (!IsValidName(rule.id)) {
      d_.Error(node["id"].Mark(), what + ": id must match [A-Za-z0-9][A-Za-z0-9_-]*");
    }
    rule.description = ReadString(node, "description", what, d_).value_or("");
    rule.tip = ReadString(node, "tip", what, d_).value_or("");
    if (auto o = ReadString(node, "allow_override", what, d_)) {
      if (std::find(kOverrideNames.begin(), kOverrideNames.end(), *o) != kOverrideNames.end()) {
        rule.allow_override = *o;
      } else {
        d_.Error(node["allow_override"].Mark(),
                 what + ": " + UnknownValue("unknown allow_override", *o, kOverrideNames));
      }
    }
    rule.allow_false_positive_report = ReadBool(node, "allow_false_positive_report", what, d_);
    if (auto a = RequireString(node, "action", what, d_)) {
      if (auto act = ParseAction(*a)) {
        rule.action = *act;
      } else {
        d_.Error(node["action"].Mark(),
                 what + ": " + UnknownValue("unknown action", *a, kActionNames));
      }
    }
    if (auto s = ReadString(node, "severity", what, d_)) {
      if (auto sev = ParseSeverity(*s)) {
        rule.severity = *sev;
      } else {
        d_.Error(node["severity"].Mark(),
                 what + ": " + UnknownValue("unknown severity", *s, kSeverityNames));
      }
    }
    const YAML::Node when = node["when"];
    if (!when.IsDefined()) {
      d_.Error(node.Mark(), what + ": missing required key 'when'");
    } else {
      ParseCondition(when, what, &rule.when);
    }
    out->push_back(std::move(rule));
  }

  void ParseCondition(const YAML::Node& node, const std::string& what, ConditionSpec* c) {
    c->loc = d_.Loc(node);
    if (node.IsScalar()) {  // shorthand: `when: card-number`
      c->kind = ConditionSpec::Kind::kDetector;
      c->detector = node.Scalar();
      return;
    }
    if (!CheckMap(node, what + " condition", kConditionKeys, d_)) return;
    int kinds = 0;
    for (const char* k : {"detector", "all", "any", "not"}) kinds += node[k].IsDefined() ? 1 : 0;
    if (kinds != 1) {
      d_.Error(node.Mark(),
               what + ": a condition has exactly one of 'detector', 'all', 'any' or 'not'");
      return;
    }
    if (node["detector"].IsDefined()) {
      c->kind = ConditionSpec::Kind::kDetector;
      c->loc = d_.Loc(node["detector"]);
      c->detector = ReadString(node, "detector", what, d_).value_or("");
      if (auto n = ReadInt(node, "min_count", what, 1, 1000000, d_)) {
        c->min_count = static_cast<uint32_t>(*n);
      }
      if (auto conf = ReadConfidence(node, "min_confidence", what, d_)) c->min_confidence = *conf;
      c->distinct = ReadBool(node, "distinct", what, d_).value_or(false);
      return;
    }
    for (const char* k : {"min_count", "min_confidence", "distinct"}) {
      if (node[k].IsDefined()) {
        d_.Error(node[k].Mark(), what + ": '" + k + "' belongs next to 'detector'");
      }
    }
    if (node["not"].IsDefined()) {
      c->kind = ConditionSpec::Kind::kNot;
      c->children.emplace_back();
      ParseCondition(node["not"], what, &c->children.back());
      return;
    }
    const bool all = node["all"].IsDefined();
    c->kind = all ? ConditionSpec::Kind::kAll : ConditionSpec::Kind::kAny;
    const YAML::Node list = node[all ? "all" : "any"];
    if (!list.IsSequence() || list.size() == 0) {
      d_.Error(list.Mark(),
               what + ": '" + (all ? "all" : "any") + "' must be a non-empty list of conditions");
      return;
    }
    for (const YAML::Node& item : list) {
      c->children.emplace_back();
      ParseCondition(item, what, &c->children.back());
    }
  }

  FileDiagnostics& d_;
};

}  // namespace

std::vector<DocumentSpec> ParsePolicyText(std::string_view text, FileDiagnostics& d) {
  std::vector<DocumentSpec> out;
  std::vector<YAML::Node> docs;
  try {
    docs = LoadDocuments(text);
  } catch (const YAML::ParserException& e) {
    d.Error(e.mark, "YAML syntax error: " + e.msg);
    return out;
  } catch (const YAML::Exception& e) {
    d.Error(e.mark, std::string("YAML error: ") + e.what());
    return out;
  }
  if (docs.empty()) {
    d.Error(SourceLoc{d.file(), 0, 0}, "file is empty");
    return out;
  }
  Parser parser(d);
  for (const YAML::Node& doc : docs) {
    try {
      parser.ParseDocument(doc, &out);
    } catch (const YAML::Exception& e) {  // defensive: yaml-cpp conversions should not throw here
      d.Error(e.mark, std::string("YAML error: ") + e.what());
    }
  }
  return out;
}

}  // namespace bulwark::policy
