// From a verdict record to what Teams should do with the message: the Graph path of the chat
// message, channel message or reply (`?model=A`), and a PATCH body holding only
// `policyViolation` (dlpAction, verdictDetails, policyTip). Or why nothing is sent: the verdict
// enforces nothing, or Graph cannot update that message (sent by an application or by a user
// of another tenant: `not_enforceable`).
//
// Never carries a matched value: the tip is the rule's text, the matched conditions are
// detector names.
#ifndef BULWARK_ADAPTERS_M365_POLICY_VIOLATION_H_
#define BULWARK_ADAPTERS_M365_POLICY_VIOLATION_H_

#include <nlohmann/json.hpp>
#include <string>

namespace bulwark::m365 {

struct PolicyTipOptions {
  std::string compliance_url;  // where senders read the DLP policy; empty: left out
  // What the sender may do when the deciding rule does not say (its allow_override and
  // allow_false_positive_report win), Graph's flags, camelCase and comma-separated: "none",
  // "allowFalsePositiveOverride", "allowOverrideWithoutJustification",
  // "allowOverrideWithJustification".
  std::string verdict_details = "allowFalsePositiveOverride";
  std::string default_tip = "This message was blocked by your organization's DLP policy.";
};

struct Enforcement {
  enum class Kind {
    kPatch,           // send `body` to `path`
    kNothingToDo,     // not an enforced block/notify verdict on a chat message
    kNotEnforceable,  // Graph cannot update it; `reason` says why
    kInvalid,         // the record lacks what a PATCH needs; `reason` says what
  };
  Kind kind = Kind::kNothingToDo;
  std::string reason;
  std::string path;  // relative to the Graph base URL
  nlohmann::ordered_json body;
  std::string notification_id;
  std::string dlp_action;  // "blockAccess" | "notifySender"
};

// Plans the enforcement of one bulwark.verdict/v1 record (any other record: kNothingToDo).
Enforcement PlanEnforcement(const nlohmann::json& record, const PolicyTipOptions& options);

}  // namespace bulwark::m365

#endif  // BULWARK_ADAPTERS_M365_POLICY_VIOLATION_H_
