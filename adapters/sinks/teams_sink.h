// The `teams-policy-violation` sink: for each enforced block or notify verdict on a Teams chat
// message, channel message or reply, PATCHes the message's `policyViolation` through Graph so
// that Teams hides it (blockAccess) or tells the sender (notifySender).
//
// Accepted = every PATCH of the batch answered 2xx, or was settled otherwise and recorded in
// the sink's enforcement log (JSON Lines): a message Graph cannot update (`not_enforceable`:
// an application or another tenant's user sent it), a record without what a PATCH needs
// (`invalid`), or a 4xx other than 429 (`rejected`, with Graph's error code and request id).
// 429, 500, 502, 503 and 504 are retried after Retry-After (or a capped exponential backoff
// with jitter); when the retries run out the write fails, the pipeline keeps the offsets and
// retries the batch later, so nothing is lost. PATCHes of one batch run `concurrency` at a time.
//
// Thread-safety: like every sink, one writer thread at a time.
#ifndef BULWARK_ADAPTERS_SINKS_TEAMS_SINK_H_
#define BULWARK_ADAPTERS_SINKS_TEAMS_SINK_H_

#include <memory>
#include <string>

#include "m365/graph_client.h"
#include "m365/policy_violation.h"
#include "sinks/sink.h"
#include "source/clock.h"

namespace bulwark::sinks {

struct TeamsSinkOptions {
  m365::PolicyTipOptions tip;
  int concurrency = 8;          // PATCHes in flight per batch
  int max_attempts = 6;         // per PATCH, within one Write()
  int max_backoff_ms = 30000;   // cap of the exponential backoff and of Retry-After
  std::string enforcement_log;  // JSON Lines of the outcomes; required
  // JSON Lines of bulwark.deadletter/v1 records for the verdicts Graph refused (a 4xx other than
  // 429: reason enforcement_rejected, with Graph's error code and request id) or that lack what
  // a PATCH needs (enforcement_invalid). Empty: those are in the enforcement log only.
  std::string dead_letter;
};

// `graph` and `clock` are not owned and must outlive the sink.
Result<std::unique_ptr<Sink>> MakeTeamsPolicyViolationSink(TeamsSinkOptions options,
                                                           const m365::GraphClient* graph,
                                                           const source::Clock& clock);

}  // namespace bulwark::sinks

#endif  // BULWARK_ADAPTERS_SINKS_TEAMS_SINK_H_
