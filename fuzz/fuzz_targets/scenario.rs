#![no_main]
//! Fuzz target `scenario`: see `pushlane_fuzz::scenario::check`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| pushlane_fuzz::scenario::check(data));
