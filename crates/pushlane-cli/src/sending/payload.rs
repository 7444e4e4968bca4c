//! `pushlane payload FILE --rest single|batch|all [--to FILE]`: prints the Chat REST API
//! request bodies that send the push file's message, one compact JSON body per line:
//!
//! - `single`: `POST /v4/openim/sendmsg` (<https://trtc.io/document/34919>), exactly one
//!   recipient;
//! - `batch`: `POST /v4/openim/batchsendmsg` (<https://trtc.io/document/34920>), one body per
//!   500 recipients;
//! - `all`: `POST /v4/all_member_push/im_push` (<https://trtc.io/document/37166>), every user
//!   of the app; recipients are not read.
//!
//! The recipients come from `--to FILE` (one user id a line; blank lines and lines starting
//! with `#` are skipped) or else from the push file's `to = [..]`.
//!
//! Exit status: 0 with the bodies printed, 2 when a file cannot be read, is malformed, or the
//! bodies cannot be built (no recipients, an image message without `msg_body`, …).

use super::push_file::{self, PushFile};
use crate::error::CliError;
use crate::keys::read_at;
use crate::output;
use clap::ValueEnum;
use pushlane::payload::rest::{default_msg_random, MsgElement, Outgoing};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

/// Which REST request the bodies are for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RestKind {
    /// `sendmsg`: one body for exactly one recipient.
    Single,
    /// `batchsendmsg`: one body per 500 recipients, one per line.
    Batch,
    /// `im_push`: one body for every user of the app (`--to` is ignored).
    All,
}

pub fn run(file: &Path, rest: RestKind, to_file: Option<&Path>) -> Result<ExitCode, CliError> {
    let push = push_file::load(file)?;
    let outgoing = outgoing(file, &push)?;
    let lines = match rest {
        RestKind::Single => {
            let recipients = recipients(file, &push, to_file)?;
            match recipients.ids.as_slice() {
                [one] => vec![json(&outgoing.single(one))?],
                ids => return Err(recipients.refuse_single(ids.len())),
            }
        }
        RestKind::Batch => {
            let recipients = recipients(file, &push, to_file)?;
            let bodies = outgoing
                .batch(&recipients.ids)
                .map_err(|e| CliError::bad_input(&recipients.source, e.to_string()))?;
            bodies.iter().map(json).collect::<Result<_, _>>()?
        }
        RestKind::All => vec![json(&outgoing.push_to_all())?],
    };
    let mut text = lines.join("\n");
    text.push('\n');
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The message ready to send: its body from `msg_body` when the file has one (any element
/// type), else derived from the message (text and custom messages); `msg_random` and
/// `msg_lifetime` from the file when set.
pub fn outgoing(file: &Path, push: &PushFile) -> Result<Outgoing, CliError> {
    let refused = |e: pushlane::payload::PayloadError| {
        CliError::bad_input(file, format!("cannot build the REST body: {e}"))
    };
    let mut outgoing = match &push.msg_body {
        None => Outgoing::from_message(&push.message, &push.info).map_err(refused)?,
        Some(elements) => {
            let body = elements
                .iter()
                .enumerate()
                .map(|(i, element)| {
                    read_at::<MsgElement>(element).map_err(|e| {
                        let key = match e.key {
                            Some(key) => format!("msg_body[{i}].{key}"),
                            None => format!("msg_body[{i}]"),
                        };
                        CliError::bad_input(file, format!("key `{key}`: {}", e.message))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let mut outgoing =
                Outgoing::new(&push.message.sender, body, &push.info).map_err(refused)?;
            // The same default as for a derived body: the message id when there is one.
            outgoing.msg_random =
                default_msg_random(&push.message.msg_id, &outgoing.from, &outgoing.msg_body);
            outgoing
        }
    };
    if let Some(random) = push.msg_random {
        outgoing.msg_random = random;
    }
    outgoing.msg_lifetime = push.msg_lifetime;
    Ok(outgoing)
}

/// The recipients and where they were read from.
struct Recipients {
    ids: Vec<String>,
    /// The `--to` file, or the push file.
    source: std::path::PathBuf,
    /// Read from the push file's `to` key (not from `--to`).
    from_key: bool,
}

impl Recipients {
    /// `--rest single` with no recipient or more than one.
    fn refuse_single(&self, count: usize) -> CliError {
        let found = match count {
            0 => "no recipients (give --to FILE, or `to = [\"user id\"]` in the push file)"
                .to_string(),
            n => format!("{n} recipients; use --rest batch to send to several"),
        };
        let key = if self.from_key { "key `to`: " } else { "" };
        CliError::bad_input(
            &self.source,
            format!("{key}--rest single sends to exactly one recipient, got {found}"),
        )
    }
}

/// `--to FILE` when given, else the push file's `to`.
fn recipients(
    file: &Path,
    push: &PushFile,
    to_file: Option<&Path>,
) -> Result<Recipients, CliError> {
    let recipients = match to_file {
        Some(path) => Recipients {
            ids: read_recipients(path)?,
            source: path.to_path_buf(),
            from_key: false,
        },
        None => Recipients {
            ids: push.to.clone(),
            source: file.to_path_buf(),
            from_key: true,
        },
    };
    if recipients.ids.is_empty() && to_file.is_some() {
        return Err(CliError::bad_input(
            &recipients.source,
            "no recipients: every line is blank or a # comment (expected one user id a line)",
        ));
    }
    Ok(recipients)
}

/// One user id a line; blank lines and `#` comments skipped, spaces around an id trimmed.
fn read_recipients(path: &Path) -> Result<Vec<String>, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::bad_input(path, format!("cannot read the recipients: {e}")))?;
    parse_recipients(&text).map_err(|message| CliError::bad_input(path, message))
}

/// The user ids of a recipients file's text.
pub fn parse_recipients(text: &str) -> Result<Vec<String>, String> {
    let mut ids = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let id = line.trim();
        if id.is_empty() || id.starts_with('#') {
            continue;
        }
        if id.contains(|c: char| c.is_whitespace() || c == ',') {
            return Err(format!(
                "line {}: `{id}` is not one user id (expected one user id per line, without spaces or commas)",
                index + 1
            ));
        }
        ids.push(id.to_string());
    }
    Ok(ids)
}

fn json(body: &impl Serialize) -> Result<String, CliError> {
    serde_json::to_string(body)
        .map_err(|e| CliError::Engine(format!("cannot write the REST body as JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_skip_blank_lines_and_comments() {
        let ids = parse_recipients("# team\n\n bob \r\ncarol\n  # not dave\n").unwrap();
        assert_eq!(ids, ["bob", "carol"]);
        assert_eq!(parse_recipients("").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn two_ids_on_a_line_are_refused_by_line_number() {
        let err = parse_recipients("bob\n\ncarol dave\n").unwrap_err();
        assert!(err.starts_with("line 3: `carol dave`"), "{err}");
        let err = parse_recipients("bob,carol\n").unwrap_err();
        assert!(err.starts_with("line 1: "), "{err}");
    }
}
