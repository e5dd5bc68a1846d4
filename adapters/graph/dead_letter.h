// Dead-letter reasons: every way a notification can fail, as machine-readable codes.
#ifndef BULWARK_ADAPTERS_GRAPH_DEAD_LETTER_H_
#define BULWARK_ADAPTERS_GRAPH_DEAD_LETTER_H_

#include <string_view>

namespace bulwark::graph {

enum class DeadLetterReason {
  kMalformedJson,            // the event body (or a decrypted resource) is not JSON
  kNotACollection,           // JSON, but not {"value": [ ... ]}
  kEmptyCollection,          // {"value": []}: nothing to process (Graph never sends one)
  kMalformedNotification,    // an item of value[] lacks required members or has wrong types
  kOversized,                // the event body exceeds the limit (Event Hubs: 1 MB)
  kInvalidUtf8,              // the body or the decrypted resource is not valid UTF-8
  kTokenInvalid,             // a validationToken failed validation (or is required and absent)
  kClientStateMismatch,      // clientState absent or different from the configured secret
  kTenantNotAllowed,         // tenantId not in the configured list
  kUnknownSubscription,      // subscriptionId not in the configured list
  kMissingEncryptedContent,  // a change notification without resource data
  kUnknownCertificate,       // no key loaded for encryptionCertificateId
  kThumbprintMismatch,       // encryptionCertificateThumbprint differs from the loaded certificate
  kSignatureMismatch,        // HMAC-SHA256 over data differs from dataSignature
  kDecryptFailed,            // dataKey could not be unwrapped, or data is not valid ciphertext
  kBadPadding,               // PKCS#7 padding invalid after decryption
  kUnsupportedResource,      // decrypted resource is not a chatMessage
  // A rich notification over 1 MB (additionalPayloadStorageId) whose payload Graph stored in
  // Blob Storage:
  kPayloadStoreMissing,  // no `large_payloads` store is configured to fetch it from
  kPayloadUnavailable,   // the blob could not be read (missing, credential refused, outage)
  kPayloadMalformed,     // the blob is not a JSON object with the notification's properties
};

// The snake_case code used in dead-letter records and metrics.
std::string_view ToString(DeadLetterReason r);
inline constexpr int kDeadLetterReasonCount = 20;

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_DEAD_LETTER_H_
