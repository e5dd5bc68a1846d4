#include "m365/policy_violation.h"

#include <set>

namespace bulwark::m365 {
namespace {

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// Graph ids in a path: no separators, queries, fragments or spaces may come from a record.
bool SafeId(const std::string& id) {
  if (id.empty() || id.size() > 512) return false;
  for (unsigned char c : id) {
    if (c <= ' ' || c == '/' || c == '?' || c == '#' || c == '%' || c == '\\' || c >= 0x7F) {
      return false;
    }
  }
  return true;
}

// Graph's verdictDetails flags for the rule's sender options; `fallback` when the rule sets none.
std::string VerdictDetails(const nlohmann::json& match, const std::string& fallback) {
  const std::string override_mode = Str(match, "allow_override");
  auto fp = match.find("allow_false_positive_report");
  const bool has_fp = fp != match.end() && fp->is_boolean();
  if (override_mode.empty() && !has_fp) return fallback;
  std::string flags;
  auto add = [&](const char* flag) {
    if (!flags.empty()) flags += ",";
    flags += flag;
  };
  // A rule that sets only one of the two keeps the fallback's choice for the other.
  const bool report_fp =
      has_fp ? fp->get<bool>() : fallback.find("allowFalsePositiveOverride") != std::string::npos;
  if (report_fp) add("allowFalsePositiveOverride");
  std::string mode = override_mode;
  if (mode.empty()) {
    if (fallback.find("allowOverrideWithoutJustification") != std::string::npos) {
      mode = "without_justification";
    } else if (fallback.find("allowOverrideWithJustification") != std::string::npos) {
      mode = "with_justification";
    }
  }
  if (mode == "without_justification") add("allowOverrideWithoutJustification");
  if (mode == "with_justification") add("allowOverrideWithJustification");
  return flags.empty() ? "none" : flags;
}

}  // namespace

Enforcement PlanEnforcement(const nlohmann::json& record, const PolicyTipOptions& options) {
  Enforcement e;
  if (!record.is_object() || Str(record, "schema") != "bulwark.verdict/v1") return e;
  const std::string decision = Str(record, "decision");
  if (decision != "block" && decision != "notify") return e;  // simulate: decision is allow
  // Defensive: a simulated verdict, or one without an enforced match of its decision, is not
  // enforced whatever its decision field says.
  if (Str(record, "mode") == "simulate") return e;
  bool enforced = false;
  for (const nlohmann::json& m : record.value("matches", nlohmann::json::array())) {
    enforced = enforced || (m.value("enforced", false) && Str(m, "action") == decision);
  }
  if (!enforced) return e;
  const nlohmann::json resource = record.value("resource", nlohmann::json::object());
  if (Str(resource, "type") != "chatMessage") return e;
  const nlohmann::json notification = record.value("notification", nlohmann::json::object());
  e.notification_id = Str(notification, "id");
  e.dlp_action = decision == "block" ? "blockAccess" : "notifySender";

  // Graph updates only messages that users of the tenant sent (userIdentityType aadUser or
  // onPremiseAadUser); not those of applications, federated users, guests or anonymous users.
  const std::string sender_type = Str(resource, "sender_type");
  if (sender_type == "application") {
    e.kind = Enforcement::Kind::kNotEnforceable;
    e.reason = "sender_not_a_user";
    return e;
  }
  if (!sender_type.empty() && sender_type != "aadUser" && sender_type != "onPremiseAadUser") {
    e.kind = Enforcement::Kind::kNotEnforceable;
    e.reason = "sender_not_in_tenant";
    return e;
  }
  const std::string tenant = Str(notification, "tenant_id");
  const std::string sender_tenant = Str(resource, "sender_tenant_id");
  if (!tenant.empty() && !sender_tenant.empty() && sender_tenant != tenant) {
    e.kind = Enforcement::Kind::kNotEnforceable;
    e.reason = "sender_in_another_tenant";
    return e;
  }

  const std::string message = Str(resource, "message_id");
  const std::string chat = Str(resource, "chat_id");
  const std::string team = Str(resource, "team_id");
  const std::string channel = Str(resource, "channel_id");
  const std::string reply_to = Str(resource, "reply_to_id");
  auto invalid = [&](std::string why) {
    e.kind = Enforcement::Kind::kInvalid;
    e.reason = std::move(why);
    return e;
  };
  if (!SafeId(message)) return invalid("the message id is missing or not a plain id");
  if (!chat.empty()) {
    if (!SafeId(chat)) return invalid("the chat id is not a plain id");
    e.path = "/chats/" + chat + "/messages/" + message + "?model=A";
  } else if (!team.empty() && !channel.empty()) {
    if (!SafeId(team) || !SafeId(channel)) return invalid("the team or channel id is not plain");
    e.path = "/teams/" + team + "/channels/" + channel + "/messages/";
    if (!reply_to.empty()) {
      if (!SafeId(reply_to)) return invalid("the parent message id is not a plain id");
      e.path += reply_to + "/replies/" + message + "?model=A";
    } else {
      e.path += message + "?model=A";
    }
  } else {
    return invalid("neither a chat id nor a team and channel id");
  }

  // The tip of the most restrictive enforced match, and what was found (detector names).
  std::string tip;
  std::string verdict_details;
  bool deciding_seen = false;
  std::set<std::string> seen;
  nlohmann::json conditions = nlohmann::json::array();
  for (const nlohmann::json& m : record.value("matches", nlohmann::json::array())) {
    if (!m.value("enforced", false)) continue;
    if (Str(m, "action") == decision && !deciding_seen) {
      deciding_seen = true;  // the first enforced match of the decision speaks for the message
      tip = Str(m, "tip");
      verdict_details = VerdictDetails(m, options.verdict_details);
    }
    for (const nlohmann::json& f : m.value("findings", nlohmann::json::array())) {
      const std::string detector = Str(f, "detector");
      if (!detector.empty() && seen.insert(detector).second) conditions.push_back(detector);
    }
  }
  nlohmann::ordered_json policy_tip;
  policy_tip["generalText"] = tip.empty() ? options.default_tip : tip;
  if (!options.compliance_url.empty()) policy_tip["complianceUrl"] = options.compliance_url;
  policy_tip["matchedConditionDescriptions"] = conditions;
  nlohmann::ordered_json violation;
  violation["dlpAction"] = e.dlp_action;
  violation["verdictDetails"] = verdict_details;
  violation["policyTip"] = policy_tip;
  e.body["policyViolation"] = violation;
  e.kind = Enforcement::Kind::kPatch;
  return e;
}

}  // namespace bulwark::m365
