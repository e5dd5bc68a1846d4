# Sourced by the scripts that need the Entra ID / Graph stand-in: makes a throwaway CA and
# the TEST-ONLY certificates in $TMP (check_lib.sh), starts tests/integration/fake_m365.py on
# loopback and exports FAKE_M365_* (URL, CA, tenant, client id, secret, log, app key and cert).
# Arguments: extra options for fake_m365.py.
FAKE_M365_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
start_fake_m365() {
  cd "$TMP"
  openssl_quiet() { openssl "$@" >/dev/null 2>&1; }
  # The throwaway CA and the server certificate for 127.0.0.1 (TEST-ONLY, made per run).
  openssl_quiet req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -subj /CN=bulwark-test-ca -days 1
  openssl_quiet req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1
  printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
  openssl_quiet x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 -extfile server.ext
  # The app registration's certificate credential, and a key that is not its.
  openssl_quiet req -x509 -newkey rsa:2048 -nodes -keyout app.key -out app.pem -subj /CN=bulwark-app -days 1
  openssl_quiet genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other.key
  [ -s server.pem ] && [ -s app.pem ] && [ -s other.key ]; check "test certificates" 0 0 $?

  export FAKE_M365_TENANT=11111111-2222-4333-8444-555555555555
  export FAKE_M365_CLIENT_ID=66666666-7777-4888-9999-000000000000
  export FAKE_M365_SECRET="test-only-secret-$$"
  export FAKE_M365_LOG="$TMP/requests.jsonl"
  /usr/bin/python3 "$FAKE_M365_DIR/fake_m365.py" --cert server.pem --key server.key \
    --tenant "$FAKE_M365_TENANT" --client-id "$FAKE_M365_CLIENT_ID" --secret "$FAKE_M365_SECRET" \
    --client-cert app.pem "$@" --log "$FAKE_M365_LOG" >server.out 2>server.err &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
  for _ in $(seq 100); do grep -q '^port: ' server.out && break; sleep 0.1; done
  PORT=$(sed -n 's/^port: //p' server.out)
  [ -n "$PORT" ]; check "fake Entra ID / Graph started" 0 $? 0
  [ -n "$PORT" ] || { cat server.err; return 1; }
  export FAKE_M365_URL="https://127.0.0.1:$PORT"
  export FAKE_M365_CA="$TMP/ca.pem"
  export FAKE_M365_APP_KEY="$TMP/app.key" FAKE_M365_APP_CERT="$TMP/app.pem"
  export FAKE_M365_OTHER_KEY="$TMP/other.key"
}
