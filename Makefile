# Every target installs what it needs first (scripts/setup.sh), so each works on a fresh machine.
SHELL := /bin/bash
RUN := source scripts/env.sh &&

.PHONY: setup pkg test test-rust test-wasm test-pkg test-edge test-www fuzz demo edge edge-publish edge-bench bench screenshots clean

setup:
	@bash scripts/setup.sh

pkg: setup
	@bash scripts/build-pkg.sh

test: test-rust test-wasm test-pkg test-edge test-www fuzz

test-rust: setup
	$(RUN) cargo test --workspace
	$(RUN) cargo clippy --workspace --all-targets -- -D warnings
	$(RUN) cargo clippy --target wasm32-unknown-unknown -p rolecascade-wasm-runtime -- -D warnings
	$(RUN) cargo clippy --target wasm32-unknown-unknown -p rolecascade-wasm-authoring -- -D warnings

test-wasm: setup
	$(RUN) wasm-pack test --node -- --test wasm
	$(RUN) CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome -- --test wasm_browser

test-pkg: pkg
	$(RUN) node --test pkg-tests/
	$(RUN) tsc --noEmit -p pkg-tests/types

test-edge: edge
	$(RUN) node --test edge/tests/

test-www: pkg
	rm -rf www/pkg && cp -r pkg www/pkg && $(RUN) node --test www-tests/

# The README's screenshots, refreshed from a page-test run.
screenshots: pkg
	rm -rf www/pkg && cp -r pkg www/pkg && $(RUN) SCREENSHOTS=1 node --test www-tests/

fuzz: setup
	$(RUN) bash scripts/fuzz.sh 5

demo: pkg
	rm -rf www/pkg && cp -r pkg www/pkg
	@echo "rolecascade role explorer: http://127.0.0.1:8080/"
	$(RUN) node scripts/serve.mjs www 8080

edge: pkg
	$(RUN) node edge/build.mjs

# make edge-publish TENANT=acme FILE=acme.json [PUBLISH_FLAGS=--wrangler]: check, then write to KV
edge-publish: pkg
	$(RUN) node edge/publish.mjs --tenant "$(TENANT)" "$(FILE)" $(PUBLISH_FLAGS)

edge-bench: edge
	$(RUN) node edge/bench.mjs

bench: pkg
	$(RUN) bash scripts/bench.sh

clean:
	rm -rf pkg www/pkg edge/dist target fuzz/target
