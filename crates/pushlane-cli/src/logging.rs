//! Log lines of the engine (the `tracing` events of the runtime and the store) on standard
//! error, filtered by `RUST_LOG` as `tracing_subscriber`'s `EnvFilter` reads it. Without
//! `RUST_LOG` (or with it empty) nothing is logged, so the normal output is unchanged.

use crate::error::CliError;
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// The variable that turns logging on.
pub const ENV: &str = "RUST_LOG";

/// Installs the subscriber when `RUST_LOG` is set; a filter that cannot be parsed is a usage
/// error naming the variable and its value.
pub fn install_from_env() -> Result<(), CliError> {
    let Some(value) = std::env::var_os(ENV) else {
        return Ok(());
    };
    let Some(text) = value.to_str() else {
        return Err(CliError::Usage(format!(
            "{ENV}={value:?}: not valid UTF-8; expected a filter like `debug` or `pushlane_runtime=trace`"
        )));
    };
    let Some(filter) = filter(text)? else {
        return Ok(());
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        // A log line that cannot be written is dropped: never a panic, never a complaint on
        // a standard error that is already failing.
        .log_internal_errors(false)
        .try_init()
        .map_err(|e| CliError::Engine(format!("cannot install the log subscriber: {e}")))
}

/// The filter of `RUST_LOG=text`; `None` for an empty value (logging stays off).
pub fn filter(text: &str) -> Result<Option<EnvFilter>, CliError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    EnvFilter::try_new(text).map(Some).map_err(|e| {
        CliError::Usage(format!(
            "{ENV}={text:?}: {e}; expected a filter like `debug` or `pushlane_runtime=trace`"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_read_as_env_filter_reads_them() {
        assert!(filter("").unwrap().is_none());
        assert!(filter("debug").unwrap().is_some());
        assert!(filter("pushlane_runtime=trace,warn").unwrap().is_some());
        let err = filter("pushlane_runtime=loud").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.to_string()
                .starts_with("RUST_LOG=\"pushlane_runtime=loud\": "),
            "{err}"
        );
    }
}
