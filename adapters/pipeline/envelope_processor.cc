#include "pipeline/envelope_processor.h"

#include "sinks/verdict_record.h"

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

}  // namespace

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
        ++out.tally.verdicts[static_cast<size_t>(verdict.decision)];
        ordered_json context;
        context["notification"] = graph::NotificationJson(item.info);
        context["source"] = source;
        context["resource"] = ResourceJson(item.content);
        if (!item.not_scanned.empty()) context["not_scanned"] = item.not_scanned;
        out.records.push_back(
            {OutputRecord::Kind::kVerdict, sinks::MakeVerdictRecord(verdict, context).dump()});
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
