#include "bulwark/verdict_json.h"

#include "util/json_writer.h"

namespace bulwark {
namespace {

// `context`: members written after "mode" when it is an object.
std::string VerdictText(const Verdict& v, const nlohmann::ordered_json& context) {
  std::string out;
  out.reserve(256 + 256 * v.matches.size());
  JsonWriter w(&out);
  w.BeginObject();
  w.Member("schema", kVerdictSchema);
  w.Member("decision", ToString(v.decision));
  w.Member("mode", ToString(v.mode));
  if (v.simulated_decision != v.decision) {
    w.Member("simulated_decision", ToString(v.simulated_decision));
  }
  if (context.is_object()) {
    for (auto it = context.begin(); it != context.end(); ++it) {
      w.Key(it.key());
      WriteJson(it.value(), &w);
    }
  }
  w.Key("matches");
  w.BeginArray();
  for (const Match& m : v.matches) {
    w.BeginObject();
    w.Member("policy", m.policy);
    if (!m.policy_version.empty()) w.Member("policy_version", m.policy_version);
    w.Member("rule", m.rule);
    w.Member("action", ToString(m.action));
    w.Member("severity", ToString(m.severity));
    w.MemberBool("enforced", m.mode == PolicyMode::kEnforce);
    if (!m.tip.empty()) w.Member("tip", m.tip);
    if (!m.allow_override.empty()) w.Member("allow_override", m.allow_override);
    if (m.allow_false_positive_report) {
      w.MemberBool("allow_false_positive_report", *m.allow_false_positive_report);
    }
    w.Key("findings");
    w.BeginArray();
    for (const Finding& f : m.findings) {
      w.BeginObject();
      w.Member("detector", f.detector);
      w.MemberUint("count", f.count);
      w.MemberUint("distinct", f.distinct);
      w.Member("confidence", ToString(f.confidence));
      w.Key("evidence");
      w.BeginArray();
      for (const Evidence& e : f.evidence) {
        w.BeginObject();
        w.Member("field", e.field);
        w.MemberUint("start", e.start);
        w.MemberUint("end", e.end);
        w.Member("masked", e.masked);
        if (!e.fingerprint.empty()) w.Member("fingerprint", e.fingerprint);
        if (!e.normalizations.empty()) {
          w.Key("normalized");
          w.BeginArray();
          for (const std::string& n : e.normalizations) w.String(n);
          w.EndArray();
        }
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Member("policy_set", v.policy_set);
  w.MemberUint("latency_us", v.latency_us);
  if (!v.warnings.empty()) {
    w.Key("warnings");
    w.BeginArray();
    for (const std::string& s : v.warnings) w.String(s);
    w.EndArray();
  }
  if (!v.incomplete.empty()) {
    w.Key("incomplete");
    w.BeginArray();
    for (const Incomplete& i : v.incomplete) {
      w.BeginObject();
      w.Member("reason", i.reason);
      w.Member("detector", i.detector);
      w.Member("field", i.field);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return out;
}

}  // namespace

std::string VerdictJsonText(const Verdict& v, const nlohmann::ordered_json& context) {
  return VerdictText(v, context);
}

nlohmann::ordered_json VerdictToJson(const Verdict& v) {
  return nlohmann::ordered_json::parse(VerdictText(v, nlohmann::ordered_json()));
}

}  // namespace bulwark
