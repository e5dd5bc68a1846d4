#include "cli/feedback_report.h"

#include <cstdio>

namespace bulwark::cli {
namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// The message a record is about: tenant, conversation and message id (the notification id when
// the resource has none).
std::string MessageOf(const json& record) {
  const json resource = record.value("resource", json::object());
  const json notification = record.value("notification", json::object());
  std::string id = Str(resource, "message_id");
  if (id.empty()) id = "notification:" + Str(notification, "id");
  return Str(notification, "tenant_id") + "\n" + Str(resource, "chat_id") + "\n" +
         Str(resource, "team_id") + "\n" + Str(resource, "channel_id") + "\n" + id;
}

std::string Percent(double rate) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", rate * 100);
  return buf;
}

}  // namespace

size_t FeedbackReport::RuleCounts::flagged() const {
  std::set<std::string> all = blocked;
  all.insert(notified.begin(), notified.end());
  // A message reported or overridden was flagged, even if its verdict is not in the files.
  all.insert(overridden.begin(), overridden.end());
  all.insert(false_positive.begin(), false_positive.end());
  return all.size();
}

double FeedbackReport::RuleCounts::false_positive_rate() const {
  const size_t n = flagged();
  return n == 0 ? 0.0 : static_cast<double>(false_positive.size()) / static_cast<double>(n);
}

void FeedbackReport::Add(std::string_view line) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
  const json r = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (r.is_discarded() || !r.is_object()) {
    ++invalid_;
    return;
  }
  const std::string schema = Str(r, "schema");
  const std::string message = MessageOf(r);
  if (schema == "bulwark.verdict/v1") {
    ++verdicts_;
    for (const json& m : r.value("matches", json::array())) {
      if (!m.is_object() || !m.value("enforced", false)) continue;
      const std::string action = Str(m, "action");
      if (action != "block" && action != "notify") continue;
      RuleCounts& c = rules_[{Str(m, "policy"), Str(m, "rule")}];
      (action == "block" ? c.blocked : c.notified).insert(message);
    }
    return;
  }
  if (schema != "bulwark.feedback/v1") {
    ++ignored_;
    return;
  }
  ++feedback_;
  const std::string kind = Str(r, "feedback");
  const json rules = r.value("rules", json::array());
  auto each_rule = [&](auto&& f) {
    bool any = false;
    for (const json& m : rules) {
      if (!m.is_object()) continue;
      any = true;
      f(rules_[{Str(m, "policy"), Str(m, "rule")}], Str(m, "action"));
    }
    if (!any) f(rules_[{"", ""}], std::string());
  };
  each_rule([&](RuleCounts& c, const std::string& action) {
    if (kind == "override") c.overridden.insert(message);
    if (kind == "false_positive") c.false_positive.insert(message);
    if (kind == "enforced") (action == "block" ? c.blocked : c.notified).insert(message);
  });
}

std::string FeedbackReport::Text() const {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-40s %8s %8s %8s %10s %8s %8s\n", "rule", "flagged", "blocked",
                "notified", "overridden", "reported", "FP rate");
  out += line;
  for (const auto& [key, c] : rules_) {
    const std::string name =
        key.first.empty() ? "(no rule flags it now)" : key.first + "/" + key.second;
    std::snprintf(line, sizeof line, "%-40s %8zu %8zu %8zu %10zu %8zu %8s\n", name.c_str(),
                  c.flagged(), c.blocked.size(), c.notified.size(), c.overridden.size(),
                  c.false_positive.size(), Percent(c.false_positive_rate()).c_str());
    out += line;
  }
  out += std::to_string(verdicts_) + " verdicts and " + std::to_string(feedback_) +
         " feedback records read";
  if (ignored_ > 0) out += ", " + std::to_string(ignored_) + " other records ignored";
  if (invalid_ > 0) out += ", " + std::to_string(invalid_) + " lines not JSON";
  out += "\n";
  return out;
}

nlohmann::ordered_json FeedbackReport::Json() const {
  nlohmann::ordered_json out;
  out["schema"] = "bulwark.feedback-report/v1";
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const auto& [key, c] : rules_) {
    nlohmann::ordered_json r;
    r["policy"] = key.first;
    r["rule"] = key.second;
    r["flagged"] = c.flagged();
    r["blocked"] = c.blocked.size();
    r["notified"] = c.notified.size();
    r["overridden"] = c.overridden.size();
    r["reported_false_positive"] = c.false_positive.size();
    r["false_positive_rate"] = c.false_positive_rate();
    rules.push_back(std::move(r));
  }
  out["rules"] = std::move(rules);
  out["records"] = {{"verdicts", verdicts_},
                    {"feedback", feedback_},
                    {"ignored", ignored_},
                    {"invalid", invalid_}};
  return out;
}

}  // namespace bulwark::cli
