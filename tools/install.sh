#!/usr/bin/env bash
# `make tools`: builds the real engines into .tools/bin (git-ignored), each at the version pinned in tools/:
#   opa              go install github.com/open-policy-agent/opa@$OPA_VERSION
#   regal            tools/regal/go.mod (Regal, OPA's linter)
#   cedar-go-decide  tools/cedar-go (our program over cedar-go, pinned in its go.mod)
#   regorus-decide   tools/regorus (our program over the regorus crate, pinned in Cargo.lock)
# A tool whose inputs have not changed since it was built is kept. Without Go or cargo the tools that need
# them are skipped with one line saying so; under CI=true a tool that cannot be installed fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
OPA_VERSION=v1.22.3
root=$PWD
bin=$root/.tools/bin
stamps=$root/.tools/stamps
mkdir -p "$bin" "$stamps"
skipped=()
failed=()

# A tool is current when the hash of what it is built from matches the stamp of its last build.
fingerprint() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; echo "$OPA_VERSION"; }
current() { [ -x "$bin/$1" ] && [ "$(cat "$stamps/$1" 2>/dev/null)" = "$2" ]; }

build() {
  local name=$1 needs=$2 print=$3
  shift 3
  if ! command -v "$needs" >/dev/null 2>&1; then
    skipped+=("$name ($needs not found)")
    return
  fi
  if current "$name" "$print"; then return; fi
  local started=$SECONDS
  if "$@" >"$root/.tools/$name.log" 2>&1; then
    echo "$print" >"$stamps/$name"
    echo "tools: built $name in $((SECONDS - started)) s"
  else
    failed+=("$name (see .tools/$name.log)")
    tail -n 20 "$root/.tools/$name.log" >&2
  fi
}

build opa go "$(fingerprint tools/install.sh)" \
  env GOBIN="$bin" go install "github.com/open-policy-agent/opa@$OPA_VERSION"
build regal go "$(fingerprint tools/regal/go.mod tools/regal/go.sum)" \
  bash -c "cd tools/regal && GOBIN='$bin' GOFLAGS=-mod=mod go install github.com/open-policy-agent/regal"
build cedar-go-decide go "$(fingerprint tools/cedar-go/go.mod tools/cedar-go/go.sum tools/cedar-go/main.go)" \
  bash -c "cd tools/cedar-go && go build -o '$bin/cedar-go-decide' ."
build regorus-decide cargo "$(fingerprint tools/regorus/Cargo.toml tools/regorus/Cargo.lock tools/regorus/src/main.rs)" \
  bash -c "cargo build --release --locked --quiet --manifest-path tools/regorus/Cargo.toml --target-dir '$root/.tools/cargo-target' && cp '$root/.tools/cargo-target/release/regorus-decide' '$bin/regorus-decide'"

if [ ${#skipped[@]} -gt 0 ]; then
  echo "tools: skipped ${skipped[*]}; those engines will not run"
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "tools: failed to build ${failed[*]}" >&2
  exit 1
fi
if [ ${#skipped[@]} -gt 0 ] && [ "${CI:-}" = "true" ]; then
  echo "tools: CI needs every engine; install Go and cargo" >&2
  exit 1
fi
exit 0
