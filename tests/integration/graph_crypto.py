"""Graph's encryption of resource data, made with python3-cryptography (not Bulwark's code), for
the integration tests: AES-256-CBC with PKCS#7 padding, IV = the first 16 bytes of the random
key, HMAC-SHA256 of the ciphertext with that key, the key wrapped with RSA-OAEP (SHA-1) for the
subscription's certificate. Any plaintext bytes can be encrypted, invalid UTF-8 included."""
import base64
import hashlib
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, hmac, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asym
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


class Encryptor:
    def __init__(self, cert_pem_path: str, cert_id: str):
        with open(cert_pem_path, "rb") as f:
            self.cert = x509.load_pem_x509_certificate(f.read())
        self.cert_id = cert_id
        der = self.cert.public_bytes(serialization.Encoding.DER)
        self.thumbprint = hashlib.sha1(der).hexdigest().upper()

    def encrypt(self, plaintext: bytes) -> dict:
        """The encryptedContent object of a change notification carrying `plaintext`."""
        key = os.urandom(32)
        padder = padding.PKCS7(128).padder()
        padded = padder.update(plaintext) + padder.finalize()
        enc = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
        data = enc.update(padded) + enc.finalize()
        mac = hmac.HMAC(key, hashes.SHA256())
        mac.update(data)
        wrapped = self.cert.public_key().encrypt(
            key, asym.OAEP(mgf=asym.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None))

        def b64(b):
            return base64.b64encode(b).decode()
        return {"data": b64(data), "dataKey": b64(wrapped), "dataSignature": b64(mac.finalize()),
                "encryptionCertificateId": self.cert_id,
                "encryptionCertificateThumbprint": self.thumbprint}
