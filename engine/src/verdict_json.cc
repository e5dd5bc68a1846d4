#include "bulwark/verdict_json.h"

#include "util/json_writer.h"

namespace bulwark {
namespace {

// `members_before_matches`: members already made, `"k":v,...`.
std::string VerdictText(const Verdict& v, std::string_view members_before_matches) {
  std::string out;
  out.reserve(256 + 256 * v.matches.size());
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("schema");
  w.String(kVerdictSchema);
  w.Key("decision");
  w.String(ToString(v.decision));
  w.Key("mode");
  w.String(ToString(v.mode));
  if (v.simulated_decision != v.decision) {
    w.Key("simulated_decision");
    w.String(ToString(v.simulated_decision));
  }
  w.Members(members_before_matches);
  w.Key("matches");
  w.BeginArray();
  for (const Match& m : v.matches) {
    w.BeginObject();
    w.Key("policy");
    w.String(m.policy);
    if (!m.policy_version.empty()) {
      w.Key("policy_version");
      w.String(m.policy_version);
    }
    w.Key("rule");
    w.String(m.rule);
    w.Key("action");
    w.String(ToString(m.action));
    w.Key("severity");
    w.String(ToString(m.severity));
    w.Key("enforced");
    w.Bool(m.mode == PolicyMode::kEnforce);
    if (!m.tip.empty()) {
      w.Key("tip");
      w.String(m.tip);
    }
    if (!m.allow_override.empty()) {
      w.Key("allow_override");
      w.String(m.allow_override);
    }
    if (m.allow_false_positive_report) {
      w.Key("allow_false_positive_report");
      w.Bool(*m.allow_false_positive_report);
    }
    w.Key("findings");
    w.BeginArray();
    for (const Finding& f : m.findings) {
      w.BeginObject();
      w.Key("detector");
      w.String(f.detector);
      w.Key("count");
      w.Uint(f.count);
      w.Key("distinct");
      w.Uint(f.distinct);
      w.Key("confidence");
      w.String(ToString(f.confidence));
      w.Key("evidence");
      w.BeginArray();
      for (const Evidence& e : f.evidence) {
        w.BeginObject();
        w.Key("field");
        w.String(e.field);
        w.Key("start");
        w.Uint(e.start);
        w.Key("end");
        w.Uint(e.end);
        w.Key("masked");
        w.String(e.masked);
        if (!e.fingerprint.empty()) {
          w.Key("fingerprint");
          w.String(e.fingerprint);
        }
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
  w.Key("policy_set");
  w.String(v.policy_set);
  w.Key("latency_us");
  w.Uint(v.latency_us);
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
      w.Key("reason");
      w.String(i.reason);
      w.Key("detector");
      w.String(i.detector);
      w.Key("field");
      w.String(i.field);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return out;
}

}  // namespace

std::string VerdictJsonText(const Verdict& v, const nlohmann::ordered_json& context) {
  std::string members;
  if (context.is_object() && !context.empty()) {
    JsonWriter w(&members);
    WriteJson(context, &w);  // {...}: its members are what lies between the braces
    members = members.substr(1, members.size() - 2);
  }
  return VerdictText(v, members);
}

nlohmann::ordered_json VerdictToJson(const Verdict& v) {
  return nlohmann::ordered_json::parse(VerdictText(v, {}));
}

}  // namespace bulwark
