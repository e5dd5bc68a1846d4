#!/usr/bin/env bash
# The installed layouts work on their own: `cmake --install` into a DESTDIR, and the Debian
# package built by cpack (lintian without errors; its extracted tree runs the embedded demo,
# `policy test` on its installed policies, and reads its /etc config). The build tree must be
# configured with -DCMAKE_INSTALL_PREFIX=/usr (test.sh does).
# Usage: package_test.sh BUILD_DIR SOURCE_DIR
set -u
BUILD=$1
SRC=$2
. "$(dirname "$0")/check_lib.sh"
# Nothing may come from the source tree: the binary must find its data relative to itself.
unset BULWARK_POLICY_DIR BULWARK_SAMPLES_DIR BULWARK_PLUGIN_DIR BULWARK_CLIENT_STATE

# Checks one installed tree rooted at $1 (usr/bin/bulwark, usr/share/bulwark, ...).
installed_tree() {
  local root=$1 label=$2 bin=$1/usr/bin/bulwark
  "$bin" plugins list >"$TMP/out" 2>&1; rc=$?
  [ "$(grep -c "(ABI 1.0) $root/usr/lib/bulwark/plugins/" "$TMP/out")" = 3 ]
  check "$label: the shipped plugins load from lib/bulwark/plugins" 0 $rc $?
  "$bin" policy test "$root/usr/share/bulwark/policies" >"$TMP/out" 2>&1; rc=$?
  grep -q "policy tests: [0-9]* passed, 0 failed" "$TMP/out"; check "$label: policy test" 0 $rc $?
  # The default policy directory is the installed one: one file fewer there shows in lint.
  local all fewer
  all=$("$bin" policy lint 2>&1 | sed -n 's/^ok: \([0-9]*\) files.*/\1/p')
  mv "$root/usr/share/bulwark/policies/contact-data.yaml" "$TMP/"
  fewer=$("$bin" policy lint 2>&1 | sed -n 's/^ok: \([0-9]*\) files.*/\1/p')
  mv "$TMP/contact-data.yaml" "$root/usr/share/bulwark/policies/"
  [ -n "$all" ] && [ "$fewer" = $((all - 1)) ]; check "$label: default policies are the installed ones" 0 0 $?
  timeout 120 "$bin" run >"$TMP/out" 2>"$TMP/err"; rc=$?
  [ "$(wc -l <"$TMP/out")" = 72 ] && grep -q 'run (embedded broker): 42 events, 68 notifications' "$TMP/err"
  check "$label: the embedded demo from the installed samples" 0 $rc $?
  [ -f "$root/usr/include/bulwark/plugin.h" ] && [ -f "$root/usr/share/doc/bulwark/copyright" ] &&
    [ -f "$root/usr/lib/systemd/system/bulwark.service" ] && [ -f "$root/etc/bulwark/bulwark.yaml" ]
  check "$label: SDK headers, copyright, unit and config are installed" 0 0 $?
  [ "$(stat -c %a "$root/etc/bulwark/bulwark.env")" = 600 ]; check "$label: bulwark.env is 0600" 0 0 $?
  # The shipped config parses and, unconfigured, fails loudly on the missing secret (its
  # absolute paths moved under the extracted root).
  sed "s|/usr/share/bulwark|$root/usr/share/bulwark|g" "$root/etc/bulwark/bulwark.yaml" >"$TMP/etc.yaml"
  "$bin" run --config "$TMP/etc.yaml" >/dev/null 2>"$TMP/err"; rc=$?
  grep -q 'EVENTHUBS_CONNECTION_STRING (the Event Hubs connection string) is not set' "$TMP/err"
  check "$label: /etc/bulwark/bulwark.yaml loads and names the missing secret" 2 $rc $?
}

DESTDIR="$TMP/destdir" cmake --install "$BUILD" >"$TMP/install.log" 2>&1
check "cmake --install" 0 $? 0
installed_tree "$TMP/destdir" "cmake --install"

rm -rf "$BUILD/packages"
(cd "$BUILD" && cpack -G DEB >"$TMP/cpack.log" 2>&1); rc=$?
DEB=$(ls "$BUILD"/packages/bulwark_*.deb 2>/dev/null | head -1)
[ -n "$DEB" ]; check "cpack -G DEB" 0 $rc $?
if command -v lintian >/dev/null; then
  lintian --fail-on error --suppress-tags non-standard-file-perm "$DEB" >"$TMP/lintian.out" 2>&1; rc=$?
  cat "$TMP/lintian.out"
  check "lintian: no errors" 0 $rc
else
  echo "WARNING: lintian is not installed; the package was not linted"
  check "lintian is installed" 0 1
fi
dpkg-deb -I "$DEB" >"$TMP/info" 2>&1
grep -q '^ Depends: adduser, .*libhyperscan5' "$TMP/info" && grep -q 'conffiles' "$TMP/info"
check "package depends on its libraries and marks its conffiles" 0 0 $?
dpkg-deb -x "$DEB" "$TMP/deb"; check "dpkg-deb -x" 0 $?
installed_tree "$TMP/deb" "deb"
unit="$TMP/deb/usr/lib/systemd/system/bulwark.service"
grep -q '^User=bulwark$' "$unit" && grep -q '^ProtectSystem=strict$' "$unit" &&
  grep -q '^ExecReload=/bin/kill -HUP \$MAINPID$' "$unit"
check "unit: own user, read-only system, reload is SIGHUP" 0 0 $?
if command -v systemd-analyze >/dev/null; then
  # --threshold is on the 0-100 scale of the printed 0.0-10.0 level.
  systemd-analyze security --offline=yes --threshold=20 "$unit" >"$TMP/sec" 2>&1; rc=$?
  tail -1 "$TMP/sec"
  check "unit: systemd exposure level at most 2 of 10" 0 $rc
else
  echo "WARNING: systemd-analyze is not installed; the unit's hardening was not scored"
fi

finish package_test
