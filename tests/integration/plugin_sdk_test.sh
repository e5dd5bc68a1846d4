#!/usr/bin/env bash
# The plugin SDK from a plugin author's seat: install it, build a plugin in a separate project
# against the installed package only, load it in the shipped binary, detect with it.
# Usage: plugin_sdk_test.sh BULWARK_BINARY BUILD_DIR SOURCE_DIR
set -u
BIN=$1
BUILD=$2
SRC=$3
. "$(dirname "$0")/check_lib.sh"

cmake --install "$BUILD" --prefix "$TMP/prefix" >"$TMP/install.log" 2>&1
check "cmake --install" 0 $?
[ -f "$TMP/prefix/include/bulwark/plugin.h" ] && [ -f "$TMP/prefix/include/bulwark/plugin.hpp" ]
check "SDK headers installed" 0 $?

cp -r "$SRC/tests/plugins/out-of-tree" "$TMP/project"
cmake -S "$TMP/project" -B "$TMP/build" -G Ninja -DCMAKE_PREFIX_PATH="$TMP/prefix" \
  >"$TMP/configure.log" 2>&1
rc=$?
[ $rc = 0 ] || cat "$TMP/configure.log"
check "find_package(BulwarkPluginSDK) from a separate project" 0 $rc
cmake --build "$TMP/build" >"$TMP/build.log" 2>&1
rc=$?
[ $rc = 0 ] || cat "$TMP/build.log"
check "the plugin builds out of tree" 0 $rc
mkdir -p "$TMP/plugins" && cp "$TMP/build/acme.so" "$TMP/plugins/"

"$BIN" plugins list --plugins "$TMP/plugins" >"$TMP/out" 2>&1; rc=$?
grep -q "^acme 2.3.0 (ABI 1.0)" "$TMP/out" && grep -q "acme.employee-id: ACME employee id" "$TMP/out"
check "bulwark plugins list shows it" 0 $rc $?

mkdir -p "$TMP/policies"
cat >"$TMP/policies/acme.yaml" <<'YAML'
apiVersion: bulwark/v1
kind: Policy
name: acme
detectors:
  - {id: employee, plugin: acme.employee-id}
rules:
  - {id: block-employee-ids, when: employee, action: block}
YAML
echo "new hire ACME-123455 starts Monday" |
  "$BIN" scan --plugins "$TMP/plugins" --policies "$TMP/policies" - >"$TMP/out" 2>&1
rc=$?
grep -q '"decision":"block"' "$TMP/out" && grep -q '"detector":"acme/employee"' "$TMP/out" &&
  ! grep -q "ACME-123455" "$TMP/out"
check "the shipped binary detects with it, masked" 0 $rc $?
echo "ACME-123456 has a wrong check digit" |
  "$BIN" scan --plugins "$TMP/plugins" --policies "$TMP/policies" - >"$TMP/out" 2>&1
grep -q '"decision":"allow"' "$TMP/out"
check "a wrong check digit is not reported" 0 $? 0

# Refusals as the CLI shows them.
echo "not a library" >"$TMP/plugins/broken.so"
"$BIN" plugins list --plugins "$TMP/plugins" >"$TMP/out" 2>&1; rc=$?
grep -q "error: .*broken.so: not a loadable shared library" "$TMP/out" && grep -q "^acme " "$TMP/out"
check "plugins list reports a broken library and still lists the others" 1 $rc $?
"$BIN" policy lint "$TMP/policies" >"$TMP/out" 2>&1; rc=$?
grep -q "acme.yaml:5:.*unknown plugin detector type 'acme.employee-id'" "$TMP/out"
check "a policy naming a plugin that is not loaded fails lint with file:line" 1 $rc $?

finish plugin_sdk_test
