#!/usr/bin/env bash
# `npm run bench:startup`: the CLI's start-up as a user meets it. The package is packed and installed into a
# fresh project (`npm init -y`), and hyperfine times `policyc --help` and `policyc decide` of one request on the
# reference evaluator for the maestra seed spec; the same two commands are also timed from this checkout
# (bin/policyc.js runs the sources through tsx there). Needs hyperfine (Debian: apt-get install hyperfine).
# Prints hyperfine's Markdown tables; docs/benchmarks.md quotes them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "bench/startup.sh needs hyperfine" >&2; exit 2; }

(cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null)
mkdir "$work/project"
cd "$work/project"
npm init -y >/dev/null
npm install --silent --prefer-offline --no-audit --no-fund "$work"/policyc-*.tgz >/dev/null 2>&1
mkdir spec
cp "$root/spec/maestra.ts" spec/
echo '[{"action": "cdp.customers.delete_customers", "principal": {"permissions": ["View customer list", "View customer", "Delete customers"]}}]' >request.json

echo "### Installed package (dist/), $(node --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup 2 --runs 15 --style none --export-markdown "$work/installed.md" \
  -n "policyc --help" "node_modules/.bin/policyc --help" \
  -n "policyc decide maestra (1 request, reference)" "node_modules/.bin/policyc decide maestra --requests request.json" >/dev/null
cat "$work/installed.md"

echo
echo "### From the checkout (sources through tsx), load average $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup 2 --runs 10 --style none --export-markdown "$work/checkout.md" \
  -n "node bin/policyc.js --help" "node $root/bin/policyc.js --help" \
  -n "node bin/policyc.js decide maestra (1 request, reference)" "node $root/bin/policyc.js decide maestra --spec $root/spec --requests request.json" >/dev/null
cat "$work/checkout.md"
