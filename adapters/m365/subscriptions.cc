#include "m365/subscriptions.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "source/utc_time.h"

namespace bulwark::m365 {
namespace {

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// Graph returns resources without the leading slash it was given.
std::string NormalResource(std::string r) {
  while (!r.empty() && r.front() == '/') r.erase(r.begin());
  return r;
}

std::string Expiry(const DesiredSubscription& d, int64_t now_s) {
  return source::FormatUtcMillis((now_s + int64_t{d.expiration_minutes} * 60) * 1000);
}

Status Failed(const std::string& what, const http::Response& r) {
  const GraphError e = ParseGraphError(r);
  std::string hint;
  if (r.status == 401 || r.status == 403) {
    hint = " (the app needs Chat.Read.All and ChannelMessage.Read.All, granted by an admin)";
  } else if (r.status == 402) {
    hint = " (licensing: getAllMessages needs model=A and the matching licences)";
  }
  return Status::FailedPrecondition(what + ": " + e.ToString() + hint);
}

}  // namespace

int64_t ParseGraphTime(const std::string& text) {
  tm t{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &t);
  if (end == nullptr) return -1;
  while (*end == '.' || (*end >= '0' && *end <= '9')) ++end;  // fractions of a second
  if (*end != 'Z' && *end != '\0' && std::string(end) != "+00:00") return -1;
  return static_cast<int64_t>(timegm(&t));
}

std::vector<std::string> CheckDesired(const DesiredSubscription& d) {
  std::vector<std::string> p;
  if (d.resource.empty()) p.push_back("resource is empty");
  if (d.notification_url.rfind("EventHub:https://", 0) != 0) {
    p.push_back(
        "notificationUrl must be EventHub:https://<namespace>.servicebus.windows.net/"
        "eventhubname/<hub>?tenantId=<tenant>");
  }
  if (d.expiration_minutes < 1 || d.expiration_minutes > 4320) {
    p.push_back("expiration must be 1 to 4,320 minutes for Teams messages");
  }
  if (d.expiration_minutes > 60 && d.lifecycle_notification_url.empty()) {
    p.push_back("lifecycleNotificationUrl is required when the expiry is over one hour");
  }
  if (d.encryption_certificate.empty() || d.encryption_certificate_id.empty()) {
    p.push_back("resource data needs encryptionCertificate and encryptionCertificateId");
  }
  if (d.client_state.size() > 128) p.push_back("clientState is over 128 characters");
  return p;
}

bool Matches(const ExistingSubscription& existing, const DesiredSubscription& desired) {
  return NormalResource(existing.resource) == NormalResource(desired.resource) &&
         existing.notification_url == desired.notification_url;
}

std::vector<SubscriptionAction> PlanSubscriptions(const std::vector<DesiredSubscription>& desired,
                                                  const std::vector<ExistingSubscription>& existing,
                                                  int64_t now_s, int64_t renew_margin_s) {
  std::vector<SubscriptionAction> plan;
  for (size_t i = 0; i < desired.size(); ++i) {
    const DesiredSubscription& d = desired[i];
    const ExistingSubscription* match = nullptr;
    for (const ExistingSubscription& e : existing) {
      if (Matches(e, d)) {
        if (match == nullptr || e.expires_at_s > match->expires_at_s) match = &e;  // newest
      }
    }
    SubscriptionAction a;
    a.desired = i;
    if (match == nullptr) {
      a.kind = SubscriptionAction::Kind::kCreate;
      a.reason = "missing";
    } else {
      a.existing_id = match->id;
      if (match->encryption_certificate_id != d.encryption_certificate_id) {
        a.kind = SubscriptionAction::Kind::kSwitchCertificate;
        a.reason = "encrypts for '" + match->encryption_certificate_id + "', wanted '" +
                   d.encryption_certificate_id + "'";
      } else if (match->expires_at_s - now_s < renew_margin_s) {
        a.kind = SubscriptionAction::Kind::kRenew;
        a.reason = "expires in " + std::to_string((match->expires_at_s - now_s) / 60) + " min";
      } else {
        a.kind = SubscriptionAction::Kind::kKeep;
        a.reason = "expires in " + std::to_string((match->expires_at_s - now_s) / 60) + " min";
      }
    }
    plan.push_back(std::move(a));
  }
  return plan;
}

std::string CreateBody(const DesiredSubscription& d, int64_t now_s) {
  nlohmann::ordered_json j;
  j["changeType"] = d.change_type;
  j["notificationUrl"] = d.notification_url;
  if (!d.lifecycle_notification_url.empty()) {
    j["lifecycleNotificationUrl"] = d.lifecycle_notification_url;
  }
  j["resource"] = d.resource;
  j["expirationDateTime"] = Expiry(d, now_s);
  j["includeResourceData"] = true;
  j["encryptionCertificate"] = d.encryption_certificate;
  j["encryptionCertificateId"] = d.encryption_certificate_id;
  if (!d.client_state.empty()) j["clientState"] = d.client_state;
  return j.dump();
}

Result<std::vector<ExistingSubscription>> SubscriptionsApi::List() const {
  std::vector<ExistingSubscription> out;
  std::string path = "/subscriptions";
  for (int page = 0; page < 1000 && !path.empty(); ++page) {
    auto r = graph_->Call("GET", path);
    if (!r.ok()) return r.status();
    if (r->status != 200) return Failed("list subscriptions", *r);
    const nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
    if (!j.is_object() || !j.contains("value") || !j["value"].is_array()) {
      return Status::Internal("list subscriptions: Graph answered without value[]");
    }
    for (const nlohmann::json& s : j["value"]) {
      out.push_back({Str(s, "id"), Str(s, "resource"), Str(s, "changeType"),
                     Str(s, "notificationUrl"), Str(s, "encryptionCertificateId"),
                     ParseGraphTime(Str(s, "expirationDateTime"))});
    }
    // The next page is an absolute URL on the same base.
    const std::string next = Str(j, "@odata.nextLink");
    const std::string& base = graph_->options().base_url;
    path = next.rfind(base, 0) == 0 ? next.substr(base.size()) : "";
  }
  return out;
}

Result<ExistingSubscription> SubscriptionsApi::Create(const DesiredSubscription& d,
                                                      int64_t now_s) const {
  auto r = graph_->Call("POST", "/subscriptions", CreateBody(d, now_s));
  if (!r.ok()) return r.status();
  if (r->status == 409) return Status(StatusCode::kFailedPrecondition, SubscriptionsApi::kConflict);
  if (r->status != 201) return Failed("create subscription for " + d.resource, *r);
  const nlohmann::json s = nlohmann::json::parse(r->body, nullptr, false);
  if (!s.is_object()) return Status::Internal("create subscription: Graph answered no JSON");
  return ExistingSubscription{Str(s, "id"),
                              Str(s, "resource"),
                              Str(s, "changeType"),
                              Str(s, "notificationUrl"),
                              Str(s, "encryptionCertificateId"),
                              ParseGraphTime(Str(s, "expirationDateTime"))};
}

Status SubscriptionsApi::Renew(const std::string& id, const DesiredSubscription& d, int64_t now_s,
                               bool certificate) const {
  nlohmann::ordered_json j;
  j["expirationDateTime"] = Expiry(d, now_s);
  if (certificate) {
    j["encryptionCertificate"] = d.encryption_certificate;
    j["encryptionCertificateId"] = d.encryption_certificate_id;
  }
  auto r = graph_->Call("PATCH", "/subscriptions/" + id, j.dump());
  if (!r.ok()) return r.status();
  if (r->status != 200) return Failed("update subscription " + id, *r);
  return Status::Ok();
}

Status SubscriptionsApi::Reauthorize(const std::string& id) const {
  auto r = graph_->Call("POST", "/subscriptions/" + id + "/reauthorize", "{}");
  if (!r.ok()) return r.status();
  if (r->status != 200 && r->status != 204) return Failed("reauthorize " + id, *r);
  return Status::Ok();
}

Status SubscriptionsApi::Delete(const std::string& id) const {
  auto r = graph_->Call("DELETE", "/subscriptions/" + id);
  if (!r.ok()) return r.status();
  if (r->status != 204 && r->status != 404) return Failed("delete subscription " + id, *r);
  return Status::Ok();
}

ReconcileReport Reconcile(const SubscriptionsApi& api,
                          const std::vector<DesiredSubscription>& desired, int64_t now_s,
                          int64_t renew_margin_s, bool dry_run) {
  ReconcileReport report;
  auto fail = [&](const std::string& line) {
    report.lines.push_back("fail  " + line);
    ++report.failures;
  };
  for (const DesiredSubscription& d : desired) {
    for (const std::string& p : CheckDesired(d)) fail(d.resource + ": " + p);
  }
  if (report.failures > 0) return report;
  auto existing = api.List();
  if (!existing.ok()) {
    fail(existing.status().message());
    return report;
  }
  for (const SubscriptionAction& a : PlanSubscriptions(desired, *existing, now_s, renew_margin_s)) {
    const DesiredSubscription& d = desired[a.desired];
    const std::string what = d.resource + " (" + a.reason + ")";
    if (a.kind == SubscriptionAction::Kind::kKeep) {
      report.lines.push_back("ok    " + what + ": " + a.existing_id);
      continue;
    }
    if (dry_run) {
      const char* verb = a.kind == SubscriptionAction::Kind::kCreate ? "create" : "renew";
      report.lines.push_back(std::string("plan  ") + verb + " " + what);
      continue;
    }
    if (a.kind == SubscriptionAction::Kind::kCreate) {
      auto created = api.Create(d, now_s);
      if (!created.ok() && created.status().message() == SubscriptionsApi::kConflict) {
        // Someone (another instance, an earlier run) created it meanwhile: adopt it.
        auto again = api.List();
        const auto plan2 = again.ok() ? PlanSubscriptions({d}, *again, now_s, renew_margin_s)
                                      : std::vector<SubscriptionAction>{};
        if (!plan2.empty() && plan2[0].kind != SubscriptionAction::Kind::kCreate) {
          report.lines.push_back("adopt " + what + ": " + plan2[0].existing_id + " (409)");
        } else {
          fail(what + ": 409 Conflict and no matching subscription to adopt");
        }
        continue;
      }
      if (!created.ok()) {
        fail(created.status().message());
        continue;
      }
      report.lines.push_back("made  " + what + ": " + created->id);
      continue;
    }
    const bool cert = a.kind == SubscriptionAction::Kind::kSwitchCertificate;
    if (Status s = api.Renew(a.existing_id, d, now_s, cert); !s.ok()) {
      fail(s.message());
      continue;
    }
    report.lines.push_back(std::string(cert ? "cert  " : "renew ") + what + ": " + a.existing_id);
  }
  return report;
}

}  // namespace bulwark::m365
