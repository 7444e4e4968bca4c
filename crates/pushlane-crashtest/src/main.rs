//! The crash harness's child process (see the crate docs and `docs/reliability.md`): runs the
//! engine over a SQLite store and reports on stdout until it finishes or is killed.

use pushlane_crashtest::child::{self, out, Options, USAGE};
use pushlane_crashtest::protocol::Line;
use std::process::ExitCode;

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("pushlane-crashtest: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match child::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out::emit(&Line::Error(e.clone()));
            eprintln!("pushlane-crashtest: {e}");
            ExitCode::FAILURE
        }
    }
}
