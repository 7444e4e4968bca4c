#!/usr/bin/env bash
# Runs pushlane's fuzz targets (fuzz/, cargo-fuzz + libFuzzer).
#
#   scripts/fuzz.sh                  # every target, 60 s each
#   scripts/fuzz.sh TARGET [SECONDS] # one target (click, config, journal, machine, scenario)
#   scripts/fuzz.sh all 600          # every target, 10 min each
#
# Needs a nightly toolchain (`rustup toolchain install nightly`): cargo-fuzz builds with
# sanitizer flags only nightly accepts. cargo-fuzz itself is installed if missing. New inputs
# that add coverage go to fuzz/corpus/<target>/; a crash is saved under fuzz/artifacts/<target>/
# and the run stops. Before committing a grown corpus, shrink it:
#   cargo +nightly fuzz cmin TARGET
# Without nightly, the corpora still run as plain tests on stable:
#   cargo test --test fuzz_corpus && cargo test -p pushlane-cli --test fuzz_corpus
# Extra arguments after SECONDS go to libFuzzer (e.g. -jobs=2, -max_len=4096).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(click config journal machine scenario)
target="${1:-all}"
seconds="${2:-60}"
shift $(( $# > 2 ? 2 : $# ))

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz.sh: no nightly toolchain; install it with: rustup toolchain install nightly" >&2
  echo "(on stable, run the corpora as tests: cargo test --test fuzz_corpus)" >&2
  exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz"
  cargo install cargo-fuzz
fi

case "$target" in
  all) run=("${targets[@]}") ;;
  click | config | journal | machine | scenario) run=("$target") ;;
  *)
    echo "fuzz.sh: unknown target '$target' (one of: ${targets[*]}, all)" >&2
    exit 2
    ;;
esac

for t in "${run[@]}"; do
  echo "== fuzz $t for ${seconds}s"
  mkdir -p "fuzz/corpus/$t"
  # -timeout: an input slower than 10 s is a hang (reported like a crash). The dictionary holds
  # the target's keys and names, so the fuzzer gets past the parser's first checks sooner.
  dict=()
  if [[ -f "fuzz/dict/$t.dict" ]]; then dict=(-dict="fuzz/dict/$t.dict"); fi
  cargo +nightly fuzz run "$t" -- \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 "${dict[@]}" "$@"
done
