//! uniffi-bindgen of the uniffi version this crate is built with, for generating the Kotlin and
//! Swift bindings in library mode (scripts/generate-bindings.sh):
//! `cargo run -p pushlane-ffi --bin pushlane-bindgen -- generate --library target/debug/libpushlane_ffi.so --language kotlin --out-dir bindings/kotlin`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
