#!/usr/bin/env bash
# How big the library an app ships is: the release cdylib of crates/pushlane-ffi (every vendor,
# the engine and the SQLite store, as the Android and iOS builds link it), stripped, against a
# trivial cdylib (one `#[no_mangle] extern "C" fn`) built and stripped the same way, as the
# baseline of the same run.
#
#   scripts/cdylib-size.sh
#
# Builds with `cargo rustc --release --crate-type cdylib` (the workspace's release profile, for
# the host target), strips a copy of each library with `strip` (or `llvm-strip`; set STRIP to
# choose), and prints bytes, KiB and the ratio. The build uses CARGO_TARGET_DIR when it is set
# (default: target/); the trivial crate is built in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir="${CARGO_TARGET_DIR:-target}"
case "$(uname -s)" in
  Darwin) prefix=lib ext=dylib strip_flags=(-x) ;;
  *) prefix=lib ext=so strip_flags=(--strip-all) ;;
esac

strip_tool="${STRIP:-}"
if [[ -z "$strip_tool" ]]; then
  for candidate in strip llvm-strip; do
    if command -v "$candidate" >/dev/null 2>&1; then
      strip_tool="$candidate"
      break
    fi
  done
fi
if [[ -z "$strip_tool" ]]; then
  echo "cdylib-size.sh: neither strip nor llvm-strip found; install binutils or llvm, or set STRIP" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# stripped_size LIB: the size in bytes of a stripped copy of LIB.
stripped_size() {
  local copy="$work/$(basename "$1").stripped"
  cp "$1" "$copy"
  "$strip_tool" "${strip_flags[@]}" "$copy"
  wc -c <"$copy" | tr -d ' '
}

kib() {
  awk -v bytes="$1" 'BEGIN { printf "%.1f", bytes / 1024 }'
}

echo "building crates/pushlane-ffi (release cdylib, every vendor)…" >&2
cargo rustc --quiet --release -p pushlane-ffi --lib --crate-type cdylib
ffi_lib="$target_dir/release/${prefix}pushlane_ffi.$ext"
if [[ ! -f "$ffi_lib" ]]; then
  echo "cdylib-size.sh: $ffi_lib was not built (is CARGO_TARGET_DIR the one cargo used?)" >&2
  exit 1
fi

echo "building the trivial baseline cdylib…" >&2
trivial="$work/trivial"
mkdir -p "$trivial/src"
cat >"$trivial/Cargo.toml" <<'TOML'
[package]
name = "trivial_cdylib"
version = "0.1.0"
edition = "2021"

[lib]
crate-type = ["cdylib"]

[workspace]
TOML
cat >"$trivial/src/lib.rs" <<'RUST'
#[no_mangle]
pub extern "C" fn trivial_add(a: i32, b: i32) -> i32 {
    a.wrapping_add(b)
}
RUST
CARGO_TARGET_DIR="$trivial/target" cargo build --quiet --release \
  --manifest-path "$trivial/Cargo.toml"
trivial_lib="$trivial/target/release/${prefix}trivial_cdylib.$ext"

ffi_bytes="$(stripped_size "$ffi_lib")"
trivial_bytes="$(stripped_size "$trivial_lib")"
ffi_unstripped="$(wc -c <"$ffi_lib" | tr -d ' ')"
ratio="$(awk -v a="$ffi_bytes" -v b="$trivial_bytes" 'BEGIN { printf "%.1f", a / b }')"

echo "pushlane_ffi cdylib, stripped ($strip_tool): $ffi_bytes bytes ($(kib "$ffi_bytes") KiB); unstripped $ffi_unstripped bytes ($(kib "$ffi_unstripped") KiB)"
echo "trivial cdylib, stripped ($strip_tool): $trivial_bytes bytes ($(kib "$trivial_bytes") KiB)"
echo "pushlane_ffi / trivial = $ratio"
