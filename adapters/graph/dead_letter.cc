#include "graph/dead_letter.h"

namespace bulwark::graph {

std::string_view ToString(DeadLetterReason r) {
  switch (r) {
    case DeadLetterReason::kMalformedJson:
      return "malformed_json";
    case DeadLetterReason::kNotACollection:
      return "not_a_collection";
    case DeadLetterReason::kEmptyCollection:
      return "empty_collection";
    case DeadLetterReason::kMalformedNotification:
      return "malformed_notification";
    case DeadLetterReason::kOversized:
      return "oversized";
    case DeadLetterReason::kInvalidUtf8:
      return "invalid_utf8";
    case DeadLetterReason::kTokenInvalid:
      return "token_invalid";
    case DeadLetterReason::kClientStateMismatch:
      return "client_state_mismatch";
    case DeadLetterReason::kTenantNotAllowed:
      return "tenant_not_allowed";
    case DeadLetterReason::kUnknownSubscription:
      return "unknown_subscription";
    case DeadLetterReason::kMissingEncryptedContent:
      return "missing_encrypted_content";
    case DeadLetterReason::kUnknownCertificate:
      return "unknown_certificate";
    case DeadLetterReason::kThumbprintMismatch:
      return "thumbprint_mismatch";
    case DeadLetterReason::kSignatureMismatch:
      return "signature_mismatch";
    case DeadLetterReason::kDecryptFailed:
      return "decrypt_failed";
    case DeadLetterReason::kBadPadding:
      return "bad_padding";
    case DeadLetterReason::kUnsupportedResource:
      return "unsupported_resource";
    case DeadLetterReason::kPayloadStoreMissing:
      return "payload_store_missing";
    case DeadLetterReason::kPayloadUnavailable:
      return "payload_unavailable";
    case DeadLetterReason::kPayloadMalformed:
      return "payload_malformed";
  }
  return "unknown";
}

}  // namespace bulwark::graph
