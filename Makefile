# Lamport: every set-up step a fresh Debian 12 machine needs, plus the
# everyday entry points. `make demo` and `make test` install what is missing.

SHELL := /bin/bash
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the toolchain needs: LLVM 22 (linked by cargo-lamport),
# clang 22 (C programs), and a rustc on LLVM 22 that ships rust-src
# (rustc-web + rust-web-src, from bookworm-security).
DEB_PACKAGES := llvm-22-dev clang-22 libpolly-22-dev libzstd-dev zlib1g-dev libxml2-dev libffi-dev \
                rustc-web rust-web-src pkg-config libssl-dev

LAMPORT := target/debug/cargo-lamport lamport

# compat/agave's LiteSVM runs Agave's precompiles, whose secp256r1 verifier
# asks for a vendored OpenSSL built from source; link Debian's libssl instead.
export OPENSSL_NO_VENDOR := 1

.PHONY: deps tool demo test bench miri fuzz clean-cache

## Install missing Debian packages (idempotent, non-interactive).
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "Installing:" $$missing; \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	else echo "System packages: all present"; fi

## Build cargo-lamport and lamport-link.
tool: deps
	$(CARGO) build -p cargo-lamport

## Build every example and run a short scenario of each, with logs and compute units.
demo: tool
	$(LAMPORT) toolchain
	$(LAMPORT) build
	bash scripts/demo.sh

## The whole suite: every program is built, then the host crates, the
## toolchain's tests and the examples' tests run against the built programs;
## then the program template is instantiated and tested as a new project.
test: tool
	bash scripts/test.sh

## Benchmarks: build times and program sizes, compute units (lamport-sdk vs
## Pinocchio; SPL Token from source vs its platform-tools build), runtime
## throughput (criterion), and lamport-runtime vs LiteSVM on the same ELFs
## and transactions (compat/agave/benches: transfers, send_transactions).
bench: tool
	bash scripts/bench-build.sh
	bash scripts/bench-cu.sh
	bash scripts/bench-spl-token.sh
	$(CARGO) bench -p lamport-runtime
	$(CARGO) bench --manifest-path compat/agave/Cargo.toml --ignore-rust-version

## The SDK's account parsing and CPI structures and the runtime's serializer
## under Miri; installs the nightly toolchain with miri and rust-src through
## rustup if they are missing (`make test` runs these only when they are).
miri:
	bash scripts/miri.sh --install

## Fuzz every target of fuzz/ with libFuzzer for FUZZ_SECONDS each (default
## 60), merge new coverage into fuzz/corpus/, log the runs in fuzz/RUNS.md.
## Installs the nightly toolchain and cargo-fuzz when missing.
fuzz: tool
	bash scripts/fuzz.sh

## Forget the cached sysroot (rebuilt on the next build).
clean-cache:
	rm -rf "$${LAMPORT_CACHE_DIR:-$${XDG_CACHE_HOME:-$$HOME/.cache}/lamport}"
