// RunPolicyTests: DetectorTest and PolicyTest documents.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "bulwark/policy_test.h"
#include "policy/policy_parser.h"
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
  Runner(const PolicySet& set, const PolicyTestOptions& options, PolicyTestReport* report)
      : set_(set), options_(options), report_(report) {
    for (const std::string& n : set.DetectorNames()) names_.push_back(n);
  }

  void RunFile(const std::filesystem::path& file) {
    FileDiagnostics d(file.string(), &report_->failures);
    std::vector<YAML::Node> docs;
    try {
      std::ifstream in(file, std::ios::binary);
      if (!in) throw YAML::BadFile(file.string());
      const std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
      docs = policy::LoadDocuments(text);
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

  // A failed check: the message, and the node it is about (the case when null).
  struct Failure {
    std::string message;
    std::optional<YAML::Mark> at;
  };

  // Counts and records one case: passed when `failure` is empty.
  void Record(FileDiagnostics& d, const YAML::Node& c, const std::string& suite,
              const std::optional<Failure>& failure) {
    ++report_->cases;
    PolicyTestCaseResult r;
    const policy::SourceLoc loc = d.Loc(c);
    r.file = loc.file;
    r.line = loc.line;
    r.column = loc.column;
    r.suite = suite;
    // Named by its place, never by its text: cases hold sensitive-looking values, and JUnit
    // reports travel further than the test file (CI dashboards, mail).
    r.name = "line " + std::to_string(loc.line);
    if (failure) {
      r.failure = failure->message;
      d.Error(failure->at ? *failure->at : c.Mark(), failure->message);
    } else {
      ++report_->passed;
    }
    report_->results.push_back(std::move(r));
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
        if (c.IsMap()) CheckMap(c, "case", {"text", "confidence", "value"}, d);
        (positive ? counts.first : counts.second) += 1;
        Record(d, c, "DetectorTest " + det, CheckDetectorCase(c, det, text, resource, positive));
      }
    }
  }

  std::optional<Failure> CheckDetectorCase(const YAML::Node& c, const std::string& det,
                                           const std::string& text, const std::string& resource,
                                           bool positive) {
    std::vector<PolicySet::DetectorHit> hits;
    for (auto& h : set_.Detect(TextOf(text, resource))) {
      if (h.detector == det) hits.push_back(std::move(h));
    }
    if (!positive) {
      if (hits.empty()) return std::nullopt;
      return Failure{"expected no match of '" + det + "', found " + hits[0].evidence.masked, {}};
    }
    if (hits.empty()) return Failure{"expected a match of '" + det + "', found none", {}};
    if (!c.IsMap()) return std::nullopt;
    if (c["confidence"]) {
      const auto want = ParseConfidence(c["confidence"].as<std::string>(""));
      if (!want) return Failure{"confidence must be low, medium or high", c["confidence"].Mark()};
      const Confidence best =
          std::max_element(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
            return a.confidence < b.confidence;
          })->confidence;
      if (best != *want) {
        return Failure{"expected confidence " + std::string(ToString(*want)) + ", found " +
                           std::string(ToString(best)),
                       {}};
      }
    }
    if (c["value"]) {
      const std::string want = c["value"].as<std::string>("");
      const bool found = std::any_of(hits.begin(), hits.end(), [&](const auto& h) {
        return text.compare(h.evidence.start, h.evidence.end - h.evidence.start, want) == 0;
      });
      if (!found) {
        return Failure{"expected the value to be matched exactly; found " +
                           hits[0].evidence.masked + " at " +
                           std::to_string(hits[0].evidence.start),
                       {}};
      }
    }
    return std::nullopt;
  }

  // The content of a PolicyTest case: `text` or `message` (a chatMessage), then the metadata
  // keys on top. Sets *failure when the case cannot be turned into content.
  std::optional<Content> CaseContent(const YAML::Node& c, const std::string& resource,
                                     std::string* text, std::optional<Failure>* failure) {
    Content content;
    if (c["message"] && c["text"]) {
      *failure = Failure{"a case has 'text' or 'message', not both", c["message"].Mark()};
      return std::nullopt;
    }
    if (c["message"]) {
      if (!options_.message_to_content) {
        *failure = Failure{
            "'message' cases need the Graph converter (run them with bulwark "
            "policy test)",
            c["message"].Mark()};
        return std::nullopt;
      }
      const std::string json = policy::YamlToJson(c["message"]).dump();
      auto converted = options_.message_to_content(json);
      if (!converted.ok()) {
        *failure = Failure{"'message' is not a chatMessage: " + converted.status().message(),
                           c["message"].Mark()};
        return std::nullopt;
      }
      content = std::move(converted).value();
      for (const Field& f : content.fields) *text += (text->empty() ? "" : " ") + f.text;
    } else if (c["text"] && c["text"].IsScalar()) {
      *text = c["text"].Scalar();
      content = TextOf(*text, resource);
    } else {
      *failure = Failure{"a case needs 'text' or 'message'", {}};
      return std::nullopt;
    }
    if (c["resource"]) content.resource_type = c["resource"].as<std::string>(resource);
    for (const auto& [key, meta] :
         {std::pair{"sender", kMetaSenderName}, std::pair{"sender_id", kMetaSenderId},
          std::pair{"tenant", kMetaTenantId}}) {
      if (c[key]) content.metadata[meta] = c[key].as<std::string>("");
    }
    return content;
  }

  // "; fired: p/r (notify), ..." or "; nothing fired".
  static std::string Fired(const Verdict& v) {
    if (v.matches.empty()) return "; nothing fired";
    std::string out = "; fired:";
    const char* sep = " ";
    for (const Match& m : v.matches) {
      out += sep + m.policy + "/" + m.rule + " (" + std::string(ToString(m.action)) + ")";
      sep = ", ";
    }
    return out;
  }

  std::optional<Failure> CheckPolicyCase(const YAML::Node& c, const Content& content) {
    const Verdict v = set_.Evaluate(content);
    const auto want = ParseAction(c["decision"] ? c["decision"].as<std::string>("") : "");
    if (!want) return Failure{"'decision' (allow, audit, notify or block) is required", {}};
    if (v.decision != *want) {
      return Failure{"expected decision " + std::string(ToString(*want)) + ", got " +
                         std::string(ToString(v.decision)) + Fired(v),
                     {}};
    }
    auto matched = [&](const std::string& rule) {
      return std::any_of(v.matches.begin(), v.matches.end(),
                         [&](const Match& m) { return m.policy + "/" + m.rule == rule; });
    };
    for (const char* key : {"rules", "not_rules"}) {
      const YAML::Node list = c[key];
      if (!list) continue;
      if (!list.IsSequence())
        return Failure{std::string("'") + key + "' must be a list", list.Mark()};
      const bool must = std::string(key) == "rules";
      for (const YAML::Node& r : list) {
        const std::string rule = r.as<std::string>("");
        if (matched(rule) != must) {
          return Failure{
              "expected rule '" + rule + (must ? "' to match" : "' not to match") + Fired(v),
              r.Mark()};
        }
      }
    }
    if (const YAML::Node dets = c["detectors"]; dets) {
      if (!dets.IsMap())
        return Failure{"'detectors' must map detector names to counts", dets.Mark()};
      std::map<std::string, size_t> found;
      for (const auto& h : set_.Detect(content)) ++found[h.detector];
      for (const auto& kv : dets) {
        const std::string name = kv.first.as<std::string>("");
        if (std::find(names_.begin(), names_.end(), name) == names_.end()) {
          return Failure{"unknown detector '" + name + "'", kv.first.Mark()};
        }
        const auto want_count = kv.second.as<long>(-1);
        if (want_count < 0)
          return Failure{"a detector count must be a number >= 0", kv.second.Mark()};
        if (found[name] != static_cast<size_t>(want_count)) {
          return Failure{"expected " + std::to_string(want_count) + " finding(s) of '" + name +
                             "', found " + std::to_string(found[name]),
                         kv.first.Mark()};
        }
      }
    }
    return std::nullopt;
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
      if (!CheckMap(c, "case",
                    {"text", "message", "resource", "sender", "sender_id", "tenant", "decision",
                     "rules", "not_rules", "detectors"},
                    d)) {
        continue;
      }
      std::string text;
      std::optional<Failure> failure;
      std::optional<Content> content = CaseContent(c, resource, &text, &failure);
      if (content) failure = CheckPolicyCase(c, *content);
      Record(d, c, "PolicyTest", failure);
    }
  }

  const PolicySet& set_;
  const PolicyTestOptions& options_;
  PolicyTestReport* report_;
  std::vector<std::string> names_;
};

}  // namespace

PolicyTestReport RunPolicyTests(const PolicySet& set,
                                const std::vector<std::filesystem::path>& files,
                                const PolicyTestOptions& options) {
  PolicyTestReport report;
  Runner runner(set, options, &report);
  for (const auto& f : files) runner.RunFile(f);
  return report;
}

}  // namespace bulwark
