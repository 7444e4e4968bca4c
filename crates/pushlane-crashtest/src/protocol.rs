//! The child's report: one line per fact, written and flushed before the child goes on, so a
//! line the parent reads was printed before the kill and is true.
//!
//! | line | meaning |
//! |---|---|
//! | `V <device> <vendor>` | the engine started over the store (it is open) |
//! | `W <json>` | the engine is about to apply this store write (tokens as fingerprints) |
//! | `S login <user>`, `S end <input>`, `S push <bool>`, `S token <vendor> <fp>`, `S input <kind>` | this input is being sent |
//! | `Q` | a status round trip starts: every input sent before it is handled when it ends |
//! | `K <user> <vendor> <push>` | the round trip ended (`-` for none): everything before `Q` is applied |
//! | `H upload <vendor> <bid> <fp> ok\|fail`, `H clear <vendor> <bid> ok\|fail` | the server answered |
//! | `E uploaded <user> <vendor> <bid> <fp>`, `E cleared <vendor> <bid>`, `E warning <code>`, `E store_error` | the engine emitted this event |
//! | `X <message>` | the child failed |
//! | `DONE` | the session ended normally |
//!
//! Device tokens appear only as fingerprints (`fp:…`).

use pushlane::StoreWrite;
use std::fmt;

/// One line of the child's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Started { device: String, vendor: String },
    Write(StoreWrite),
    Sent(Sent),
    Query,
    Acked(Ack),
    Host(HostCall),
    Event(Seen),
    Error(String),
    Done,
}

/// An input the child sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Login(String),
    /// `logout`, `kicked_offline` or `user_sig_expired`.
    End(String),
    Push(bool),
    Token {
        vendor: String,
        fp: String,
    },
    /// Any other input, by kind (nothing of it persists).
    Input(String),
}

/// The state a status round trip saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ack {
    pub user: Option<String>,
    pub vendor: Option<String>,
    pub push: bool,
}

/// A network call the (simulated) server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostCall {
    Upload {
        vendor: String,
        business_id: u32,
        fp: String,
        ok: bool,
    },
    Clear {
        vendor: String,
        business_id: u32,
        ok: bool,
    },
}

/// An event the engine emitted that the checks use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    Uploaded {
        user: Option<String>,
        vendor: String,
        business_id: u32,
        fp: String,
    },
    Cleared {
        vendor: String,
        business_id: u32,
    },
    Warning(String),
    StoreError,
}

fn opt(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("-")
}

fn ok_word(ok: bool) -> &'static str {
    if ok {
        "ok"
    } else {
        "fail"
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Line::Started { device, vendor } => write!(f, "V {device} {vendor}"),
            Line::Write(write) => {
                let json = serde_json::to_string(write).map_err(|_| fmt::Error)?;
                write!(f, "W {json}")
            }
            Line::Sent(Sent::Login(user)) => write!(f, "S login {user}"),
            Line::Sent(Sent::End(kind)) => write!(f, "S end {kind}"),
            Line::Sent(Sent::Push(on)) => write!(f, "S push {on}"),
            Line::Sent(Sent::Token { vendor, fp }) => write!(f, "S token {vendor} {fp}"),
            Line::Sent(Sent::Input(kind)) => write!(f, "S input {kind}"),
            Line::Query => f.write_str("Q"),
            Line::Acked(ack) => write!(f, "K {} {} {}", opt(&ack.user), opt(&ack.vendor), ack.push),
            Line::Host(HostCall::Upload {
                vendor,
                business_id,
                fp,
                ok,
            }) => write!(f, "H upload {vendor} {business_id} {fp} {}", ok_word(*ok)),
            Line::Host(HostCall::Clear {
                vendor,
                business_id,
                ok,
            }) => write!(f, "H clear {vendor} {business_id} {}", ok_word(*ok)),
            Line::Event(Seen::Uploaded {
                user,
                vendor,
                business_id,
                fp,
            }) => write!(f, "E uploaded {} {vendor} {business_id} {fp}", opt(user)),
            Line::Event(Seen::Cleared {
                vendor,
                business_id,
            }) => write!(f, "E cleared {vendor} {business_id}"),
            Line::Event(Seen::Warning(code)) => write!(f, "E warning {code}"),
            Line::Event(Seen::StoreError) => f.write_str("E store_error"),
            Line::Error(message) => write!(f, "X {}", message.replace('\n', " ")),
            Line::Done => f.write_str("DONE"),
        }
    }
}

/// A line the parent cannot read (the child and parent disagree, or the child printed junk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: String,
    pub reason: String,
}

impl fmt::Display for BadLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unreadable child line {:?}: {}", self.line, self.reason)
    }
}

impl Line {
    /// Reads one line of the child's report.
    pub fn parse(text: &str) -> Result<Line, BadLine> {
        let bad = |reason: &str| BadLine {
            line: text.to_string(),
            reason: reason.to_string(),
        };
        if let Some(json) = text.strip_prefix("W ") {
            return serde_json::from_str(json)
                .map(Line::Write)
                .map_err(|e| bad(&format!("store write: {e}")));
        }
        if let Some(message) = text.strip_prefix("X ") {
            return Ok(Line::Error(message.to_string()));
        }
        let words: Vec<&str> = text.split(' ').collect();
        let word = |i: usize| words.get(i).copied().ok_or_else(|| bad("too few fields"));
        let user = |i: usize| word(i).map(|w| (w != "-").then(|| w.to_string()));
        let number = |i: usize| {
            word(i)?
                .parse::<u32>()
                .map_err(|_| bad("business id is not a number"))
        };
        let flag = |i: usize| match word(i)? {
            "true" | "ok" => Ok(true),
            "false" | "fail" => Ok(false),
            _ => Err(bad("expected true/false or ok/fail")),
        };
        let line = match (word(0)?, words.get(1).copied()) {
            ("DONE", None) => Line::Done,
            ("Q", None) => Line::Query,
            ("V", _) => Line::Started {
                device: word(1)?.to_string(),
                vendor: word(2)?.to_string(),
            },
            ("S", Some("login")) => Line::Sent(Sent::Login(word(2)?.to_string())),
            ("S", Some("end")) => Line::Sent(Sent::End(word(2)?.to_string())),
            ("S", Some("push")) => Line::Sent(Sent::Push(flag(2)?)),
            ("S", Some("token")) => Line::Sent(Sent::Token {
                vendor: word(2)?.to_string(),
                fp: word(3)?.to_string(),
            }),
            ("S", Some("input")) => Line::Sent(Sent::Input(word(2)?.to_string())),
            ("K", _) => Line::Acked(Ack {
                user: user(1)?,
                vendor: user(2)?,
                push: flag(3)?,
            }),
            ("H", Some("upload")) => Line::Host(HostCall::Upload {
                vendor: word(2)?.to_string(),
                business_id: number(3)?,
                fp: word(4)?.to_string(),
                ok: flag(5)?,
            }),
            ("H", Some("clear")) => Line::Host(HostCall::Clear {
                vendor: word(2)?.to_string(),
                business_id: number(3)?,
                ok: flag(4)?,
            }),
            ("E", Some("uploaded")) => Line::Event(Seen::Uploaded {
                user: user(2)?,
                vendor: word(3)?.to_string(),
                business_id: number(4)?,
                fp: word(5)?.to_string(),
            }),
            ("E", Some("cleared")) => Line::Event(Seen::Cleared {
                vendor: word(2)?.to_string(),
                business_id: number(3)?,
            }),
            ("E", Some("warning")) => Line::Event(Seen::Warning(word(2)?.to_string())),
            ("E", Some("store_error")) => Line::Event(Seen::StoreError),
            _ => return Err(bad("unknown line")),
        };
        Ok(line)
    }

    /// A short name of the line's kind (for kill-point phases).
    pub fn tag(&self) -> &'static str {
        match self {
            Line::Started { .. } => "started",
            Line::Write(_) => "write",
            Line::Sent(_) => "sent",
            Line::Query => "query",
            Line::Acked(_) => "acked",
            Line::Host(HostCall::Upload { .. }) => "server_upload",
            Line::Host(HostCall::Clear { .. }) => "server_clear",
            Line::Event(_) => "event",
            Line::Error(_) => "error",
            Line::Done => "done",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane::UploadRecord;

    #[test]
    fn every_line_reads_back_as_written() {
        let lines = vec![
            Line::Started {
                device: "xiaomi".into(),
                vendor: "xiaomi".into(),
            },
            Line::Write(StoreWrite::UploadRecord {
                record: Some(UploadRecord {
                    user_id: "alice".into(),
                    vendor: "xiaomi".into(),
                    business_id: 10001,
                    token: "fp:0123abcd".into(),
                }),
            }),
            Line::Write(StoreWrite::PushEnabled { enabled: false }),
            Line::Sent(Sent::Login("bob".into())),
            Line::Sent(Sent::End("kicked_offline".into())),
            Line::Sent(Sent::Push(true)),
            Line::Sent(Sent::Token {
                vendor: "fcm".into(),
                fp: "fp:00000001".into(),
            }),
            Line::Sent(Sent::Input("unread".into())),
            Line::Query,
            Line::Acked(Ack {
                user: None,
                vendor: Some("fcm".into()),
                push: false,
            }),
            Line::Host(HostCall::Upload {
                vendor: "fcm".into(),
                business_id: 20001,
                fp: "fp:00000001".into(),
                ok: false,
            }),
            Line::Host(HostCall::Clear {
                vendor: "fcm".into(),
                business_id: 20001,
                ok: true,
            }),
            Line::Event(Seen::Uploaded {
                user: Some("alice".into()),
                vendor: "fcm".into(),
                business_id: 20001,
                fp: "fp:00000001".into(),
            }),
            Line::Event(Seen::Cleared {
                vendor: "fcm".into(),
                business_id: 20001,
            }),
            Line::Event(Seen::Warning("store_reset".into())),
            Line::Event(Seen::StoreError),
            Line::Error("engine did not start: disk full".into()),
            Line::Done,
        ];
        for line in lines {
            let text = line.to_string();
            assert_eq!(Line::parse(&text), Ok(line), "{text}");
        }
    }

    #[test]
    fn junk_is_refused_with_the_line_and_the_reason() {
        for text in [
            "",
            "Z",
            "H upload fcm x fp:1 ok",
            "S push maybe",
            "W {}",
            "K alice",
        ] {
            let err = Line::parse(text).unwrap_err();
            assert_eq!(err.line, text);
            assert!(err.to_string().contains("unreadable child line"), "{err}");
        }
    }
}
