# The two quick-start commands are `make compile` and `make test`; both install what they need first.
NODE_BIN := node_modules/.bin
POLICYC := node bin/policyc.js
## Examples compiled into their own generated/ folder and checked like spec/.
EXAMPLES := examples/authzen-certification examples/authzen-todo examples/gitlab

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
	for ex in $(EXAMPLES); do $(POLICYC) compile --spec $$ex --out $$ex/generated || exit 1; done
	$(POLICYC) verify

## Fail when generated/ is stale.
check: install
	$(POLICYC) compile --check
	for ex in $(EXAMPLES); do $(POLICYC) compile --check --spec $$ex --out $$ex/generated || exit 1; done

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

## Everything CI runs: stale check, type check, cross-check on every engine, OPA's tools, the cases written from
## the documents, then the test suite. The checks before the suite are independent: two run at a time.
test: install tools
	$(MAKE) --no-print-directory -j2 test-stale test-typecheck test-verify rego-check test-cases
	$(NODE_BIN)/vitest run

test-stale:
	$(POLICYC) compile --check
	for ex in $(EXAMPLES); do $(POLICYC) compile --check --spec $$ex --out $$ex/generated || exit 1; done

test-typecheck:
	$(NODE_BIN)/tsc --noEmit -p tsconfig.json

test-verify:
	$(POLICYC) verify
	for ex in $(EXAMPLES); do $(POLICYC) verify --spec $$ex || exit 1; done

test-cases:
	$(POLICYC) test
	$(POLICYC) test --spec examples/gitlab

## Re-bless the golden files under test/golden/ after an intended output change.
golden: install
	UPDATE_GOLDEN=1 $(NODE_BIN)/vitest run test/golden.test.ts test/expect-report.test.ts

bench: install
	npm run bench

fuzz: install
	npm run fuzz

clean:
	rm -rf node_modules .tmp .tools dist
