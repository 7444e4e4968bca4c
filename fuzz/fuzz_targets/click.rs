#![no_main]
//! Fuzz target `click`: see `pushlane_fuzz::click::check`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| pushlane_fuzz::click::check(data));
