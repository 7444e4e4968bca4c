#!/usr/bin/env bash
# Regenerates the Kotlin and Swift bindings of crates/pushlane-ffi, checked in under bindings/.
#
#   scripts/generate-bindings.sh            # rewrite bindings/kotlin and bindings/swift
#   scripts/generate-bindings.sh OUT_DIR    # write OUT_DIR/kotlin and OUT_DIR/swift instead
#                                           # (.ci/run does this and diffs against bindings/)
#
# The generator is uniffi-bindgen of the uniffi version the crate is built with (the crate's
# `pushlane-bindgen` binary, uniffi's "cli" feature), run in library mode over the debug cdylib.
# Output is not run through ktlint/swiftformat (--no-format), so it is the same on every machine.
# Run it after any change to the exported API or its doc comments, and commit bindings/.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-bindings}"
target_dir="${CARGO_TARGET_DIR:-target}"
case "$(uname -s)" in
  Darwin) lib="$target_dir/debug/libpushlane_ffi.dylib" ;;
  *) lib="$target_dir/debug/libpushlane_ffi.so" ;;
esac

cargo build --quiet -p pushlane-ffi --lib
for language in kotlin swift; do
  rm -rf "${out:?}/$language"
  cargo run --quiet -p pushlane-ffi --bin pushlane-bindgen -- \
    generate --no-format --library "$lib" --language "$language" --out-dir "$out/$language" >/dev/null
done
echo "bindings written to $out/kotlin and $out/swift"
