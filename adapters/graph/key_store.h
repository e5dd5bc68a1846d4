// KeyStore: the private keys that decrypt notification dataKeys, chosen by
// encryptionCertificateId. Several keys at once, so that certificates can be rotated: Graph keeps
// sending notifications encrypted for the old certificate until every subscription is renewed.
//
// Thread-safety: fill it before use; Find(), Retire() and the usage marks are then safe from any
// thread (the map is only read; usage and retirement are atomics).
#ifndef BULWARK_ADAPTERS_GRAPH_KEY_STORE_H_
#define BULWARK_ADAPTERS_GRAPH_KEY_STORE_H_

#include <openssl/evp.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/status.h"

namespace bulwark::graph {

// When a key last decrypted a notification, and whether it was retired (no longer used).
struct KeyUsage {
  std::atomic<int64_t> last_used_ms{0};  // 0: not since the process started
  std::atomic<bool> retired{false};
};

struct KeyEntry {
  std::string id;
  std::shared_ptr<EVP_PKEY> private_key;
  std::string thumbprint;  // upper-case hex SHA-1 of the certificate; empty without certificate
  std::shared_ptr<KeyUsage> usage = std::make_shared<KeyUsage>();
  void MarkUsed(int64_t now_ms) const { usage->last_used_ms.store(now_ms); }
};

class KeyStore {
 public:
  // Loads a private key for certificate id `id` from `key_file`:
  //  - PEM: a private key, and optionally the certificate in the same file;
  //  - PKCS#12 (.p12 / .pfx, or any file that is not PEM): key and certificate, password from
  //    the environment variable BULWARK_KEY_PASSWORD (empty if unset).
  // `cert_file` (PEM or DER, may be empty) gives the certificate when the key file has none; the
  // certificate must belong to the key. A key file readable by group or others adds a warning.
  Status Add(const std::string& id, const std::filesystem::path& key_file,
             const std::filesystem::path& cert_file, std::vector<std::string>* warnings);

  // Parses "ID=KEYFILE[,CERTFILE]" and calls Add().
  Status AddSpec(const std::string& spec, std::vector<std::string>* warnings);

  // The key for `id`, or null (also when it was retired).
  const KeyEntry* Find(std::string_view id) const;
  size_t size() const { return keys_.size(); }
  // Every key, retired ones included (for usage metrics and retirement).
  std::vector<const KeyEntry*> All() const;
  // From now on Find(id) returns null: notifications for it become unknown_certificate dead
  // letters. False when there is no such key.
  bool Retire(std::string_view id) const;

 private:
  std::map<std::string, KeyEntry, std::less<>> keys_;
};

// Creates an RSA-2048 key and a self-signed certificate (CN=`common_name`, valid `days`) and
// writes `<dir>/<id>.key.pem` (mode 0600) and `<dir>/<id>.cert.pem`. Returns the base64 DER
// certificate, as a Graph subscription's encryptionCertificate wants it, in *cert_base64.
Status GenerateKeyAndCertificate(const std::string& id, const std::filesystem::path& dir,
                                 const std::string& common_name, int days,
                                 std::string* cert_base64);

// When the certificate of `cert_file` (PEM or DER) stops being valid, in seconds since the epoch.
Result<int64_t> CertificateNotAfter(const std::filesystem::path& cert_file);

// Loads the public key of a PEM or DER certificate file, and its DER bytes.
Status LoadCertificatePublicKey(const std::filesystem::path& cert_file,
                                std::shared_ptr<EVP_PKEY>* public_key, std::string* der);

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_KEY_STORE_H_
