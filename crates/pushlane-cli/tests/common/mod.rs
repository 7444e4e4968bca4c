//! Running the built `pushlane` binary in tests.
#![allow(dead_code)]

use std::process::Command;

/// What one run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `pushlane ARGS…` and captures its exit code and output.
pub fn pushlane(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .args(args)
        .output()
        .expect("run pushlane");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The path of a file under `tests/fixtures`.
pub fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}
