//! Code the benches share: a seeded generator, interleaved timing for the ratio each bench
//! prints (by the thread's CPU clock and by the wall clock), real device descriptions, click
//! payloads in every vendor form, and the realistic mixed input stream (example scenarios and
//! random sessions). Each bench declares `mod support;` and `mod thread_cpu;` (the clocks
//! `ratio` times with, `benches/thread_cpu/mod.rs`) and uses what it needs.
#![allow(dead_code)]

pub mod clicks;
pub mod devices;
pub mod ratio;
pub mod rng;
pub mod sessions;
pub mod stream;
