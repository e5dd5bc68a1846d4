// Graph subscriptions as desired state: what the config asks for (resources, Event Hubs
// notification URLs, the encryption certificate, clientState, expiry), compared with what Graph
// has, gives a plan (create / renew / switch certificate / keep) that Reconcile() carries out.
// Existing subscriptions that match a desired one (same resource and notificationUrl) are
// adopted, also after a 409 Conflict on create.
//
// Thread-safety: the free functions are pure; SubscriptionsApi calls may run on any thread.
#ifndef BULWARK_ADAPTERS_M365_SUBSCRIPTIONS_H_
#define BULWARK_ADAPTERS_M365_SUBSCRIPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "m365/graph_client.h"

namespace bulwark::m365 {

struct DesiredSubscription {
  std::string resource;  // e.g. "/chats/getAllMessages?model=A"
  std::string change_type = "created,updated";
  // EventHub:https://<namespace>.servicebus.windows.net/eventhubname/<hub>?tenantId=<tenant>
  std::string notification_url;
  std::string lifecycle_notification_url;  // required by Graph past one hour of expiry
  int expiration_minutes = 4200;           // Teams messages: at most 4,320
  std::string encryption_certificate;      // base64 DER
  std::string encryption_certificate_id;
  std::string client_state;  // a secret; never logged
};

struct ExistingSubscription {
  std::string id;
  std::string resource;
  std::string change_type;
  std::string notification_url;
  std::string encryption_certificate_id;
  int64_t expires_at_s = 0;
};

struct SubscriptionAction {
  enum class Kind { kCreate, kRenew, kSwitchCertificate, kKeep };
  Kind kind = Kind::kKeep;
  size_t desired = 0;       // index into the desired list
  std::string existing_id;  // for everything but kCreate
  std::string reason;       // human-readable, no secrets
};

// True when `existing` is the subscription `desired` describes: same resource (Graph drops the
// leading slash) and same notificationUrl.
bool Matches(const ExistingSubscription& existing, const DesiredSubscription& desired);

// The plan for `desired` given `existing` at `now_s`: renew what expires within `renew_margin_s`.
std::vector<SubscriptionAction> PlanSubscriptions(const std::vector<DesiredSubscription>& desired,
                                                  const std::vector<ExistingSubscription>& existing,
                                                  int64_t now_s, int64_t renew_margin_s);

// The JSON body that creates `d`, expiring `d.expiration_minutes` after `now_s`.
std::string CreateBody(const DesiredSubscription& d, int64_t now_s);

// "Problems" of a desired subscription Graph would refuse (empty when none): missing URLs,
// expiry over 4,320 minutes, no lifecycle URL past an hour, no certificate, clientState over
// 128 characters.
std::vector<std::string> CheckDesired(const DesiredSubscription& d);

class SubscriptionsApi {
 public:
  explicit SubscriptionsApi(const GraphClient* graph) : graph_(graph) {}
  // Every subscription of the app (following @odata.nextLink).
  Result<std::vector<ExistingSubscription>> List() const;
  // The message of Create()'s FailedPrecondition on 409 Conflict.
  static constexpr char kConflict[] = "409 Conflict";
  // Creates `d`; on 409 Conflict returns FailedPrecondition(kConflict).
  Result<ExistingSubscription> Create(const DesiredSubscription& d, int64_t now_s) const;
  // Moves the expiry (and, with `certificate`, the encryption certificate) forward.
  Status Renew(const std::string& id, const DesiredSubscription& d, int64_t now_s,
               bool certificate) const;
  Status Reauthorize(const std::string& id) const;
  Status Delete(const std::string& id) const;

 private:
  const GraphClient* graph_;
};

struct ReconcileReport {
  std::vector<std::string> lines;  // one per desired subscription: what was done
  int failures = 0;
};

// Lists, plans and applies. A failure of one subscription does not stop the others.
ReconcileReport Reconcile(const SubscriptionsApi& api,
                          const std::vector<DesiredSubscription>& desired, int64_t now_s,
                          int64_t renew_margin_s, bool dry_run);

// "2026-12-04T10:00:00Z" <-> seconds since the epoch (Graph's expirationDateTime; fractions and
// offsets other than Z are accepted on input). -1 when unparsable.
int64_t ParseGraphTime(const std::string& text);

}  // namespace bulwark::m365

#endif  // BULWARK_ADAPTERS_M365_SUBSCRIPTIONS_H_
