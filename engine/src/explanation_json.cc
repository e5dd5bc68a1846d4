#include "bulwark/explanation_json.h"

#include "bulwark/verdict_json.h"

namespace bulwark {
namespace {

using nlohmann::ordered_json;

ordered_json ConditionToJson(const ConditionTrace& c) {
  ordered_json j;
  j["kind"] = c.kind;
  if (c.kind == "detector") {
    j["detector"] = c.detector;
    j["min_count"] = c.min_count;
    if (c.distinct) j["distinct"] = true;
    j["min_confidence"] = ToString(c.min_confidence);
    j["count"] = c.count;
    if (c.best) j["best_confidence"] = ToString(*c.best);
  }
  j["held"] = c.held;
  if (!c.children.empty()) {
    ordered_json children = ordered_json::array();
    for (const ConditionTrace& child : c.children) children.push_back(ConditionToJson(child));
    j["children"] = std::move(children);
  }
  return j;
}

ordered_json CandidateToJson(const CandidateTrace& c) {
  ordered_json j;
  j["field"] = c.field;
  j["start"] = c.start;
  j["end"] = c.end;
  j["masked"] = c.masked;
  if (!c.normalizations.empty()) j["normalized"] = c.normalizations;
  j["outcome"] = c.outcome;
  if (!c.reason.empty()) j["reason"] = c.reason;
  if (c.outcome == "accepted") j["confidence"] = ToString(c.confidence);
  if (!c.confidence_steps.empty()) j["confidence_steps"] = c.confidence_steps;
  if (c.context_window != 0) {
    ordered_json ctx;
    ctx["window"] = c.context_window;
    if (c.context_distance) {
      ctx["nearest"] = c.context_keyword;
      ctx["distance"] = *c.context_distance;
    } else {
      ctx["nearest"] = nullptr;
    }
    j["context"] = std::move(ctx);
  }
  return j;
}

}  // namespace

ordered_json ExplanationToJson(const Explanation& e) {
  ordered_json j;
  j["schema"] = kExplanationSchema;
  j["verdict"] = VerdictToJson(e.verdict);
  ordered_json fields = ordered_json::array();
  for (const FieldTrace& f : e.fields) {
    ordered_json jf;
    jf["name"] = f.name;
    jf["bytes"] = f.bytes;
    if (f.repaired_utf8) jf["repaired_utf8"] = true;
    if (!f.normalizations.empty()) {
      jf["normalized"] = f.normalizations;
      jf["normalized_bytes"] = f.normalized_bytes;
    }
    fields.push_back(std::move(jf));
  }
  j["fields"] = std::move(fields);
  ordered_json detectors = ordered_json::array();
  for (const DetectorTrace& d : e.detectors) {
    ordered_json jd;
    jd["detector"] = d.detector;
    jd["kind"] = d.kind;
    jd["used"] = d.used;
    if (!d.validator.empty()) jd["validator"] = d.validator;
    if (!d.notes.empty()) jd["notes"] = d.notes;
    ordered_json candidates = ordered_json::array();
    for (const CandidateTrace& c : d.candidates) candidates.push_back(CandidateToJson(c));
    if (d.used) jd["candidates"] = std::move(candidates);
    detectors.push_back(std::move(jd));
  }
  j["detectors"] = std::move(detectors);
  ordered_json policies = ordered_json::array();
  for (const PolicyTrace& p : e.policies) {
    ordered_json jp;
    jp["policy"] = p.name;
    jp["mode"] = ToString(p.mode);
    jp["in_scope"] = p.in_scope;
    if (!p.scope.empty()) jp["scope"] = p.scope;
    ordered_json rules = ordered_json::array();
    for (const RuleTrace& r : p.rules) {
      ordered_json jr;
      jr["rule"] = r.id;
      jr["action"] = ToString(r.action);
      jr["severity"] = ToString(r.severity);
      jr["fired"] = r.fired;
      jr["when"] = ConditionToJson(r.when);
      rules.push_back(std::move(jr));
    }
    if (p.in_scope) jp["rules"] = std::move(rules);
    if (p.incomplete_action) jp["on_incomplete"] = ToString(*p.incomplete_action);
    policies.push_back(std::move(jp));
  }
  j["policies"] = std::move(policies);
  return j;
}

}  // namespace bulwark
