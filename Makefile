# The two quick-start commands are `make compile` and `make test`; both install what they need first.
NODE_BIN := node_modules/.bin
POLICYC := node bin/policyc.js

.PHONY: install tools rego-check build compile check verify test golden bench fuzz typecheck clean

node_modules/.install-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.install-stamp

## The real engines (OPA, Regal, cedar-go, regorus) built into .tools/bin at pinned versions; needs Go and cargo.
tools:
	bash tools/install.sh

## Compile every system in spec/ into generated/, then cross-check all fixtures on every engine.
compile: install tools
	$(POLICYC) compile
	$(POLICYC) verify

## Fail when generated/ is stale.
check: install
	$(POLICYC) compile --check

verify: install tools
	$(POLICYC) verify

## The package's compiled JavaScript and type declarations in dist/ (npm pack runs it too); this checkout runs src/.
build: install
	npm run build

typecheck: install
	$(NODE_BIN)/tsc --noEmit -p tsconfig.json

## The emitted Rego as OPA's tools see it: opa fmt, opa check --strict, opa test with coverage, regal lint.
rego-check: tools
	bash tools/check-rego.sh

## Everything CI runs: stale check, type check, cross-check on every engine, OPA's tools, then the test suite.
test: install tools
	$(POLICYC) compile --check
	$(NODE_BIN)/tsc --noEmit -p tsconfig.json
	$(POLICYC) verify
	bash tools/check-rego.sh
	$(NODE_BIN)/vitest run

## Re-bless the golden files under test/golden/ after an intended output change.
golden: install
	UPDATE_GOLDEN=1 $(NODE_BIN)/vitest run test/golden.test.ts

bench: install
	npm run bench

fuzz: install
	npm run fuzz

clean:
	rm -rf node_modules .tmp .tools dist
