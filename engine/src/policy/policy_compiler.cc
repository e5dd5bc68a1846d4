// CompilePolicySet: resolves references across files and builds the runtime tables.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "detect/canonical.h"
#include "detect/pattern_facts.h"
#include "engine_internals.h"
#include "eval/scanner.h"
#include "plugin/json_schema.h"
#include "policy/compiled.h"
#include "policy/yaml_fields.h"

namespace bulwark {
namespace {

using policy::ConditionSpec;
using policy::DetectorSpec;
using policy::DocumentSpec;
using policy::FileDiagnostics;
using policy::SourceLoc;

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }
std::string At(const SourceLoc& l) {
  return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

// Where a pattern written for PCRE fails in RE2: what to write instead ("" when nothing
// specific applies). RE2 guarantees linear time, so it has no lookaround, backreferences,
// possessive quantifiers or atomic groups.
std::string Re2Hint(const std::string& text, RE2::ErrorCode code) {
  auto has = [&](const char* s) { return text.find(s) != std::string::npos; };
  if (code == RE2::ErrorBadPerlOp || code == RE2::ErrorMissingParen) {
    if (has("(?<=") || has("(?<!")) {
      return "; RE2 has no lookbehind: match the prefix too and put the value in a group "
             "(capture: 1), or make the prefix a context keyword";
    }
    if (has("(?=") || has("(?!")) {
      return "; RE2 has no lookahead: match the following text too and put the value in a "
             "group (capture: 1), or use \\b for a word boundary";
    }
    if (has("(?>")) {
      return "; RE2 has no atomic groups and needs none (it never backtracks): write (?:...)";
    }
  }
  if (code == RE2::ErrorBadEscape) {
    for (size_t i = 0; i + 1 < text.size(); ++i) {
      if (text[i] == '\\' && text[i + 1] >= '1' && text[i + 1] <= '9') {
        return "; RE2 has no backreferences: spell the repeated part out, or check it with a "
               "validator";
      }
      if (text[i] == '\\') ++i;
    }
  }
  if (code == RE2::ErrorRepeatOp && (has("++") || has("*+") || has("?+") || has("}+"))) {
    return "; RE2 has no possessive quantifiers and needs none (it never backtracks): drop the "
           "second '+'";
  }
  return "";
}

RE2::Options Re2Options() {
  RE2::Options o;
  o.set_log_errors(false);
  return o;
}

class Compiler {
 public:
  Compiler(CompiledPolicySet* impl, std::vector<Diagnostic>* diagnostics)
      : impl_(impl), d_("", diagnostics), facts_(impl->options.database_cache_dir) {}

  bool Run(const std::vector<DocumentSpec>& docs) {
    CheckUniqueNames(docs);
    auto versions = std::make_shared<std::map<std::string, std::string>>();
    for (const DocumentSpec& doc : docs) {
      if (!doc.version.empty()) (*versions)[doc.name] = doc.version;
    }
    impl_->versions = std::move(versions);
    bool clean = true;
    for (const DocumentSpec& doc : docs) {
      clean = clean && doc.clean;
      const char* sep = doc.kind == DocumentSpec::Kind::kDetectorLibrary ? "." : "/";
      for (const std::string& id : doc.broken_detectors) broken_.insert(doc.name + sep + id);
    }
    // Libraries first so that policies can reference their detectors.
    for (const DocumentSpec& doc : docs) {
      if (doc.kind != DocumentSpec::Kind::kDetectorLibrary) continue;
      std::set<std::string> ids;
      for (const DetectorSpec& det : doc.detectors) {
        if (!ids.insert(det.id).second) {
          d_.Error(det.loc,
                   "detector " + Quote(det.id) + " is defined twice in library " + Quote(doc.name));
          continue;
        }
        AddDetector(det, doc.name + "." + det.id);
      }
    }
    for (const DocumentSpec& doc : docs) {
      if (doc.kind != DocumentSpec::Kind::kPolicy) continue;
      CompilePolicy(doc);
    }
    // Documents with errors of their own were compiled only to find the other errors.
    if (d_.errors() > 0 || !clean) {
      facts_.Save();  // what was learned of the valid patterns holds all the same
      return false;
    }
    BuildDatabase();
    facts_.Save();
    if (impl_->options.compile_every_pattern) {
      for (const auto& re : impl_->pattern_re) re->get();
      for (const auto& re : impl_->pattern_range_filter) {
        if (re) re->get();
      }
      for (const auto& re : impl_->context_re) re->get();
      impl_->database->CompileShapeFilters();
      if (impl_->context_database) impl_->context_database->CompileShapeFilters();
    }
    return d_.errors() == 0;
  }

 private:
  void CheckUniqueNames(const std::vector<DocumentSpec>& docs) {
    std::map<std::string, const DocumentSpec*> seen;
    for (const DocumentSpec& doc : docs) {
      if (doc.name.empty()) continue;
      auto [it, inserted] = seen.emplace(doc.name, &doc);
      if (!inserted) {
        d_.Error(
            doc.loc,
            "name " + Quote(doc.name) + " is already used by the " +
                (it->second->kind == DocumentSpec::Kind::kPolicy ? "policy" : "detector library") +
                " at " + At(it->second->loc));
      }
    }
  }

  size_t InternPattern(const std::string& text) {
    auto [it, inserted] = pattern_index_.emplace(text, impl_->pattern_text.size());
    if (inserted) {
      impl_->pattern_text.push_back(text);
      impl_->pattern_re.push_back(std::make_unique<LazyRe2>(text, Re2Options()));
      impl_->pattern_range_filter.emplace_back();  // set once the database is built
      pattern_users_.emplace_back();
    }
    return it->second;
  }

  // Which patterns may go without a prefilter (PatternDatabase::Kind::kNearContext): always
  // those whose every user requires context; instead of Hyperscan, those whose users' hits no
  // rule of the set counts without context (the static form of the evaluator's
  // kNeededWithContext: the rules ask more than its hits reach without context, or no rule
  // uses it) — a literal-free Hyperscan pattern costs every field, while digit and class-run
  // prefilters are already skipped where the context cannot occur. Such a detector is searched
  // in windows around its keywords wherever only its context hits can count, and with RE2 over
  // the whole field otherwise (PolicySet::Detect).
  std::vector<PatternDatabase::NearContext> NearContextPatterns() const {
    using Near = PatternDatabase::NearContext;
    std::vector<Confidence> asked(impl_->detectors.size(), Confidence::kHigh);
    std::vector<char> used(impl_->detectors.size(), 0);
    for (const CompiledPolicy& p : impl_->policies) {
      for (const CompiledRule& rule : p.rules) LowestAsked(rule.when, &asked);
      for (size_t d : p.detectors) used[d] = 1;
    }
    // The weakest need of the pattern's users decides.
    std::vector<Near> near(impl_->pattern_text.size(), Near::kAlways);
    for (size_t d = 0; d < impl_->detectors.size(); ++d) {
      const CompiledDetector& det = impl_->detectors[d];
      if (det.plugin) {
        for (size_t p : det.plugin_prefilters) near[p] = Near::kNo;
        continue;
      }
      Near mine = Near::kNo;
      if (det.context_required) {
        mine = Near::kAlways;
      } else if (det.context_pattern && (!used[d] || det.WithoutContext() < asked[d])) {
        mine = Near::kInsteadOfHyperscan;
      }
      near[det.pattern] = std::min(near[det.pattern], mine);
    }
    return near;
  }

  size_t InternContext(const std::string& text) {
    auto [it, inserted] = context_index_.emplace(text, impl_->context_re.size());
    if (inserted) {
      impl_->context_text.push_back(text);
      impl_->context_re.push_back(std::make_unique<LazyRe2>(text, Re2Options()));
    }
    return it->second;
  }

  // Regex and keyword detectors: interns the pattern and resolves the capture group.
  bool CompilePattern(const DetectorSpec& spec, const std::string& what, CompiledDetector* out) {
    CompiledDetector& det = *out;
    bool ok = true;
    const std::string text =
        spec.type == DetectorSpec::Type::kRegex
            ? spec.regex
            : KeywordsToRegex(spec.keywords, spec.case_sensitive, spec.whole_word);
    if (text.empty()) {
      ok = false;  // already reported by the parser
    } else {
      det.pattern = InternPattern(text);
      // A pattern checked by an earlier run is not compiled now (LazyRe2): its facts say that
      // RE2 accepts it, that it cannot match empty, and what its groups are.
      const PatternFacts::Groups* groups = facts_.KnownValid(text);
      if (groups == nullptr) {
        const RE2& re = impl_->pattern_re[det.pattern]->get();
        if (!re.ok()) {
          d_.Error(spec.pattern_loc,
                   what + ": invalid regex: " + re.error() + Re2Hint(text, re.error_code()));
          ok = false;
        } else if (RE2::PartialMatch("", re) || facts_.CanMatchEmpty(text)) {
          d_.Error(spec.pattern_loc, what + ": regex can match the empty string; every match " +
                                         "must contain at least one character");
          ok = false;
        } else {
          facts_.RememberValid(text, re);
          groups = facts_.KnownValid(text);
        }
      }
      if (ok) pattern_users_[det.pattern].push_back({spec.pattern_loc, what});
      if (ok && !spec.capture.empty()) ok = ResolveCapture(spec, *groups, what, &det);
    }
    return ok;
  }

  // Plugin detectors: finds the type, checks the config against its schema, creates the
  // instance and interns the type's prefilters into the shared pattern database.
  bool BindPlugin(const DetectorSpec& spec, const std::string& what, CompiledDetector* det) {
    const PluginHost* host = impl_->options.plugins.get();
    const LoadedType* type =
        host != nullptr ? EngineInternals::Of(*host).Find(spec.plugin) : nullptr;
    if (type == nullptr) {
      std::vector<std::string> names;
      if (host != nullptr) {
        for (const auto& t : EngineInternals::Of(*host).types) names.push_back(t->qualified);
      }
      std::string msg = what + ": unknown plugin detector type " + Quote(spec.plugin);
      if (names.empty()) {
        msg += "; no plugins are loaded (use --plugins DIR or 'plugins:' in the config)";
      } else {
        std::vector<std::string_view> views(names.begin(), names.end());
        std::string_view s = policy::Suggest(spec.plugin, views);
        if (!s.empty()) msg += " (did you mean " + Quote(s) + "?)";
      }
      d_.Error(spec.pattern_loc, msg);
      return false;
    }
    if (!type->info.config_schema.empty()) {
      const nlohmann::json schema = nlohmann::json::parse(type->info.config_schema);
      const nlohmann::json config = nlohmann::json::parse(spec.plugin_config);
      const std::vector<std::string> problems = ValidateJson(schema, config);
      for (const std::string& p : problems) {  // "<JSON pointer>: <message>"
        const size_t colon = p.find(": ");
        const std::string where = p.substr(0, colon);
        d_.Error(spec.config_loc, what + ": config of " + Quote(spec.plugin) +
                                      (where.empty() ? "" : " at " + Quote(where)) + ": " +
                                      p.substr(colon + 2));
      }
      if (!problems.empty()) return false;
    }
    char error[BULWARK_PLUGIN_ERROR_SIZE] = {0};
    bw_instance* instance = type->table->create(
        bw_str{spec.plugin_config.data(), spec.plugin_config.size()}, error, sizeof error);
    if (instance == nullptr) {
      error[sizeof error - 1] = '\0';
      d_.Error(spec.config_loc, what + ": plugin " + Quote(spec.plugin) +
                                    " refused its config: " + std::string(error));
      return false;
    }
    det->plugin = std::make_shared<PluginDetector>(*type, instance);
    for (const std::string& prefilter : type->info.prefilters) {
      RE2 re(prefilter, Re2Options());
      if (!re.ok()) {
        d_.Error(spec.pattern_loc, what + ": prefilter of " + Quote(spec.plugin) +
                                       " is not a valid RE2 regex: " + re.error());
        return false;
      }
      const size_t index = InternPattern(prefilter);
      pattern_users_[index].push_back(
          {spec.pattern_loc, what + " (prefilter of " + spec.plugin + ")"});
      det->plugin_prefilters.push_back(index);
    }
    return true;
  }

  // Compiles one detector spec; on error reports it and still registers the name, so that
  // rules referring to it do not produce a second, misleading "unknown detector" error.
  void AddDetector(const DetectorSpec& spec, const std::string& qualified) {
    const std::string what = "detector " + Quote(spec.id);
    CompiledDetector det;
    det.name = qualified;
    det.description = spec.description;
    det.pattern_loc = spec.pattern_loc;
    det.plugin_config = spec.plugin_config;
    bool ok = true;
    ok = spec.type == DetectorSpec::Type::kPlugin ? BindPlugin(spec, what, &det)
                                                  : CompilePattern(spec, what, &det);
    if (spec.validator) {
      det.validator = Validator::Make(spec.validator->name, spec.validator->params);
      det.validator_required = spec.validator->required;
      if (spec.validator->name == "mod11" && spec.validator->params.mod11.weights.empty())
        ok = false;
    }
    // A keyword list of the context database; compiled when first needed (LazyRe2) once an
    // earlier load has seen it compile.
    const auto keyword_list = [&](const std::vector<std::string>& words, const char* which,
                                  const std::vector<std::string>& acronyms = {}) {
      std::string text;
      if (!words.empty()) text = KeywordsToRegex(words, false, true);
      if (!acronyms.empty()) {
        const std::string as_written = KeywordsToRegex(acronyms, true, true);
        text = text.empty() ? as_written : "(?:" + text + "|" + as_written + ")";
      }
      const size_t index = InternContext(text);
      if (facts_.KnownValid(text) == nullptr) {
        const RE2& re = impl_->context_re[index]->get();
        if (re.ok()) {
          facts_.RememberValid(text, re);
        } else {
          d_.Error(spec.loc, what + ": its " + which + " do not compile: " + re.error());
          ok = false;
        }
      }
      return index;
    };
    det.context_window = static_cast<size_t>(spec.context_window);
    det.context_required = spec.context_required;
    if (!spec.context_keywords.empty() || !spec.context_acronyms.empty()) {
      det.context_pattern =
          keyword_list(spec.context_keywords, "context keywords", spec.context_acronyms);
    }
    if (!spec.context_exclude.empty()) {
      det.exclude_pattern = keyword_list(spec.context_exclude, "context exclude words");
    }
    det.base = spec.base;
    det.with_context = spec.with_context.value_or(Confidence::kHigh);
    det.with_validator = spec.with_validator;
    for (const std::string& v : spec.allow_exact) {
      det.allow_exact.insert(v);
      det.allow_exact.insert(CanonicalValue(v));
    }
    for (size_t i = 0; i < spec.allow_regex.size(); ++i) {
      auto re = std::make_unique<RE2>(spec.allow_regex[i], Re2Options());
      if (!re->ok()) {
        d_.Error(spec.allow_regex_locs[i], what + ": invalid allow regex: " + re->error());
        ok = false;
      }
      det.allow_regex.push_back(std::move(re));
    }
    det.reject_placeholders = spec.reject_placeholders.value_or(false);
    det.mask = spec.mask;
    detector_index_.emplace(qualified, impl_->detectors.size());
    (void)ok;  // errors are counted by d_; the detector stays registered either way
    impl_->detectors.push_back(std::move(det));
  }

  bool ResolveCapture(const DetectorSpec& spec, const PatternFacts::Groups& groups,
                      const std::string& what, CompiledDetector* det) {
    const std::string& cap = spec.capture;
    if (std::all_of(cap.begin(), cap.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      const int n = std::stoi(cap);
      if (n > groups.count) {
        d_.Error(spec.pattern_loc, what + ": capture " + cap + " does not exist (the regex has " +
                                       std::to_string(groups.count) + " groups)");
        return false;
      }
      det->capture = n;
      return true;
    }
    const auto& named = groups.named;
    auto it = named.find(cap);
    if (it == named.end()) {
      d_.Error(spec.pattern_loc, what + ": the regex has no group named " + Quote(cap));
      return false;
    }
    det->capture = it->second;
    return true;
  }

  void CompilePolicy(const DocumentSpec& doc) {
    CompiledPolicy pol;
    pol.name = doc.name;
    pol.version = doc.version;
    pol.mode = impl_->options.force_simulate ? PolicyMode::kSimulate : doc.mode;
    pol.on_incomplete = doc.on_incomplete;
    pol.scope = doc.scope;
    for (auto* list : {&pol.scope.senders_include, &pol.scope.senders_exclude}) {
      for (std::string& s : *list) {
        std::transform(s.begin(), s.end(), s.begin(),
                       [](unsigned char c) { return std::tolower(c); });
      }
    }
    std::map<std::string, const DetectorSpec*> local;
    for (const DetectorSpec& det : doc.detectors) {
      if (!local.emplace(det.id, &det).second) {
        d_.Error(det.loc,
                 "detector " + Quote(det.id) + " is defined twice in policy " + Quote(doc.name));
        continue;
      }
      AddDetector(det, doc.name + "/" + det.id);
    }
    std::set<std::string> used;
    std::set<std::string> rule_ids;
    for (const policy::RuleSpec& rule : doc.rules) {
      if (!rule_ids.insert(rule.id).second) {
        d_.Error(rule.loc,
                 "rule " + Quote(rule.id) + " is defined twice in policy " + Quote(doc.name));
      }
      CompiledRule cr;
      cr.id = rule.id;
      cr.action = rule.action;
      cr.severity = rule.severity;
      cr.tip = rule.tip;
      cr.allow_override = rule.allow_override;
      cr.allow_false_positive_report = rule.allow_false_positive_report;
      ResolveCondition(rule.when, doc, "rule " + Quote(rule.id), &cr.when, &used, &pol.detectors);
      cr.holds_without_hits = HoldsWithoutHits(cr.when);
      pol.rules.push_back(std::move(cr));
    }
    for (const DetectorSpec& det : doc.detectors) {
      if (!used.count(det.id)) {
        d_.Warning(det.loc, "detector " + Quote(det.id) + " is not used by any rule of policy " +
                                Quote(doc.name));
      }
    }
    std::sort(pol.detectors.begin(), pol.detectors.end());
    pol.detectors.erase(std::unique(pol.detectors.begin(), pol.detectors.end()),
                        pol.detectors.end());
    impl_->policies.push_back(std::move(pol));
  }

  void ResolveCondition(const ConditionSpec& spec, const DocumentSpec& doc, const std::string& what,
                        CompiledCondition* out, std::set<std::string>* used,
                        std::vector<size_t>* needed) {
    out->kind = spec.kind;
    out->min_count = spec.min_count;
    out->min_confidence = spec.min_confidence;
    out->distinct = spec.distinct;
    if (spec.kind != ConditionSpec::Kind::kDetector) {
      for (const ConditionSpec& child : spec.children) {
        out->children.emplace_back();
        ResolveCondition(child, doc, what, &out->children.back(), used, needed);
      }
      return;
    }
    const bool qualified = spec.detector.find('.') != std::string::npos;
    const std::string key = qualified ? spec.detector : doc.name + "/" + spec.detector;
    auto it = detector_index_.find(key);
    if (it == detector_index_.end() && broken_.count(key) > 0) return;  // reported already
    if (it == detector_index_.end()) {
      std::vector<std::string> names;
      for (const DetectorSpec& det : doc.detectors) names.push_back(det.id);
      for (const auto& [name, index] : detector_index_) {
        if (name.find('.') != std::string::npos) names.push_back(name);
      }
      std::vector<std::string_view> views(names.begin(), names.end());
      std::string msg = what + ": unknown detector " + Quote(spec.detector);
      std::string_view s = policy::Suggest(spec.detector, views);
      if (!s.empty()) msg += " (did you mean " + Quote(s) + "?)";
      if (qualified) msg += "; library detectors are referenced as <library>.<detector id>";
      d_.Error(spec.loc, msg);
      return;
    }
    if (!qualified) used->insert(spec.detector);
    out->detector = it->second;
    needed->push_back(it->second);
    const CompiledDetector& det = impl_->detectors[it->second];
    if (spec.min_confidence > det.MaxConfidence()) {
      d_.Warning(
          spec.loc,
          what + ": detector " + Quote(spec.detector) + " reaches at most confidence " +
              Quote(ToString(det.MaxConfidence())) + " (base " + std::string(ToString(det.base)) +
              (det.context_pattern ? ", with context " + std::string(ToString(det.with_context))
                                   : ", no context") +
              "), so min_confidence " + Quote(ToString(spec.min_confidence)) + " can never hold");
    }
  }

  void BuildDatabase() {
    std::vector<PatternDatabase::Rejection> rejected;
    const std::vector<PatternDatabase::NearContext> near_context = NearContextPatterns();
    auto db = PatternDatabase::Build(impl_->pattern_text, &rejected,
                                     impl_->options.database_cache_dir, &facts_, &near_context);
    if (!db.ok()) {
      d_.Error(SourceLoc{}, db.status().message());
      return;
    }
    impl_->database = std::move(db).value();
    // Digit windows hold every number of a field, and for most of them the pattern's letters
    // are not there: those patterns search their ranges through a filter (FindSpansInRanges).
    // The other prefilters' ranges mostly hold a match already; a filter would only add a pass.
    for (size_t i = 0; i < impl_->pattern_text.size(); ++i) {
      if (impl_->database->kind(i) != PatternDatabase::Kind::kDigitWindow) continue;
      if (auto filter = RangeFilterPattern(impl_->pattern_text[i])) {
        impl_->pattern_range_filter[i] = std::make_unique<LazyRe2>(*filter, Re2Options());
      }
    }
    // Context keyword lists have a database of their own, scanned only for fields with a
    // candidate that needs context (rejected lists are searched with RE2 over the field).
    auto ctx = PatternDatabase::Build(impl_->context_text, nullptr,
                                      impl_->options.database_cache_dir, &facts_);
    if (!ctx.ok()) {
      d_.Error(SourceLoc{}, ctx.status().message());
      return;
    }
    impl_->context_database = std::move(ctx).value();
    CheckMasks();
    CheckNearContext();
    for (const auto& r : rejected) {
      for (const auto& [loc, what] : pattern_users_[r.index]) {
        d_.Warning(loc, what + ": Hyperscan cannot prefilter this pattern (" + r.message +
                            "); it runs with RE2 on every field, which is slower");
      }
    }
  }

  // A context-required detector is looked for in windows around its keywords that must hold
  // every value near one: its values need a bounded length. (A pattern it shares with another
  // detector is prefiltered as usual, and its values far from context dropped; a detector the
  // rules count only with context falls back to RE2 over the field when its width is unbounded.)
  void CheckNearContext() {
    for (CompiledDetector& det : impl_->detectors) {
      det.near_context_scan =
          !det.plugin && impl_->database->kind(det.pattern) == PatternDatabase::Kind::kNearContext;
      if (!det.near_context_scan || !det.context_required ||
          impl_->database->reach(det.pattern) != 0) {
        continue;
      }
      d_.Error(det.pattern_loc, "detector " + Quote(det.name) +
                                    ": context 'required' needs a pattern whose matches have a "
                                    "bounded length (no '*', '+' or '{n,}')");
    }
  }

  // Masks keep at most half of a value's characters (detect/masking.h): a mask asking for more
  // than half of the longest value its pattern can match is always cut back.
  void CheckMasks() {
    for (const CompiledDetector& det : impl_->detectors) {
      if (det.plugin || (det.mask.keep_start < 0 && det.mask.keep_end < 0)) continue;
      const uint32_t longest = impl_->database->reach(det.pattern);
      const int keep = std::max(det.mask.keep_start, 0) + std::max(det.mask.keep_end, 0);
      if (longest == 0 || static_cast<uint32_t>(keep) * 2 <= longest) continue;
      d_.Warning(det.pattern_loc,
                 "detector " + Quote(det.name) + ": mask keeps " + std::to_string(keep) +
                     " characters, but its values are at most " + std::to_string(longest) +
                     " bytes and a mask shows at most half of a value: fewer are shown");
    }
  }

  CompiledPolicySet* impl_;
  FileDiagnostics d_;
  PatternFacts facts_;  // remembered across runs in the database cache directory
  std::map<std::string, size_t> pattern_index_;
  std::map<std::string, size_t> context_index_;
  std::vector<std::vector<std::pair<SourceLoc, std::string>>> pattern_users_;
  std::map<std::string, size_t> detector_index_;
  std::set<std::string> broken_;  // qualified names of detectors left out for their own errors
};

bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::string KeywordsToRegex(const std::vector<std::string>& words, bool case_sensitive,
                            bool whole_word) {
  std::string out = case_sensitive ? "(?:" : "(?i:";
  bool first = true;
  for (const std::string& raw : words) {
    // Trim, then split on whitespace runs.
    const size_t b = raw.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) continue;
    const size_t e = raw.find_last_not_of(" \t\r\n");
    const std::string w = raw.substr(b, e - b + 1);
    if (!first) out += "|";
    first = false;
    if (whole_word && IsWordByte(w.front())) out += "\\b";
    size_t i = 0;
    while (i < w.size()) {
      size_t j = w.find_first_of(" \t\r\n", i);
      if (j == std::string::npos) j = w.size();
      out += RE2::QuoteMeta(w.substr(i, j - i));
      i = w.find_first_not_of(" \t\r\n", j);
      if (i == std::string::npos) break;
      out += "\\s+";
    }
    if (whole_word && IsWordByte(w.back())) out += "\\b";
  }
  out += ")";
  return out;
}

bool CompilePolicySet(const std::vector<policy::DocumentSpec>& docs, CompiledPolicySet* impl,
                      std::vector<Diagnostic>* diagnostics) {
  Compiler compiler(impl, diagnostics);
  return compiler.Run(docs);
}

}  // namespace bulwark
