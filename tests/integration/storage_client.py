"""Test-only Blob Storage client, independent of Bulwark's: Shared Key authorization computed
with Python's hmac over the documented StringToSign, and account SAS tokens. Used by the
integration scripts against Azurite (trusting ca.pem in the working directory)."""
import base64
import datetime
import email.utils
import hashlib
import hmac
import ssl
import urllib.parse
import urllib.request


class Storage:
    def __init__(self, url, account, key_b64, cafile="ca.pem"):
        self.url, self.account = url, account
        self.key = base64.b64decode(key_b64)
        self.ctx = ssl.create_default_context(cafile=cafile)

    def put(self, path, body=b"", headers=None, query=""):
        """PUT url/path[?query]; returns the HTTP status."""
        h = {"x-ms-date": email.utils.formatdate(usegmt=True), "x-ms-version": "2021-08-06",
             "Content-Type": "application/octet-stream"}  # urllib would add its own otherwise
        h.update(headers or {})
        xms = "".join(f"{k}:{v}\n" for k, v in sorted(h.items()) if k.startswith("x-ms-"))
        canon_q = "".join(f"\n{k}:{v}" for k, v in
                          sorted(p.split("=") for p in query.split("&") if p))
        length = str(len(body)) if body else ""
        sts = (f"PUT\n\n\n{length}\n\n{h.get('Content-Type', '')}\n\n\n\n\n\n\n{xms}"
               f"/{self.account}/{self.account}/{path}{canon_q}")
        sig = base64.b64encode(hmac.new(self.key, sts.encode(), hashlib.sha256).digest()).decode()
        h["Authorization"] = f"SharedKey {self.account}:{sig}"
        req = urllib.request.Request(f"{self.url}/{path}" + (f"?{query}" if query else ""),
                                     data=body, method="PUT", headers=h)
        return urllib.request.urlopen(req, context=self.ctx).status

    def account_sas(self, permissions, hours=1):
        """An account SAS for the Blob service (version 2020-12-06 and later StringToSign)."""
        expiry = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=hours)
                  ).strftime("%Y-%m-%dT%H:%M:%SZ")
        fields = [self.account, permissions, "b", "sco", "", expiry, "", "https", "2021-08-06", ""]
        sig = base64.b64encode(hmac.new(self.key, ("\n".join(fields) + "\n").encode(),
                                        hashlib.sha256).digest()).decode()
        return urllib.parse.urlencode({"sv": "2021-08-06", "ss": "b", "srt": "sco",
                                       "sp": permissions, "se": expiry, "spr": "https",
                                       "sig": sig})
