#include "graph/key_store.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "graph/base64.h"
#include "graph/notification_crypto.h"
#include "graph/secret_file.h"

namespace bulwark::graph {
namespace {

namespace fs = std::filesystem;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

std::shared_ptr<EVP_PKEY> Own(EVP_PKEY* k) { return {k, EVP_PKEY_free}; }

std::string OpenSslError() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

bool ReadFile(const fs::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::stringstream s;
  s << in.rdbuf();
  *out = s.str();
  return true;
}

std::string DerOf(X509* cert) {
  unsigned char* buf = nullptr;
  const int len = i2d_X509(cert, &buf);
  if (len <= 0) return "";
  std::string der(reinterpret_cast<char*>(buf), static_cast<size_t>(len));
  OPENSSL_free(buf);
  return der;
}

X509Ptr ParseCertificate(const std::string& bytes) {
  Bio bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    ERR_clear_error();
    const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
    cert.reset(d2i_X509(nullptr, &p, static_cast<long>(bytes.size())));
  }
  ERR_clear_error();
  return cert;
}

}  // namespace

Status KeyStore::Add(const std::string& id, const fs::path& key_file, const fs::path& cert_file,
                     std::vector<std::string>* warnings) {
  if (id.empty())
    return Status::InvalidArgument("empty certificate id for key " + key_file.string());
  if (keys_.count(id)) return Status::InvalidArgument("certificate id '" + id + "' given twice");
  WipedString secret;  // the key's bytes, wiped when this returns
  if (!ReadSecretFile(key_file, &secret))
    return Status::IoError("cannot read key file " + key_file.string());
  if (Status s = CheckSecretFileMode(key_file, "key file", warnings); !s.ok()) return s;
  const std::string& bytes = secret.value();
  std::shared_ptr<EVP_PKEY> key;
  X509Ptr cert;
  if (bytes.find("-----BEGIN") != std::string::npos) {
    Bio bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    EVP_PKEY* k = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    if (k == nullptr) {
      return Status::InvalidArgument("no private key in " + key_file.string() + ": " +
                                     OpenSslError());
    }
    key = Own(k);
    cert = ParseCertificate(bytes);
  } else {
    Bio bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    PKCS12* p12 = d2i_PKCS12_bio(bio.get(), nullptr);
    if (p12 == nullptr) {
      return Status::InvalidArgument(key_file.string() + " is neither PEM nor PKCS#12");
    }
    const char* pass = std::getenv("BULWARK_KEY_PASSWORD");
    EVP_PKEY* k = nullptr;
    X509* c = nullptr;
    const int ok = PKCS12_parse(p12, pass != nullptr ? pass : "", &k, &c, nullptr);
    PKCS12_free(p12);
    if (ok != 1 || k == nullptr) {
      return Status::InvalidArgument("cannot open PKCS#12 " + key_file.string() +
                                     " (BULWARK_KEY_PASSWORD?): " + OpenSslError());
    }
    key = Own(k);
    cert.reset(c);
  }
  if (!cert && !cert_file.empty()) {
    std::string cbytes;
    if (!ReadFile(cert_file, &cbytes)) {
      return Status::IoError("cannot read certificate " + cert_file.string());
    }
    cert = ParseCertificate(cbytes);
    if (!cert) return Status::InvalidArgument("no certificate in " + cert_file.string());
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return Status::InvalidArgument("key in " + key_file.string() + " is not an RSA key");
  }
  KeyEntry entry;
  entry.id = id;
  entry.private_key = key;
  if (cert) {
    if (X509_check_private_key(cert.get(), key.get()) != 1) {
      ERR_clear_error();
      return Status::InvalidArgument("the certificate for '" + id + "' does not match its key");
    }
    entry.thumbprint = CertificateThumbprint(DerOf(cert.get()));
  }
  keys_.emplace(id, std::move(entry));
  return Status::Ok();
}

Status KeyStore::AddSpec(const std::string& spec, std::vector<std::string>* warnings) {
  const size_t eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
    return Status::InvalidArgument("--key wants ID=KEYFILE[,CERTFILE], got '" + spec + "'");
  }
  std::string files = spec.substr(eq + 1);
  std::string cert;
  if (const size_t comma = files.find(','); comma != std::string::npos) {
    cert = files.substr(comma + 1);
    files = files.substr(0, comma);
  }
  return Add(spec.substr(0, eq), files, cert, warnings);
}

const KeyEntry* KeyStore::Find(std::string_view id) const {
  auto it = keys_.find(id);
  if (it == keys_.end() || it->second.usage->retired.load()) return nullptr;
  return &it->second;
}

std::vector<const KeyEntry*> KeyStore::All() const {
  std::vector<const KeyEntry*> out;
  for (const auto& [id, e] : keys_) out.push_back(&e);
  return out;
}

bool KeyStore::Retire(std::string_view id) const {
  auto it = keys_.find(id);
  if (it == keys_.end()) return false;
  it->second.usage->retired.store(true);
  return true;
}

Status GenerateKeyAndCertificate(const std::string& id, const fs::path& dir,
                                 const std::string& common_name, int days,
                                 std::string* cert_base64) {
  std::shared_ptr<EVP_PKEY> key = Own(EVP_RSA_gen(2048));
  if (!key) return Status::Internal("RSA key generation failed: " + OpenSslError());
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return Status::Internal("RAND_bytes failed");
  serial[0] &= 0x7F;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 60L * 60 * 24 * days);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), name);
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    return Status::Internal("certificate signing failed: " + OpenSslError());
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path key_path = dir / (id + ".key.pem");
  const fs::path cert_path = dir / (id + ".cert.pem");
  {
    // Create the key file with mode 0600 before writing the key into it.
    std::ofstream(key_path, std::ios::trunc).close();
    fs::permissions(key_path, fs::perms::owner_read | fs::perms::owner_write, ec);
    Bio out(BIO_new_file(key_path.c_str(), "w"));
    if (!out || PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr) != 1) {
      return Status::IoError("cannot write " + key_path.string());
    }
  }
  {
    Bio out(BIO_new_file(cert_path.c_str(), "w"));
    if (!out || PEM_write_bio_X509(out.get(), cert.get()) != 1) {
      return Status::IoError("cannot write " + cert_path.string());
    }
  }
  *cert_base64 = Base64Encode(DerOf(cert.get()));
  return Status::Ok();
}

Status LoadCertificatePublicKey(const fs::path& cert_file, std::shared_ptr<EVP_PKEY>* public_key,
                                std::string* der) {
  std::string bytes;
  if (!ReadFile(cert_file, &bytes)) return Status::IoError("cannot read " + cert_file.string());
  X509Ptr cert = ParseCertificate(bytes);
  if (!cert) return Status::InvalidArgument("no certificate in " + cert_file.string());
  EVP_PKEY* k = X509_get_pubkey(cert.get());
  if (k == nullptr) return Status::InvalidArgument("no public key in " + cert_file.string());
  *public_key = Own(k);
  *der = DerOf(cert.get());
  return Status::Ok();
}

Result<int64_t> CertificateNotAfter(const fs::path& cert_file) {
  std::shared_ptr<EVP_PKEY> pub;
  std::string der;
  if (Status s = LoadCertificatePublicKey(cert_file, &pub, &der); !s.ok()) return s;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  X509* x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (x == nullptr) return Status::InvalidArgument(cert_file.string() + " is not a certificate");
  tm t{};
  const bool ok = ASN1_TIME_to_tm(X509_get0_notAfter(x), &t) == 1;
  X509_free(x);
  if (!ok) return Status::InvalidArgument(cert_file.string() + ": unreadable notAfter");
  return static_cast<int64_t>(timegm(&t));
}

}  // namespace bulwark::graph
