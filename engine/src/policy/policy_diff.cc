#include "bulwark/policy_diff.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <set>

#include "detect/canonical.h"
#include "engine_internals.h"

namespace bulwark {
namespace {

using Kind = policy::ConditionSpec::Kind;

std::string Quote(const std::string& s) { return "'" + s + "'"; }
std::string Str(Confidence c) { return std::string(ToString(c)); }
std::string Str(Action a) { return std::string(ToString(a)); }

// The policy or library a qualified detector name belongs to.
std::string Owner(const std::string& detector) {
  const size_t slash = detector.find('/');
  return detector.substr(0, slash != std::string::npos ? slash : detector.find('.'));
}

// Whether a list scope (empty: everything) got wider, narrower, both or neither.
struct ListChange {
  bool wider = false;
  bool narrower = false;
};
ListChange CompareInclusion(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  ListChange c;
  if (a == b) return c;
  if (b.empty()) {  // now everything
    c.wider = true;
    return c;
  }
  if (a.empty()) {  // was everything
    c.narrower = true;
    return c;
  }
  const std::set<std::string> sa(a.begin(), a.end());
  const std::set<std::string> sb(b.begin(), b.end());
  for (const auto& x : sb) c.wider = c.wider || sa.count(x) == 0;
  for (const auto& x : sa) c.narrower = c.narrower || sb.count(x) == 0;
  return c;
}

class Differ {
 public:
  Differ(const CompiledPolicySet& a, const CompiledPolicySet& b, PolicyDiff* out)
      : a_(a), b_(b), out_(out) {}

  void Run() {
    for (const CompiledPolicy& pa : a_.policies) {
      const CompiledPolicy* pb = FindPolicy(b_, pa.name);
      if (pb == nullptr) {
        Add(ChangeLevel::kMinor, "policy " + Quote(pa.name), "removed (flags less)", {pa.name});
      } else {
        ComparePolicy(pa, *pb);
      }
    }
    for (const CompiledPolicy& pb : b_.policies) {
      if (FindPolicy(a_, pb.name) != nullptr) continue;
      const bool acts = pb.mode == PolicyMode::kEnforce &&
                        std::any_of(pb.rules.begin(), pb.rules.end(), [](const CompiledRule& r) {
                          return r.action > Action::kAllow;
                        });
      Add(acts ? ChangeLevel::kMajor : ChangeLevel::kMinor, "policy " + Quote(pb.name),
          acts ? "added (can flag messages)"
               : "added in simulate mode or without acting rules (enforces nothing)",
          {pb.name});
    }
    for (const CompiledDetector& da : a_.detectors) {
      const CompiledDetector* db = FindDetector(b_, da.name);
      if (db == nullptr) {
        Add(ChangeLevel::kPatch, "detector " + Quote(da.name),
            "removed (the rules that used it are compared on their own)", {Owner(da.name)});
      } else {
        CompareDetector(da, *db);
      }
    }
    for (const CompiledDetector& db : b_.detectors) {
      if (FindDetector(a_, db.name) != nullptr) continue;
      Add(ChangeLevel::kPatch, "detector " + Quote(db.name),
          "added (it flags nothing until a rule uses it; new rules are compared on their own)",
          {Owner(db.name)});
    }
    for (const PolicyChange& c : out_->changes) out_->level = std::max(out_->level, c.level);
    CheckVersions();
  }

 private:
  static const CompiledPolicy* FindPolicy(const CompiledPolicySet& s, const std::string& name) {
    for (const CompiledPolicy& p : s.policies) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }
  static const CompiledDetector* FindDetector(const CompiledPolicySet& s, const std::string& n) {
    for (const CompiledDetector& d : s.detectors) {
      if (d.name == n) return &d;
    }
    return nullptr;
  }

  void Add(ChangeLevel level, std::string subject, std::string what,
           std::vector<std::string> documents) {
    out_->changes.push_back({level, std::move(subject), std::move(what), std::move(documents)});
  }

  // Wider is major, narrower minor, a change both ways major.
  static ChangeLevel Level(const ListChange& c) {
    return c.wider ? ChangeLevel::kMajor : c.narrower ? ChangeLevel::kMinor : ChangeLevel::kNone;
  }

  void ComparePolicy(const CompiledPolicy& a, const CompiledPolicy& b) {
    const std::string who = "policy " + Quote(a.name);
    if (a.mode != b.mode) {
      Add(b.mode == PolicyMode::kEnforce ? ChangeLevel::kMajor : ChangeLevel::kMinor, who,
          "mode " + std::string(ToString(a.mode)) + " -> " + std::string(ToString(b.mode)),
          {a.name});
    }
    if (a.on_incomplete != b.on_incomplete) {
      Add(b.on_incomplete > a.on_incomplete ? ChangeLevel::kMajor : ChangeLevel::kMinor, who,
          "on_incomplete " + Str(a.on_incomplete) + " -> " + Str(b.on_incomplete), {a.name});
    }
    const struct {
      const char* name;
      ListChange change;
    } scopes[] = {
        {"scope.resources", CompareInclusion(a.scope.resources, b.scope.resources)},
        {"scope.tenants", CompareInclusion(a.scope.tenants, b.scope.tenants)},
        {"scope.senders.include",
         CompareInclusion(a.scope.senders_include, b.scope.senders_include)},
        // An exclusion list works the other way: an entry removed lets more messages in.
        {"scope.senders.exclude",
         [&] {
           const std::set<std::string> sa(a.scope.senders_exclude.begin(),
                                          a.scope.senders_exclude.end());
           const std::set<std::string> sb(b.scope.senders_exclude.begin(),
                                          b.scope.senders_exclude.end());
           ListChange c;
           for (const auto& x : sa) c.wider = c.wider || sb.count(x) == 0;
           for (const auto& x : sb) c.narrower = c.narrower || sa.count(x) == 0;
           return c;
         }()},
    };
    for (const auto& s : scopes) {
      if (const ChangeLevel l = Level(s.change); l != ChangeLevel::kNone) {
        Add(l, who,
            std::string(s.name) + (l == ChangeLevel::kMajor ? " wider (more messages in scope)"
                                                            : " narrower (fewer messages)"),
            {a.name});
      }
    }
    for (const CompiledRule& ra : a.rules) {
      const CompiledRule* rb = nullptr;
      for (const CompiledRule& r : b.rules) rb = r.id == ra.id ? &r : rb;
      const std::string rule = "rule " + Quote(a.name + "/" + ra.id);
      if (rb == nullptr) {
        Add(ChangeLevel::kMinor, rule, "removed (flags less)", {a.name});
        continue;
      }
      if (ra.action != rb->action) {
        Add(rb->action > ra.action ? ChangeLevel::kMajor : ChangeLevel::kMinor, rule,
            "action " + Str(ra.action) + " -> " + Str(rb->action), {a.name});
      }
      CompareCondition(ra.when, rb->when, /*positive=*/true, rule, a.name);
      if (ra.severity != rb->severity || ra.tip != rb->tip ||
          ra.allow_override != rb->allow_override ||
          ra.allow_false_positive_report != rb->allow_false_positive_report) {
        Add(ChangeLevel::kPatch, rule, "severity, tip or override options changed", {a.name});
      }
    }
    for (const CompiledRule& rb : b.rules) {
      if (std::any_of(a.rules.begin(), a.rules.end(),
                      [&](const CompiledRule& r) { return r.id == rb.id; })) {
        continue;
      }
      Add(rb.action > Action::kAllow ? ChangeLevel::kMajor : ChangeLevel::kPatch,
          "rule " + Quote(b.name + "/" + rb.id), "added, action " + Str(rb.action), {b.name});
    }
  }

  // `positive`: false under an odd number of `not`s, where matching more means flagging less.
  void CompareCondition(const CompiledCondition& a, const CompiledCondition& b, bool positive,
                        const std::string& rule, const std::string& policy) {
    auto Effect = [&](bool can_match_more) {
      return std::string(can_match_more == positive ? " (flags more)" : " (flags less)");
    };
    auto more = [&](bool can_match_more) {
      return can_match_more == positive ? ChangeLevel::kMajor : ChangeLevel::kMinor;
    };
    if (a.kind != b.kind || a.children.size() != b.children.size() ||
        (a.kind == Kind::kDetector &&
         a_.detectors[a.detector].name != b_.detectors[b.detector].name)) {
      Add(ChangeLevel::kMajor, rule, "condition rewritten (it may match more)", {policy});
      return;
    }
    if (a.kind == Kind::kDetector) {
      const std::string& det = a_.detectors[a.detector].name;
      if (a.min_confidence != b.min_confidence) {
        Add(more(b.min_confidence < a.min_confidence), rule,
            det + ": min_confidence " + Str(a.min_confidence) + " -> " + Str(b.min_confidence) +
                Effect(b.min_confidence < a.min_confidence),
            {policy});
      }
      if (a.min_count != b.min_count) {
        Add(more(b.min_count < a.min_count), rule,
            det + ": min_count " + std::to_string(a.min_count) + " -> " +
                std::to_string(b.min_count) + Effect(b.min_count < a.min_count),
            {policy});
      }
      if (a.distinct != b.distinct) {
        Add(more(!b.distinct), rule,
            det + (b.distinct ? ": now counts distinct values" : ": now counts every value"),
            {policy});
      }
      return;
    }
    for (size_t i = 0; i < a.children.size(); ++i) {
      CompareCondition(a.children[i], b.children[i], a.kind == Kind::kNot ? !positive : positive,
                       rule, policy);
    }
  }

  // The policies of the new set whose rules use detector `name`, and its owner.
  std::vector<std::string> Users(const std::string& name) const {
    std::vector<std::string> docs = {Owner(name)};
    for (const CompiledPolicy& p : b_.policies) {
      for (size_t d : p.detectors) {
        if (b_.detectors[d].name == name && p.name != docs.front()) docs.push_back(p.name);
      }
    }
    return docs;
  }

  void CompareDetector(const CompiledDetector& a, const CompiledDetector& b) {
    const std::string who = "detector " + Quote(a.name);
    const std::vector<std::string> docs = Users(a.name);
    auto add = [&](ChangeLevel l, std::string what) { Add(l, who, std::move(what), docs); };
    auto rank = [&](bool up, const std::string& what) {
      add(up ? ChangeLevel::kMajor : ChangeLevel::kMinor, what);
    };
    if (static_cast<bool>(a.plugin) != static_cast<bool>(b.plugin)) {
      add(ChangeLevel::kMajor, "changed between a pattern and a plugin (it may find more)");
      return;
    }
    if (a.plugin) {
      if (a.plugin->name() != b.plugin->name() || a.plugin_config != b.plugin_config) {
        add(ChangeLevel::kMajor, "plugin type or config changed (it may find more)");
      }
    } else if (a_.pattern_text[a.pattern] != b_.pattern_text[b.pattern] || a.capture != b.capture) {
      add(ChangeLevel::kMajor, "pattern changed (it may match more)");
    }
    if (a.validator.has_value() != b.validator.has_value()) {
      rank(!b.validator.has_value(),
           b.validator
               ? "validator " + std::string(b.validator->name()) + " added (fewer candidates)"
               : "validator " + std::string(a.validator->name()) + " removed (more candidates)");
    } else if (a.validator) {
      if (a.validator->kind() != b.validator->kind()) {
        add(ChangeLevel::kMajor, "validator " + std::string(a.validator->name()) + " -> " +
                                     std::string(b.validator->name()));
      }
      if (a.validator_required != b.validator_required) {
        rank(!b.validator_required, b.validator_required ? "validator now required"
                                                         : "validator now optional (more values)");
      }
    }
    auto conf = [&](const char* what, Confidence x, Confidence y) {
      if (x != y) rank(y > x, std::string(what) + " " + Str(x) + " -> " + Str(y));
    };
    conf("confidence base", a.base, b.base);
    if (a.context_pattern && b.context_pattern)
      conf("with_context", a.with_context, b.with_context);
    if (a.with_validator != b.with_validator) {
      rank(
          b.with_validator.value_or(Confidence::kLow) > a.with_validator.value_or(Confidence::kLow),
          "with_validator changed");
    }
    if (a.context_pattern.has_value() != b.context_pattern.has_value()) {
      rank(b.context_pattern.has_value(),
           b.context_pattern ? "context added (candidates can reach with_context)"
                             : "context removed (candidates stay at their base confidence)");
    } else if (a.context_pattern) {
      if (a_.context_text[*a.context_pattern] != b_.context_text[*b.context_pattern]) {
        add(ChangeLevel::kMajor, "context keywords changed (more candidates may be near one)");
      }
      if (a.context_window != b.context_window) {
        rank(b.context_window > a.context_window, "context window " +
                                                      std::to_string(a.context_window) + " -> " +
                                                      std::to_string(b.context_window));
      }
    }
    if (a.context_required != b.context_required) {
      rank(a.context_required,
           b.context_required ? "context now required (values away from its keywords dropped)"
                              : "context no longer required (values away from its keywords found)");
    }
    if (a.exclude_pattern.has_value() != b.exclude_pattern.has_value()) {
      rank(a.exclude_pattern.has_value(),
           b.exclude_pattern ? "context exclude words added (fewer values above low)"
                             : "context exclude words removed (more values above low)");
    } else if (a.exclude_pattern &&
               a_.context_text[*a.exclude_pattern] != b_.context_text[*b.exclude_pattern]) {
      add(ChangeLevel::kMajor, "context exclude words changed");
    }
    // Allowlists: entries are counted, never printed (they may be real values).
    size_t removed = 0;
    size_t added = 0;
    // Each entry is kept as written and in canonical form: compare the canonical forms.
    std::set<std::string> ea;
    std::set<std::string> eb;
    for (const std::string& v : a.allow_exact) ea.insert(CanonicalValue(v));
    for (const std::string& v : b.allow_exact) eb.insert(CanonicalValue(v));
    for (const std::string& v : ea) removed += eb.count(v) == 0 ? 1 : 0;
    for (const std::string& v : eb) added += ea.count(v) == 0 ? 1 : 0;
    std::set<std::string> ra;
    std::set<std::string> rb;
    for (const auto& re : a.allow_regex) ra.insert(re->pattern());
    for (const auto& re : b.allow_regex) rb.insert(re->pattern());
    for (const std::string& r : ra) removed += rb.count(r) == 0 ? 1 : 0;
    for (const std::string& r : rb) added += ra.count(r) == 0 ? 1 : 0;
    if (removed > 0) {
      add(ChangeLevel::kMajor, std::to_string(removed) + " allowlist entr" +
                                   (removed == 1 ? "y" : "ies") + " removed (more values flagged)");
    }
    if (added > 0) {
      add(ChangeLevel::kMinor, std::to_string(added) + " allowlist entr" +
                                   (added == 1 ? "y" : "ies") + " added (fewer values flagged)");
    }
    if (a.reject_placeholders != b.reject_placeholders) {
      rank(!b.reject_placeholders, b.reject_placeholders
                                       ? "placeholders rejected (fewer values flagged)"
                                       : "placeholders no longer rejected (more values flagged)");
    }
    if (a.mask.keep_start != b.mask.keep_start || a.mask.keep_end != b.mask.keep_end ||
        a.mask.keep_shape != b.mask.keep_shape || a.description != b.description) {
      add(ChangeLevel::kPatch, "mask or description changed");
    }
  }

  static bool ParseVersion(const std::string& v, std::array<int, 3>* out) {
    return std::sscanf(v.c_str(), "%d.%d.%d", &(*out)[0], &(*out)[1], &(*out)[2]) == 3;
  }

  void CheckVersions() {
    std::set<std::string> names;
    for (const CompiledPolicy& p : a_.policies) names.insert(p.name);
    for (const auto& [name, v] : *a_.versions) names.insert(name);
    for (const CompiledDetector& d : a_.detectors) names.insert(Owner(d.name));
    for (const std::string& name : names) {
      const bool in_b =
          FindPolicy(b_, name) != nullptr || b_.versions->count(name) > 0 ||
          std::any_of(b_.detectors.begin(), b_.detectors.end(),
                      [&](const CompiledDetector& d) { return Owner(d.name) == name; });
      if (!in_b) continue;
      VersionCheck vc;
      vc.document = name;
      if (auto it = a_.versions->find(name); it != a_.versions->end()) vc.before = it->second;
      if (auto it = b_.versions->find(name); it != b_.versions->end()) vc.after = it->second;
      for (const PolicyChange& c : out_->changes) {
        if (std::find(c.documents.begin(), c.documents.end(), name) != c.documents.end()) {
          vc.needed = std::max(vc.needed, c.level);
        }
      }
      std::array<int, 3> x{};
      std::array<int, 3> y{};
      if (vc.needed == ChangeLevel::kNone) {
        // Nothing changed: any version is fine.
      } else if (!ParseVersion(vc.before, &x) || !ParseVersion(vc.after, &y)) {
        vc.ok = false;
        vc.message = "declare a version (MAJOR.MINOR.PATCH) before and after a change";
      } else {
        const ChangeLevel bump =
            y[0] != x[0]   ? (y[0] > x[0] ? ChangeLevel::kMajor : ChangeLevel::kNone)
            : y[1] != x[1] ? (y[1] > x[1] ? ChangeLevel::kMinor : ChangeLevel::kNone)
            : y[2] > x[2]  ? ChangeLevel::kPatch
                           : ChangeLevel::kNone;
        if (bump < vc.needed) {
          vc.ok = false;
          vc.message = "a " + std::string(ToString(vc.needed)) + " change needs a " +
                       std::string(ToString(vc.needed)) + " version bump";
        }
      }
      out_->versions.push_back(std::move(vc));
    }
  }

  const CompiledPolicySet& a_;
  const CompiledPolicySet& b_;
  PolicyDiff* out_;
};

}  // namespace

std::string_view ToString(ChangeLevel level) {
  switch (level) {
    case ChangeLevel::kNone:
      return "none";
    case ChangeLevel::kPatch:
      return "patch";
    case ChangeLevel::kMinor:
      return "minor";
    case ChangeLevel::kMajor:
      return "major";
  }
  return "none";
}

PolicyDiff DiffPolicySets(const PolicySet& before, const PolicySet& after) {
  PolicyDiff diff;
  Differ(EngineInternals::Of(before), EngineInternals::Of(after), &diff).Run();
  std::stable_sort(diff.changes.begin(), diff.changes.end(),
                   [](const PolicyChange& x, const PolicyChange& y) { return x.level > y.level; });
  return diff;
}

}  // namespace bulwark
