#![no_main]
//! Fuzz target `config`: see `pushlane_fuzz::config::check`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| pushlane_fuzz::config::check(data));
