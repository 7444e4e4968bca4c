#![no_main]
//! Fuzz target `journal`: see `pushlane_fuzz::journal::check`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| pushlane_fuzz::journal::check(data));
