#include "policy/parse_cache.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "parser_digest.h"  // BULWARK_PARSER_DIGEST, generated (engine/CMakeLists.txt)
#include "util/digest.h"
#include "util/file_replace.h"
#include "util/read_file.h"

namespace bulwark::policy {
namespace {

using nlohmann::json;

constexpr std::string_view kMagic = "BWPARSE1\n";

// Every enum is stored as its number; a number out of range does not read back.
template <typename E>
json Enum(E e) {
  return static_cast<int>(e);
}
template <typename E>
E ToEnum(const json& j, int last) {
  const int v = j.get<int>();
  if (v < 0 || v > last) throw std::out_of_range("enum value");
  return static_cast<E>(v);
}

template <typename T>
json Optional(const std::optional<T>& o) {
  return o ? json(*o) : json(nullptr);
}
template <typename T, typename F>
std::optional<T> ReadOptional(const json& j, F read) {
  if (j.is_null()) return std::nullopt;
  return read(j);
}

// Locations are stored without their file: the loader names it (paths differ between runs).
// A location the parser never set (no file) stays unset.
json Loc(const SourceLoc& l) { return json::array({l.line, l.column, !l.file.empty()}); }
SourceLoc ReadLoc(const json& j, const std::string& file) {
  return SourceLoc{j.at(2).get<bool>() ? file : std::string(), j.at(0).get<int>(),
                   j.at(1).get<int>()};
}

json Validator(const ValidatorSpec& v) {
  const Mod11Params& m = v.params.mod11;
  const EntropyParams& e = v.params.entropy;
  return {{"name", v.name},
          {"mod11", json::array({m.weights, m.modulus, Enum(m.mode), m.ten_is_x, m.ten_is_zero})},
          {"entropy", json::array({e.min_bits, e.min_classes, e.min_length})},
          {"required", v.required},
          {"loc", Loc(v.loc)}};
}
ValidatorSpec ReadValidator(const json& j, const std::string& file) {
  ValidatorSpec v;
  v.name = j.at("name").get<std::string>();
  const json& m = j.at("mod11");
  v.params.mod11.weights = m.at(0).get<std::vector<int>>();
  v.params.mod11.modulus = m.at(1).get<int>();
  v.params.mod11.mode = ToEnum<Mod11Params::Mode>(m.at(2), 2);
  v.params.mod11.ten_is_x = m.at(3).get<bool>();
  v.params.mod11.ten_is_zero = m.at(4).get<bool>();
  const json& e = j.at("entropy");
  v.params.entropy.min_bits = e.at(0).get<double>();
  v.params.entropy.min_classes = e.at(1).get<int>();
  v.params.entropy.min_length = e.at(2).get<int>();
  v.required = j.at("required").get<bool>();
  v.loc = ReadLoc(j.at("loc"), file);
  return v;
}

json Detector(const DetectorSpec& d) {
  json locs = json::array();
  for (const SourceLoc& l : d.allow_regex_locs) locs.push_back(Loc(l));
  return {{"id", d.id},
          {"description", d.description},
          {"type", Enum(d.type)},
          {"regex", d.regex},
          {"capture", d.capture},
          {"keywords", d.keywords},
          {"case_sensitive", d.case_sensitive},
          {"whole_word", d.whole_word},
          {"plugin", d.plugin},
          {"plugin_config", d.plugin_config},
          {"config_loc", Loc(d.config_loc)},
          {"validator", d.validator ? Validator(*d.validator) : json(nullptr)},
          {"context_keywords", d.context_keywords},
          {"context_acronyms", d.context_acronyms},
          {"context_exclude", d.context_exclude},
          {"context_window", d.context_window},
          {"context_required", d.context_required},
          {"base", Enum(d.base)},
          {"with_context", d.with_context ? Enum(*d.with_context) : json(nullptr)},
          {"with_validator", d.with_validator ? Enum(*d.with_validator) : json(nullptr)},
          {"allow_exact", d.allow_exact},
          {"allow_regex", d.allow_regex},
          {"allow_regex_locs", locs},
          {"mask", json::array({d.mask.keep_start, d.mask.keep_end, d.mask.keep_shape})},
          {"reject_placeholders", Optional(d.reject_placeholders)},
          {"loc", Loc(d.loc)},
          {"pattern_loc", Loc(d.pattern_loc)}};
}
DetectorSpec ReadDetector(const json& j, const std::string& file) {
  const auto confidence = [](const json& c) { return ToEnum<Confidence>(c, 2); };
  DetectorSpec d;
  d.id = j.at("id").get<std::string>();
  d.description = j.at("description").get<std::string>();
  d.type = ToEnum<DetectorSpec::Type>(j.at("type"), 2);
  d.regex = j.at("regex").get<std::string>();
  d.capture = j.at("capture").get<std::string>();
  d.keywords = j.at("keywords").get<std::vector<std::string>>();
  d.case_sensitive = j.at("case_sensitive").get<bool>();
  d.whole_word = j.at("whole_word").get<bool>();
  d.plugin = j.at("plugin").get<std::string>();
  d.plugin_config = j.at("plugin_config").get<std::string>();
  d.config_loc = ReadLoc(j.at("config_loc"), file);
  d.validator = ReadOptional<ValidatorSpec>(j.at("validator"),
                                            [&](const json& v) { return ReadValidator(v, file); });
  d.context_keywords = j.at("context_keywords").get<std::vector<std::string>>();
  d.context_acronyms = j.at("context_acronyms").get<std::vector<std::string>>();
  d.context_exclude = j.at("context_exclude").get<std::vector<std::string>>();
  d.context_window = j.at("context_window").get<int>();
  d.context_required = j.at("context_required").get<bool>();
  d.base = confidence(j.at("base"));
  d.with_context = ReadOptional<Confidence>(j.at("with_context"), confidence);
  d.with_validator = ReadOptional<Confidence>(j.at("with_validator"), confidence);
  d.allow_exact = j.at("allow_exact").get<std::vector<std::string>>();
  d.allow_regex = j.at("allow_regex").get<std::vector<std::string>>();
  for (const json& l : j.at("allow_regex_locs")) d.allow_regex_locs.push_back(ReadLoc(l, file));
  const json& mask = j.at("mask");
  d.mask.keep_start = mask.at(0).get<int>();
  d.mask.keep_end = mask.at(1).get<int>();
  d.mask.keep_shape = mask.at(2).get<bool>();
  d.reject_placeholders =
      ReadOptional<bool>(j.at("reject_placeholders"), [](const json& b) { return b.get<bool>(); });
  d.loc = ReadLoc(j.at("loc"), file);
  d.pattern_loc = ReadLoc(j.at("pattern_loc"), file);
  return d;
}

json Condition(const ConditionSpec& c) {
  json children = json::array();
  for (const ConditionSpec& child : c.children) children.push_back(Condition(child));
  return {{"kind", Enum(c.kind)},     {"detector", c.detector},
          {"min_count", c.min_count}, {"min_confidence", Enum(c.min_confidence)},
          {"distinct", c.distinct},   {"children", children},
          {"loc", Loc(c.loc)}};
}
ConditionSpec ReadCondition(const json& j, const std::string& file) {
  ConditionSpec c;
  c.kind = ToEnum<ConditionSpec::Kind>(j.at("kind"), 3);
  c.detector = j.at("detector").get<std::string>();
  c.min_count = j.at("min_count").get<uint32_t>();
  c.min_confidence = ToEnum<Confidence>(j.at("min_confidence"), 2);
  c.distinct = j.at("distinct").get<bool>();
  for (const json& child : j.at("children")) c.children.push_back(ReadCondition(child, file));
  c.loc = ReadLoc(j.at("loc"), file);
  return c;
}

json Rule(const RuleSpec& r) {
  return {{"id", r.id},
          {"description", r.description},
          {"when", Condition(r.when)},
          {"action", Enum(r.action)},
          {"severity", Enum(r.severity)},
          {"tip", r.tip},
          {"allow_override", r.allow_override},
          {"allow_false_positive_report", Optional(r.allow_false_positive_report)},
          {"loc", Loc(r.loc)}};
}
RuleSpec ReadRule(const json& j, const std::string& file) {
  RuleSpec r;
  r.id = j.at("id").get<std::string>();
  r.description = j.at("description").get<std::string>();
  r.when = ReadCondition(j.at("when"), file);
  r.action = ToEnum<Action>(j.at("action"), 3);
  r.severity = ToEnum<Severity>(j.at("severity"), 3);
  r.tip = j.at("tip").get<std::string>();
  r.allow_override = j.at("allow_override").get<std::string>();
  r.allow_false_positive_report = ReadOptional<bool>(j.at("allow_false_positive_report"),
                                                     [](const json& b) { return b.get<bool>(); });
  r.loc = ReadLoc(j.at("loc"), file);
  return r;
}

json Document(const DocumentSpec& d) {
  json detectors = json::array();
  for (const DetectorSpec& det : d.detectors) detectors.push_back(Detector(det));
  json rules = json::array();
  for (const RuleSpec& r : d.rules) rules.push_back(Rule(r));
  return {{"kind", Enum(d.kind)},
          {"name", d.name},
          {"version", d.version},
          {"description", d.description},
          {"mode", Enum(d.mode)},
          {"on_incomplete", Enum(d.on_incomplete)},
          {"scope", json::array({d.scope.resources, d.scope.tenants, d.scope.senders_include,
                                 d.scope.senders_exclude})},
          {"detectors", detectors},
          {"rules", rules},
          {"loc", Loc(d.loc)},
          {"broken_detectors", d.broken_detectors},
          {"clean", d.clean}};
}
DocumentSpec ReadDocument(const json& j, const std::string& file) {
  using Strings = std::vector<std::string>;
  DocumentSpec d;
  d.kind = ToEnum<DocumentSpec::Kind>(j.at("kind"), 1);
  d.name = j.at("name").get<std::string>();
  d.version = j.at("version").get<std::string>();
  d.description = j.at("description").get<std::string>();
  d.mode = ToEnum<PolicyMode>(j.at("mode"), 1);
  d.on_incomplete = ToEnum<Action>(j.at("on_incomplete"), 3);
  const json& scope = j.at("scope");
  d.scope.resources = scope.at(0).get<Strings>();
  d.scope.tenants = scope.at(1).get<Strings>();
  d.scope.senders_include = scope.at(2).get<Strings>();
  d.scope.senders_exclude = scope.at(3).get<Strings>();
  for (const json& det : j.at("detectors")) d.detectors.push_back(ReadDetector(det, file));
  for (const json& r : j.at("rules")) d.rules.push_back(ReadRule(r, file));
  d.loc = ReadLoc(j.at("loc"), file);
  d.broken_detectors = j.at("broken_detectors").get<std::set<std::string>>();
  d.clean = j.at("clean").get<bool>();
  return d;
}

}  // namespace

std::string SerializeParse(const CachedParse& parse) {
  json documents = json::array();
  for (const DocumentSpec& d : parse.documents) documents.push_back(Document(d));
  json warnings = json::array();
  for (const Diagnostic& w : parse.warnings) {
    warnings.push_back(json::array({Enum(w.level), w.line, w.column, w.message}));
  }
  const std::vector<uint8_t> cbor =
      json::to_cbor(json{{"documents", documents}, {"warnings", warnings}});
  std::string out(kMagic);
  out.append(cbor.begin(), cbor.end());
  return out;
}

std::optional<CachedParse> DeserializeParse(std::string_view bytes, const std::string& file) {
  if (bytes.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  bytes.remove_prefix(kMagic.size());
  const json j = json::from_cbor(bytes.begin(), bytes.end(), /*strict=*/true,
                                 /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  try {
    CachedParse parse;
    for (const json& d : j.at("documents")) parse.documents.push_back(ReadDocument(d, file));
    for (const json& w : j.at("warnings")) {
      parse.warnings.push_back({ToEnum<Diagnostic::Level>(w.at(0), 1), file, w.at(1).get<int>(),
                                w.at(2).get<int>(), w.at(3).get<std::string>()});
    }
    return parse;
  } catch (const std::exception&) {  // a missing member, a wrong type, an enum out of range
    return std::nullopt;
  }
}

std::filesystem::path ParseCacheFile(const std::filesystem::path& dir,
                                     std::string_view text_sha256) {
  std::string key(kMagic);
  key += BULWARK_PARSER_DIGEST;
  key.push_back('\n');
  key += text_sha256;
  return dir / ("policy-parse-" + Sha256Hex(key));
}

std::optional<CachedParse> LoadCachedParse(const std::filesystem::path& dir,
                                           std::string_view text_sha256, const std::string& file) {
  std::string bytes;
  if (dir.empty() || !ReadWholeFile(ParseCacheFile(dir, text_sha256), &bytes)) return std::nullopt;
  return DeserializeParse(bytes, file);
}

void StoreCachedParse(const std::filesystem::path& dir, std::string_view text_sha256,
                      const std::vector<DocumentSpec>& documents,
                      const std::vector<Diagnostic>& warnings) {
  if (dir.empty()) return;
  ReplaceFile(ParseCacheFile(dir, text_sha256), SerializeParse(CachedParse{documents, warnings}));
}

}  // namespace bulwark::policy
