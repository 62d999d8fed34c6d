#!/usr/bin/env bash
# Prints the path of a java 21 or newer: $JAVA_HOME's, the one on the PATH, or any under /usr/lib/jvm.
set -euo pipefail
java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }
for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
done
echo "needs a JDK 21 or newer (set JAVA_HOME)" >&2
exit 1
