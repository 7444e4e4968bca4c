//! A crash harness for pushlane: "a crash at any point loses nothing" (lifecycle §10), tested
//! with real processes.
//!
//! The **child** (the `pushlane-crashtest` binary, [`child`]) runs the tokio engine over a
//! SQLite store (`StoreChoice::Sqlite`, the path an app uses) with the real vendor plugins, and
//! plays a random session from a seed: login and logout, vendor tokens, uploads and clears that
//! succeed or fail after a delay, the push switch, app state, messages and clicks, time passing.
//! It reports on stdout, one line flushed at a time ([`protocol`]), what it does and what it
//! knows to be durable: every store write the engine is about to apply, every input sent and
//! acknowledged, every upload/clear the "server" accepted, every `token_uploaded`.
//!
//! The **parent** ([`harness`], run by `tests/crash.rs`) kills the child with `SIGKILL` at a
//! random point (after a random delay, on a chosen line, on a chosen store write, with the child
//! optionally holding still right after that line), then
//!
//! 1. reopens a copy of the store: `PRAGMA integrity_check` must say `ok`;
//! 2. checks that the store is exactly the child's writes applied in order up to the last one
//!    reported, or up to the one before it when the kill came right after it was announced
//!    (nothing lost, nothing invented, nothing else), and that every acknowledged fact (push
//!    preference, token, upload record) is in it ([`check`]);
//! 3. runs the next engine over the store in-process and checks what it does after the restart
//!    ([`restart`]): the token kept, no re-upload of a record already on the server, a clear for
//!    a record left behind with push off.
//!
//! The parent counts the distinct kill points (phase × writes seen × acknowledgements seen).

pub mod check;
pub mod child;
pub mod harness;
pub mod kill;
pub mod protocol;
pub mod restart;
pub mod rng;
pub mod setup;
pub mod snapshot;
