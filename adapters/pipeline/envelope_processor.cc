#include "pipeline/envelope_processor.h"

#include "sinks/verdict_record.h"
#include "source/utc_time.h"

namespace bulwark::pipeline {

using graph::DecodedItem;
using nlohmann::ordered_json;

void Tally::Add(const Tally& o) {
  events += o.events;
  notifications += o.notifications;
  probes += o.probes;
  lifecycle += o.lifecycle;
  not_scanned += o.not_scanned;
  for (size_t i = 0; i < verdicts.size(); ++i) verdicts[i] += o.verdicts[i];
  for (const auto& [k, v] : o.feedback) feedback[k] += v;
  for (const auto& [k, v] : o.gaps) gaps[k] += v;
  for (const auto& [k, v] : o.dead_letters) dead_letters[k] += v;
}

uint64_t Tally::total_dead_letters() const {
  uint64_t n = 0;
  for (const auto& [k, v] : dead_letters) n += v;
  return n;
}

namespace {

ordered_json ResourceJson(const Content& c) {
  ordered_json r;
  r["type"] = c.resource_type;
  for (const char* key : {"message_id", "chat_id", "team_id", "channel_id", "reply_to_id",
                          "sender_id", "sender_type", "message_type"}) {
    auto it = c.metadata.find(key);
    if (it != c.metadata.end()) r[key] = it->second;
  }
  // The sender's tenant: Graph can update (block) only messages of the subscription's tenant.
  if (auto it = c.metadata.find(kMetaTenantId); it != c.metadata.end()) {
    r["sender_tenant_id"] = it->second;
  }
  return r;
}

// The enforced rules that ask for a dlpAction, as feedback names them.
ordered_json FlaggingRules(const Verdict& v) {
  ordered_json rules = ordered_json::array();
  for (const Match& m : v.matches) {
    if (m.mode != PolicyMode::kEnforce || m.action < Action::kNotify) continue;
    rules.push_back({{"policy", m.policy}, {"rule", m.rule}, {"action", ToString(m.action)}});
  }
  return rules;
}

}  // namespace

EnvelopeProcessor::EnvelopeProcessor(const graph::NotificationDecoder* decoder,
                                     FeedbackOptions feedback)
    : decoder_(decoder),
      feedback_(std::move(feedback)),
      ledger_(std::make_unique<MessageLedger>(feedback_.ledger_capacity)) {}

std::optional<std::string> EnvelopeProcessor::Feedback(
    const DecodedItem& item, const Verdict& verdict, const std::string& digest,
    const std::optional<MessageLedger::Entry>& prior, const ordered_json& context, Tally* tally,
    ordered_json* supersedes) const {
  const graph::PolicyViolationState& pv = *item.violation;
  const std::string_view required = DlpActionFor(verdict.decision);
  std::string kind;
  if (pv.overridden()) {
    kind = "override";
  } else if (pv.reported_false_positive()) {
    kind = "false_positive";
  } else if ((!prior || prior->digest == digest) && pv.HasDlpAction(required)) {
    kind = "enforced";
  } else {
    (*supersedes)["message_id"] = context["resource"].value("message_id", "");
    (*supersedes)["dlp_action"] = pv.dlp_action;
    if (prior) (*supersedes)["notification_id"] = prior->notification_id;
    return std::nullopt;
  }
  ordered_json j;
  j["schema"] = kFeedbackSchema;
  j["feedback"] = kind;
  for (auto it = context.begin(); it != context.end(); ++it) j[it.key()] = it.value();
  j["dlp_action"] = pv.dlp_action;
  if (!pv.user_action.empty()) j["user_action"] = pv.user_action;
  if (!pv.verdict_details.empty()) j["verdict_details"] = pv.verdict_details;
  if (kind != "enforced" || !pv.justification.empty()) {
    ordered_json just;
    just["length"] = pv.justification.size();
    if (!pv.justification.empty() && !feedback_.fingerprint_key.empty()) {
      just["fingerprint"] = KeyedFingerprint(feedback_.fingerprint_key, pv.justification);
    }
    if (feedback_.keep_justification_text) just["text"] = pv.justification;
    j["justification"] = std::move(just);
  }
  j["rules"] = FlaggingRules(verdict);
  if (prior) j["verdict_notification_id"] = prior->notification_id;
  j["policy_set"] = verdict.policy_set;
  ++tally->feedback[kind];
  return j.dump();
}

std::optional<std::string> GapRecord(const graph::NotificationInfo& info,
                                     const source::Envelope& envelope,
                                     const ordered_json& source_json) {
  const std::string& event = info.lifecycle_event;
  if (event != "missed" && event != "subscriptionRemoved") return std::nullopt;
  const std::string at = !envelope.enqueued_time.empty() ? envelope.enqueued_time
                         : envelope.timestamp_ms > 0
                             ? source::FormatUtcMillis(envelope.timestamp_ms)
                             : std::string();
  ordered_json j;
  j["schema"] = kGapSchema;
  j["reason"] = event == "missed" ? "missed" : "subscription_removed";
  j["subscription_id"] = info.subscription_id;
  j["tenant_id"] = info.tenant_id;
  // missed: Graph does not say since when; removed: until the subscription is recreated (the
  // service's leader does it at once and logs the closed gap).
  j["from"] = event == "missed" || at.empty() ? ordered_json() : ordered_json(at);
  j["to"] = event == "missed" && !at.empty() ? ordered_json(at) : ordered_json();
  j["notification"] = graph::NotificationJson(info);
  j["source"] = source_json;
  return j.dump();
}

std::string DeadLetterRecord(std::string_view reason, std::string_view detail, int item_index,
                             const graph::NotificationInfo& info,
                             const source::Envelope& envelope) {
  ordered_json j;
  j["schema"] = kDeadLetterSchema;
  j["reason"] = reason;
  j["detail"] = detail;
  if (item_index >= 0) j["item_index"] = item_index;
  j["notification"] = graph::NotificationJson(info);
  j["source"] = source::SourceJson(envelope);
  return j.dump();
}

ProcessedEnvelope InternalErrorResult(const source::Envelope& envelope) {
  ProcessedEnvelope out;
  out.records.push_back(
      {sinks::RecordKind::kDeadLetter,
       DeadLetterRecord("internal_error", "unexpected error while processing the event", -1, {},
                        envelope)});
  out.tally.events = 1;
  out.tally.dead_letters["internal_error"] = 1;
  return out;
}

ProcessedEnvelope EnvelopeProcessor::Process(const source::Envelope& envelope,
                                             const PolicySet& policies) const {
  ProcessedEnvelope out;
  out.tally.events = 1;
  if (!envelope.source_error.empty()) {
    ++out.tally.dead_letters[envelope.source_error];
    out.records.push_back(
        {OutputRecord::Kind::kDeadLetter,
         DeadLetterRecord(envelope.source_error, envelope.source_error_detail, -1, {}, envelope)});
    return out;
  }
  graph::DecodeResult decoded = decoder_->Decode(envelope.body);
  out.tally.probes = static_cast<uint64_t>(decoded.probes);
  const ordered_json source = source::SourceJson(envelope);
  for (DecodedItem& item : decoded.items) {
    if (item.index >= 0) ++out.tally.notifications;
    switch (item.kind) {
      case DecodedItem::Kind::kContent:
      case DecodedItem::Kind::kNotScanned: {
        Verdict verdict;
        if (item.kind == DecodedItem::Kind::kContent) {
          verdict = policies.Evaluate(item.content);
        } else {
          verdict.policy_set = policies.id();
          ++out.tally.not_scanned;
        }
        ordered_json context;
        context["notification"] = graph::NotificationJson(item.info);
        context["source"] = source;
        context["resource"] = ResourceJson(item.content);
        if (!item.not_scanned.empty()) context["not_scanned"] = item.not_scanned;
        // Flagged messages and flagging verdicts are remembered by a digest of their content.
        const bool flags = !DlpActionFor(verdict.decision).empty();
        const std::string key = flags || item.violation ? MessageKey(item.content) : std::string();
        const std::string digest = key.empty() ? "" : ledger_->Digest(item.content);
        const auto prior = key.empty() ? std::nullopt : ledger_->Get(key);
        ordered_json supersedes = ordered_json::object();
        if (item.violation) {
          if (auto feedback =
                  Feedback(item, verdict, digest, prior, context, &out.tally, &supersedes)) {
            out.records.push_back({OutputRecord::Kind::kFeedback, std::move(*feedback)});
            break;
          }
        } else if (prior && prior->digest != digest) {
          supersedes["message_id"] = context["resource"].value("message_id", "");
          supersedes["notification_id"] = prior->notification_id;
        }
        if (!supersedes.empty()) context["supersedes"] = supersedes;
        if (flags && !key.empty()) {
          ledger_->Put(key, {digest, item.info.id});
        }
        ++out.tally.verdicts[static_cast<size_t>(verdict.decision)];
        out.records.push_back(
            {OutputRecord::Kind::kVerdict, sinks::MakeVerdictRecord(verdict, context)});
        break;
      }
      case DecodedItem::Kind::kLifecycle: {
        ++out.tally.lifecycle;
        ordered_json j;
        j["schema"] = kLifecycleSchema;
        j["lifecycle_event"] = item.info.lifecycle_event;
        j["notification"] = graph::NotificationJson(item.info);
        j["source"] = source;
        out.records.push_back({OutputRecord::Kind::kLifecycle, j.dump()});
        if (auto gap = GapRecord(item.info, envelope, source)) {
          ++out.tally.gaps[item.info.lifecycle_event];
          out.records.push_back({OutputRecord::Kind::kLifecycle, std::move(*gap)});
        }
        break;
      }
      case DecodedItem::Kind::kDeadLetter: {
        const std::string reason(graph::ToString(item.reason));
        ++out.tally.dead_letters[reason];
        out.records.push_back(
            {OutputRecord::Kind::kDeadLetter,
             DeadLetterRecord(reason, item.detail, item.index, item.info, envelope)});
        break;
      }
    }
  }
  return out;
}

}  // namespace bulwark::pipeline
