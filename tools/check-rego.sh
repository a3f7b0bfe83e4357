#!/usr/bin/env bash
# `make rego-check`: the emitted Rego as OPA's own tools see it, on every generated bundle (seeds and examples)
# and the golden case.
#   opa fmt --list      every .rego file is exactly as `opa fmt` writes it
#   opa check --strict  each bundle with its tests
#   opa test --coverage each bundle with its tests: all pass, and the coverage of policy.rego is printed
#   regal lint          no violation under .regal/config.yaml
# Uses the tools `make tools` built into .tools/bin. Without them (no Go here) it says so and skips, except under
# CI=true, where it fails.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=.tools/bin
if [ ! -x "$bin/opa" ] || [ ! -x "$bin/regal" ]; then
  echo "rego-check: skipped (opa and regal are not installed; run make tools)"
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
fi
failed=0
fail() { echo "rego-check: $*" >&2; failed=1; }

unformatted=$("$bin/opa" fmt --list generated/rego generated/rego-tests test/golden examples/*/generated)
[ -z "$unformatted" ] || fail "not as opa fmt writes them: $unformatted"

for bundle in generated/rego/*/ examples/*/generated/rego/*/ test/golden/*/expected/rego/*/; do
  tests=${bundle/\/rego\//\/rego-tests\/}
  "$bin/opa" check --strict "$bundle" "$tests" || fail "opa check --strict $bundle $tests"
  report=$("$bin/opa" test --coverage --format json "$bundle" "$tests") || fail "opa test $bundle $tests"
  node -e '
    const report = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const [file, cov] = Object.entries(report.files).find(([f]) => f.endsWith("/policy.rego"));
    const lines = (cov.not_covered ?? []).map((r) => r.start.row);
    console.log(`opa test ${process.argv[1]}: coverage of ${file} ${cov.coverage}%${lines.length ? `, lines not covered: ${lines.join(", ")}` : ""}`);
    if (cov.coverage !== 100) process.exit(1);
  ' "$bundle" <<<"$report" || fail "policy.rego of $bundle is not wholly covered by its tests"
done
"$bin/opa" test generated/rego generated/rego-tests | tail -n 1

"$bin/regal" lint generated/rego generated/rego-tests examples/*/generated/rego examples/*/generated/rego-tests test/golden || fail "regal lint"
exit $failed
