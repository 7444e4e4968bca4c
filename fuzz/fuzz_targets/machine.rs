#![no_main]
//! Fuzz target `machine`: see `pushlane_fuzz::machine::check`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| pushlane_fuzz::machine::check(data));
