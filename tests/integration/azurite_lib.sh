# Shared by the Blob Storage integration scripts (source it after check_lib.sh, from $TMP):
# start_azurite ACCOUNT starts Azurite (Microsoft's Storage emulator, from npm) on loopback over
# TLS, with a throwaway CA (ca.pem) and a random account key made per run (TEST-ONLY), and sets
# AZ_URL (path-style: https://127.0.0.1:PORT/ACCOUNT), AZ_ACCOUNT and AZ_KEY. Stopped on exit.
# AZURITE_DIR must name the npm prefix Azurite is installed in.
start_azurite() {
  openssl_quiet() { openssl "$@" >/dev/null 2>&1; }
  openssl_quiet req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -subj /CN=bulwark-test-ca -days 1
  openssl_quiet req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1
  printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
  openssl_quiet x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 \
    -extfile server.ext
  local port
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  AZ_ACCOUNT=$1
  export AZ_KEY
  AZ_KEY=$(openssl rand -base64 32)  # TEST-ONLY, made per run
  AZURITE_ACCOUNTS="$AZ_ACCOUNT:$AZ_KEY" "$AZURITE_DIR/node_modules/.bin/azurite-blob" \
    --blobHost 127.0.0.1 --blobPort "$port" --cert server.pem --key server.key \
    --location "$TMP/az" --silent >azurite.out 2>&1 &
  AZURITE_PID=$!
  trap 'kill $AZURITE_PID 2>/dev/null; rm -rf "$TMP"' EXIT
  AZ_URL="https://127.0.0.1:$port/$AZ_ACCOUNT"
  for _ in $(seq 100); do curl -s --cacert ca.pem -o /dev/null "$AZ_URL" && break; sleep 0.2; done
  curl -s --cacert ca.pem -o /dev/null "$AZ_URL"
  check "azurite started over TLS" 0 $?
}
