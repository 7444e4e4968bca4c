use std::path::PathBuf;
use thiserror::Error;

/// Errors of the `pushlane` command. Bad input exits 2; anything else 1.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum CliError {
    /// A file the user gave is malformed: says which file, where, and what was expected.
    #[error("{file}: {message}")]
    BadInput { file: PathBuf, message: String },
    /// Bad command-line values (not a file's content).
    #[error("{0}")]
    Usage(String),
    /// Reading or writing failed.
    #[error("{file}: {source}")]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The engine could not run.
    #[error("{0}")]
    Engine(String),
    /// Standard output cannot be written (a full disk; a closed pipe is not an error).
    #[error("cannot write to standard output: {0}")]
    Output(#[source] std::io::Error),
}

impl CliError {
    pub fn bad_input(file: &std::path::Path, message: impl Into<String>) -> Self {
        CliError::BadInput {
            file: file.to_path_buf(),
            message: message.into(),
        }
    }

    pub fn io(file: &std::path::Path, source: std::io::Error) -> Self {
        CliError::Io {
            file: file.to_path_buf(),
            source,
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::BadInput { .. } | CliError::Usage(_) => 2,
            CliError::Io { .. } | CliError::Engine(_) | CliError::Output(_) => 1,
        }
    }
}
