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

/// Runs `pushlane ARGS…` from the workspace root, so relative paths such as
/// `examples/payloads/clean.toml` read as they are written in docs and golden files.
pub fn pushlane_at_root(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .args(args)
        .current_dir(workspace_root())
        .output()
        .expect("run pushlane");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The workspace root (where `examples/` is).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Compares `actual` with the golden file `tests/golden/<name>`; with `UPDATE_GOLDEN=1` in the
/// environment, (re)writes the golden file instead. Review the diff before committing it.
pub fn golden(name: &str, actual: &str) {
    if let Some(mismatch) = golden_mismatch(name, actual) {
        panic!("{mismatch}");
    }
}

/// Checks several golden files and reports every one that differs, not only the first.
pub fn goldens(files: &[(String, String)]) {
    let mismatches: Vec<String> = files
        .iter()
        .filter_map(|(name, actual)| golden_mismatch(name, actual))
        .collect();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

/// [`golden`] without the panic: what differs, if anything.
pub fn golden_mismatch(name: &str, actual: &str) -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0");
    if update {
        std::fs::create_dir_all(path.parent().expect("golden files sit in a folder"))
            .expect("create the golden folder");
        std::fs::write(&path, actual).expect("write the golden file");
        return None;
    }
    match std::fs::read_to_string(&path) {
        Err(e) => Some(format!(
            "{}: {e}; run with UPDATE_GOLDEN=1 to write it",
            path.display()
        )),
        Ok(expected) if expected != actual => Some(format!(
            "{} differs (UPDATE_GOLDEN=1 rewrites it after a deliberate change)\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        )),
        Ok(_) => None,
    }
}

/// The command line, its standard output and its exit status, as a golden file shows them.
#[allow(dead_code)] // not every test binary uses it
pub fn transcript(args: &[&str]) -> String {
    let run = pushlane_at_root(args);
    assert!(
        run.stderr.is_empty(),
        "pushlane {}: unexpected standard error:\n{}",
        args.join(" "),
        run.stderr
    );
    format!(
        "$ pushlane {}\n{}exit status {}\n",
        args.join(" "),
        run.stdout,
        run.code
    )
}
