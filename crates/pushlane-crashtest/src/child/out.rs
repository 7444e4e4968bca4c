//! The child's report on stdout: every line written and flushed before the child goes on, and
//! an optional hold right after a chosen line so the parent's kill lands exactly there.

use crate::protocol::{HostCall, Line};
use std::io::Write;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// After which line the child stops (sleeps) so that the parent kills it right there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// After the n-th line of any kind (from 1).
    Line(u64),
    /// After the n-th `W` line: the engine has announced the write and not applied it.
    Write(u64),
    /// After the n-th successful `H upload` line: the server has the token, the engine does
    /// not know yet.
    UploadOk(u64),
}

impl Hold {
    /// `line:N`, `write:N` or `upload-ok:N`.
    pub fn parse(text: &str) -> Result<Hold, String> {
        let (kind, n) = text
            .split_once(':')
            .ok_or_else(|| format!("--hold {text:?}: expected KIND:N"))?;
        let n: u64 = n
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("--hold {text:?}: N must be a positive number"))?;
        match kind {
            "line" => Ok(Hold::Line(n)),
            "write" => Ok(Hold::Write(n)),
            "upload-ok" => Ok(Hold::UploadOk(n)),
            _ => Err(format!(
                "--hold {text:?}: KIND must be line, write or upload-ok"
            )),
        }
    }
}

/// How long a hold lasts: far longer than the parent needs to kill.
const HOLD_FOR: Duration = Duration::from_secs(60);

#[derive(Default)]
struct Counts {
    lines: u64,
    writes: u64,
    uploads_ok: u64,
}

static HOLD: OnceLock<Option<Hold>> = OnceLock::new();
static COUNTS: Mutex<Counts> = Mutex::new(Counts {
    lines: 0,
    writes: 0,
    uploads_ok: 0,
});

/// Sets the hold (once, before anything is emitted).
pub fn init(hold: Option<Hold>) {
    let _ = HOLD.set(hold);
}

/// Writes one line and flushes it; then holds if this is the chosen line. A child that can no
/// longer write its report has no reason to go on: it exits.
pub fn emit(line: &Line) {
    let is_write = matches!(line, Line::Write(_));
    let is_upload_ok = matches!(line, Line::Host(HostCall::Upload { ok: true, .. }));
    let hold_here = {
        let mut counts = COUNTS.lock().unwrap_or_else(|e| e.into_inner());
        counts.lines += 1;
        counts.writes += u64::from(is_write);
        counts.uploads_ok += u64::from(is_upload_ok);
        match HOLD.get().copied().flatten() {
            Some(Hold::Line(n)) => counts.lines == n,
            Some(Hold::Write(n)) => is_write && counts.writes == n,
            Some(Hold::UploadOk(n)) => is_upload_ok && counts.uploads_ok == n,
            None => false,
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{line}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        std::process::exit(3);
    }
    drop(stdout);
    if hold_here {
        std::thread::sleep(HOLD_FOR);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_are_read_and_bad_ones_named() {
        assert_eq!(Hold::parse("line:3"), Ok(Hold::Line(3)));
        assert_eq!(Hold::parse("write:1"), Ok(Hold::Write(1)));
        assert_eq!(Hold::parse("upload-ok:2"), Ok(Hold::UploadOk(2)));
        for bad in ["line", "line:0", "line:x", "sleep:1"] {
            let err = Hold::parse(bad).unwrap_err();
            assert!(err.contains(bad), "{err}");
        }
    }
}
