//! Running a target's corpus as a plain test: every file of `fuzz/corpus/<target>/` through the
//! target's body, each failure reported with its file.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Runs every file of `<fuzz_dir>/corpus/<target>/` through `check`; panics naming each file
/// that failed (and with how many files ran, so an empty corpus is noticed).
pub fn run(fuzz_dir: &Path, target: &str, check: fn(&[u8])) {
    let dir = fuzz_dir.join("corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no corpus files", dir.display());
    let failed: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let outcome = catch_unwind(AssertUnwindSafe(|| check(&data)));
            outcome.err().map(|panic| {
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)");
                format!("{}: {message}", path.display())
            })
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} {target} corpus files failed:\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}
