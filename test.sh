#!/usr/bin/env bash
# Runs Tangle's whole test suite on this machine and ends with one line: "N passed, N failed, N skipped".
# Installs and starts what the tests need first, so it works on a fresh machine.
set -uo pipefail
cd "$(dirname "$0")"

configuration="${CONFIGURATION:-Release}"
results="$(mktemp -d)"

# The interop tests drive real Matrix clients (matrix-js-sdk, matrix-nio) that live outside NuGet.
tests/Interop.Tests/install-clients.sh || { echo "0 passed, 1 failed"; exit 1; }

dotnet build Cluster.sln -c "$configuration" -warnaserror -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }

dotnet test Cluster.sln -c "$configuration" --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); skipped=$((skipped + ${n:-0}))
done
rm -rf "$results"

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
