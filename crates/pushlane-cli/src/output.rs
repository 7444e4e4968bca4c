//! Standard output for every command, through writes that return their errors (never
//! `print!`, which panics when the output cannot be written).
//!
//! - A reader that went away (`pushlane vendors | head -1`: a closed pipe) ends the output
//!   quietly; the command's exit status stays what it would have been.
//! - Any other failure (a full disk, `> /dev/full`) is [`CliError::Output`]: exit status 1
//!   with `pushlane: cannot write to standard output: <cause>` on standard error.

use crate::error::CliError;
use std::io::{self, Write};

/// Writes `text` to standard output and flushes it.
pub fn print(text: &str) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    write_to(&mut out, text)
}

/// Writes `text` to `out` and flushes it; a closed pipe is not an error.
pub fn write_to(out: &mut impl Write, text: &str) -> Result<(), CliError> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(err) => unless_closed(err),
    }
}

/// `Ok` when the reader has gone (the rest of the output is dropped quietly), the error as
/// [`CliError::Output`] otherwise.
pub fn unless_closed(err: io::Error) -> Result<(), CliError> {
    if err.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(CliError::Output(err))
    }
}

/// Writes a message to standard error, as well as it can: when standard error itself cannot
/// be written, the exit status is all that is left to say what happened.
pub fn report(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that fails every write with `kind`.
    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(self.0))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_is_quiet_and_a_full_disk_is_an_error() {
        assert!(write_to(&mut Failing(io::ErrorKind::BrokenPipe), "x").is_ok());
        let err = write_to(&mut Failing(io::ErrorKind::StorageFull), "x").unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert!(err
            .to_string()
            .starts_with("cannot write to standard output: "));
        let mut text = Vec::new();
        write_to(&mut text, "all of it\n").unwrap();
        assert_eq!(text, b"all of it\n");
    }
}
