#include "bulwark/verdict_json.h"

namespace bulwark {

nlohmann::ordered_json VerdictToJson(const Verdict& v) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["schema"] = kVerdictSchema;
  j["decision"] = ToString(v.decision);
  j["mode"] = ToString(v.mode);
  if (v.simulated_decision != v.decision) j["simulated_decision"] = ToString(v.simulated_decision);
  ordered_json matches = ordered_json::array();
  for (const Match& m : v.matches) {
    ordered_json jm;
    jm["policy"] = m.policy;
    if (!m.policy_version.empty()) jm["policy_version"] = m.policy_version;
    jm["rule"] = m.rule;
    jm["action"] = ToString(m.action);
    jm["severity"] = ToString(m.severity);
    jm["enforced"] = m.mode == PolicyMode::kEnforce;
    if (!m.tip.empty()) jm["tip"] = m.tip;
    if (!m.allow_override.empty()) jm["allow_override"] = m.allow_override;
    if (m.allow_false_positive_report) {
      jm["allow_false_positive_report"] = *m.allow_false_positive_report;
    }
    ordered_json findings = ordered_json::array();
    for (const Finding& f : m.findings) {
      ordered_json jf;
      jf["detector"] = f.detector;
      jf["count"] = f.count;
      jf["distinct"] = f.distinct;
      jf["confidence"] = ToString(f.confidence);
      ordered_json evidence = ordered_json::array();
      for (const Evidence& e : f.evidence) {
        ordered_json je;
        je["field"] = e.field;
        je["start"] = e.start;
        je["end"] = e.end;
        je["masked"] = e.masked;
        if (!e.fingerprint.empty()) je["fingerprint"] = e.fingerprint;
        if (!e.normalizations.empty()) je["normalized"] = e.normalizations;
        evidence.push_back(std::move(je));
      }
      jf["evidence"] = std::move(evidence);
      findings.push_back(std::move(jf));
    }
    jm["findings"] = std::move(findings);
    matches.push_back(std::move(jm));
  }
  j["matches"] = std::move(matches);
  j["policy_set"] = v.policy_set;
  j["latency_us"] = v.latency_us;
  if (!v.warnings.empty()) j["warnings"] = v.warnings;
  if (!v.incomplete.empty()) {
    ordered_json inc = ordered_json::array();
    for (const Incomplete& i : v.incomplete) {
      ordered_json ji;
      ji["reason"] = i.reason;
      ji["detector"] = i.detector;
      ji["field"] = i.field;
      inc.push_back(std::move(ji));
    }
    j["incomplete"] = std::move(inc);
  }
  return j;
}

}  // namespace bulwark
