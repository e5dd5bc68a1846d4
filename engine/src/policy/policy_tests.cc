// RunPolicyTests: DetectorTest and PolicyTest documents.
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "bulwark/policy_test.h"
#include "policy/yaml_fields.h"

namespace bulwark {
namespace {

using policy::CheckMap;
using policy::FileDiagnostics;

Content TextOf(const std::string& text, const std::string& resource) {
  Content c;
  c.resource_type = resource;
  c.fields.push_back({"text", text});
  return c;
}

class Runner {
 public:
  Runner(const PolicySet& set, PolicyTestReport* report) : set_(set), report_(report) {
    for (const std::string& n : set.DetectorNames()) names_.push_back(n);
  }

  void RunFile(const std::filesystem::path& file) {
    FileDiagnostics d(file.string(), &report_->failures);
    std::vector<YAML::Node> docs;
    try {
      docs = YAML::LoadAllFromFile(file.string());
    } catch (const YAML::Exception& e) {
      d.Error(e.mark, "YAML error: " + e.msg);
      return;
    }
    ++report_->files;
    for (const YAML::Node& doc : docs) {
      if (doc.IsNull()) continue;
      if (!doc.IsMap()) {
        d.Error(doc.Mark(), "a test document must be a map");
        continue;
      }
      const std::string kind = doc["kind"] && doc["kind"].IsScalar() ? doc["kind"].Scalar() : "";
      if (kind == "DetectorTest") {
        DetectorTest(doc, d);
      } else if (kind == "PolicyTest") {
        PolicyTest(doc, d);
      } else {
        d.Error(doc.Mark(), "kind must be DetectorTest or PolicyTest");
      }
    }
  }

 private:
  // A case is a string, or a map with `text` and optional expectations.
  bool CaseText(const YAML::Node& c, FileDiagnostics& d, std::string* text) {
    if (c.IsScalar()) {
      *text = c.Scalar();
      return true;
    }
    if (c.IsMap() && c["text"] && c["text"].IsScalar()) {
      *text = c["text"].Scalar();
      return true;
    }
    d.Error(c.Mark(), "a case is a string or a map with 'text'");
    return false;
  }

  void Fail(FileDiagnostics& d, const YAML::Node& at, std::string msg) {
    d.Error(at.Mark(), std::move(msg));
  }

  void DetectorTest(const YAML::Node& doc, FileDiagnostics& d) {
    if (!CheckMap(doc, "detector test",
                  {"apiVersion", "kind", "detector", "resource", "match", "no_match"}, d))
      return;
    const std::string det =
        doc["detector"] && doc["detector"].IsScalar() ? doc["detector"].Scalar() : "";
    if (std::find(names_.begin(), names_.end(), det) == names_.end()) {
      std::string msg = "unknown detector '" + det + "'";
      std::vector<std::string_view> views(names_.begin(), names_.end());
      if (std::string_view s = policy::Suggest(det, views); !s.empty())
        msg += " (did you mean '" + std::string(s) + "'?)";
      d.Error(doc["detector"] ? doc["detector"].Mark() : doc.Mark(), msg);
      return;
    }
    const std::string resource = doc["resource"] ? doc["resource"].as<std::string>("text") : "text";
    auto& counts = report_->detector_cases[det];
    for (const char* section : {"match", "no_match"}) {
      const YAML::Node list = doc[section];
      if (!list) continue;
      if (!list.IsSequence()) {
        d.Error(list.Mark(), std::string("'") + section + "' must be a list of cases");
        continue;
      }
      const bool positive = std::string(section) == "match";
      for (const YAML::Node& c : list) {
        std::string text;
        if (!CaseText(c, d, &text)) continue;
        ++report_->cases;
        (positive ? counts.first : counts.second) += 1;
        std::vector<PolicySet::DetectorHit> hits;
        for (auto& h : set_.Detect(TextOf(text, resource))) {
          if (h.detector == det) hits.push_back(std::move(h));
        }
        if (!positive) {
          if (hits.empty()) {
            ++report_->passed;
          } else {
            Fail(d, c, "expected no match of '" + det + "', found " + hits[0].evidence.masked);
          }
          continue;
        }
        if (hits.empty()) {
          Fail(d, c, "expected a match of '" + det + "', found none");
          continue;
        }
        if (c.IsMap()) {
          CheckMap(c, "case", {"text", "confidence", "value"}, d);
          if (c["confidence"]) {
            const auto want = ParseConfidence(c["confidence"].as<std::string>(""));
            const Confidence best =
                std::max_element(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
                  return a.confidence < b.confidence;
                })->confidence;
            if (!want) {
              Fail(d, c["confidence"], "confidence must be low, medium or high");
              continue;
            }
            if (best != *want) {
              Fail(d, c,
                   "expected confidence " + std::string(ToString(*want)) + ", found " +
                       std::string(ToString(best)));
              continue;
            }
          }
          if (c["value"]) {
            const std::string want = c["value"].as<std::string>("");
            const bool found = std::any_of(hits.begin(), hits.end(), [&](const auto& h) {
              return text.compare(h.evidence.start, h.evidence.end - h.evidence.start, want) == 0;
            });
            if (!found) {
              Fail(d, c,
                   "expected the value to be matched exactly; found " + hits[0].evidence.masked +
                       " at " + std::to_string(hits[0].evidence.start));
              continue;
            }
          }
        }
        ++report_->passed;
      }
    }
  }

  void PolicyTest(const YAML::Node& doc, FileDiagnostics& d) {
    if (!CheckMap(doc, "policy test", {"apiVersion", "kind", "resource", "cases"}, d)) return;
    const std::string resource = doc["resource"] ? doc["resource"].as<std::string>("text") : "text";
    const YAML::Node cases = doc["cases"];
    if (!cases || !cases.IsSequence()) {
      d.Error(doc.Mark(), "'cases' must be a list");
      return;
    }
    for (const YAML::Node& c : cases) {
      if (!CheckMap(c, "case", {"text", "decision", "rules"}, d)) continue;
      std::string text;
      if (!CaseText(c, d, &text)) continue;
      ++report_->cases;
      const Verdict v = set_.Evaluate(TextOf(text, resource));
      const auto want = ParseAction(c["decision"] ? c["decision"].as<std::string>("") : "");
      if (!want) {
        Fail(d, c, "'decision' (allow, audit, notify or block) is required");
        continue;
      }
      if (v.decision != *want) {
        Fail(d, c,
             "expected decision " + std::string(ToString(*want)) + ", got " +
                 std::string(ToString(v.decision)));
        continue;
      }
      bool ok = true;
      if (c["rules"] && c["rules"].IsSequence()) {
        for (const YAML::Node& r : c["rules"]) {
          const std::string want_rule = r.as<std::string>("");
          const bool found = std::any_of(v.matches.begin(), v.matches.end(), [&](const Match& m) {
            return m.policy + "/" + m.rule == want_rule;
          });
          if (!found) {
            Fail(d, r, "expected rule '" + want_rule + "' to match");
            ok = false;
          }
        }
      }
      if (ok) ++report_->passed;
    }
  }

  const PolicySet& set_;
  PolicyTestReport* report_;
  std::vector<std::string> names_;
};

}  // namespace

PolicyTestReport RunPolicyTests(const PolicySet& set,
                                const std::vector<std::filesystem::path>& files) {
  PolicyTestReport report;
  Runner runner(set, &report);
  for (const auto& f : files) runner.RunFile(f);
  return report;
}

}  // namespace bulwark
