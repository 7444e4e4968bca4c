//! Printing traces (scenario.md "Trace"): `jsonl`, one compact JSON object per line, or
//! `pretty`, a timeline for people (colours only on a terminal, tokens shortened).

use crate::error::CliError;
use crate::Format;
use pushlane::{fingerprint, trace_object, Input, Output};
use serde_json::Value;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

/// Where trace lines go.
pub struct TraceWriter<W: Write> {
    out: W,
    format: Format,
    colour: bool,
    /// Writing stopped because the reader went away (`| head`): the rest is dropped quietly.
    closed: bool,
}

impl TraceWriter<io::BufWriter<io::Stdout>> {
    /// Standard output, coloured when it is a terminal and `NO_COLOR` is unset.
    pub fn stdout(format: Format) -> Self {
        let colour =
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        TraceWriter::new(io::BufWriter::new(io::stdout()), format, colour)
    }
}

impl<W: Write> TraceWriter<W> {
    pub fn new(out: W, format: Format, colour: bool) -> Self {
        TraceWriter {
            out,
            format,
            colour,
            closed: false,
        }
    }

    /// An input line.
    pub fn input(&mut self, at_ms: u64, input: &Input) -> Result<(), CliError> {
        let body = serde_json::to_value(input).map_err(|e| CliError::Engine(e.to_string()))?;
        self.line(&trace_object(at_ms, "input", body))
    }

    /// The simulator's `restart` input line.
    pub fn restart(&mut self, at_ms: u64) -> Result<(), CliError> {
        self.line(&trace_object(
            at_ms,
            "input",
            serde_json::json!({ "type": "restart" }),
        ))
    }

    /// An effect or event line (store writes print nothing).
    pub fn output(&mut self, at_ms: u64, output: &Output) -> Result<(), CliError> {
        match output.trace_line(at_ms) {
            Some(line) => self.line(&line),
            None => Ok(()),
        }
    }

    /// A comment for people (pretty format only; jsonl stays pure data).
    pub fn note(&mut self, text: &str) -> Result<(), CliError> {
        if self.format != Format::Pretty {
            return Ok(());
        }
        let text = if self.colour {
            format!("{DIM}# {text}{RESET}")
        } else {
            format!("# {text}")
        };
        self.write_text(&text)
    }

    /// One trace line in the chosen format.
    pub fn line(&mut self, line: &Value) -> Result<(), CliError> {
        let text = match self.format {
            Format::Jsonl => line.to_string(),
            Format::Pretty => pretty_line(line, self.colour),
        };
        self.write_text(&text)
    }

    fn write_text(&mut self, text: &str) -> Result<(), CliError> {
        if self.closed {
            return Ok(());
        }
        match writeln!(self.out, "{text}") {
            Ok(()) => Ok(()),
            Err(e) => self.failed(e),
        }
    }

    pub fn flush(&mut self) -> Result<(), CliError> {
        if self.closed {
            return Ok(());
        }
        match self.out.flush() {
            Ok(()) => Ok(()),
            Err(e) => self.failed(e),
        }
    }

    fn failed(&mut self, err: io::Error) -> Result<(), CliError> {
        if err.kind() == io::ErrorKind::BrokenPipe {
            self.closed = true;
            Ok(())
        } else {
            Err(CliError::io(Path::new("<stdout>"), err))
        }
    }

    #[cfg(test)]
    pub fn into_inner(self) -> W {
        self.out
    }
}

const RESET: &str = "\x1b[0m";
const DIM: &str = "\x1b[2m";
const BOLD_CYAN: &str = "\x1b[1;36m";
const BOLD_MAGENTA: &str = "\x1b[1;35m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const RED: &str = "\x1b[31m";
const BLUE: &str = "\x1b[34m";

/// `   5.100s  effect  upload_token      effect_id=1 vendor=xiaomi … token=mi-t…[fp:…]`
pub fn pretty_line(line: &Value, colour: bool) -> String {
    let at_ms = line.get("at_ms").and_then(Value::as_u64).unwrap_or(0);
    let kind = line.get("kind").and_then(Value::as_str).unwrap_or("?");
    let kind_name = line.get("type").and_then(Value::as_str).unwrap_or("?");
    let mut fields = Vec::new();
    if let Value::Object(map) = line {
        for (key, value) in map {
            if key == "at_ms" || key == "kind" || key == "type" {
                continue;
            }
            fields.push(format!("{key}={}", pretty_value(key, value)));
        }
    }
    let time = format!("{:>4}.{:03}s", at_ms / 1000, at_ms % 1000);
    let fields = fields.join(" ");
    // The name is padded to line up the fields, and not padded when nothing follows it.
    let name = if fields.is_empty() {
        kind_name.to_string()
    } else {
        format!("{kind_name:<23}")
    };
    let sep = if fields.is_empty() { "" } else { " " };
    if !colour {
        return format!("{time}  {kind:<6}  {name}{sep}{fields}");
    }
    let style = match (kind, kind_name) {
        ("input", "restart") => BOLD_MAGENTA,
        ("input", _) => BOLD_CYAN,
        ("effect", _) => GREEN,
        (_, "warning" | "store_error") => YELLOW,
        (_, name) if name.ends_with("_failed") => RED,
        (_, "state_changed" | "ignored") => DIM,
        _ => BLUE,
    };
    format!("{DIM}{time}{RESET}  {style}{kind:<6}  {name}{RESET}{sep}{fields}")
}

fn pretty_value(key: &str, value: &Value) -> String {
    match value {
        Value::String(s) if key == "token" => shorten_token(s),
        Value::String(s) => {
            let plain = !s.is_empty()
                && s.chars()
                    .all(|c| c.is_alphanumeric() || "_-.:/@+".contains(c));
            if plain {
                s.clone()
            } else {
                Value::String(s.clone()).to_string()
            }
        }
        other => other.to_string(),
    }
}

/// A device token for people: its first few characters and its fingerprint, never all of it.
pub fn shorten_token(token: &str) -> String {
    if token.is_empty() {
        return "\"\"".to_string();
    }
    if is_fingerprint(token) {
        // Journals carry tokens as fingerprints already.
        return token.to_string();
    }
    let count = token.chars().count();
    let prefix: String = token.chars().take((count / 2).min(4)).collect();
    format!("{prefix}…[{}]", fingerprint(token))
}

fn is_fingerprint(text: &str) -> bool {
    text.strip_prefix("fp:")
        .is_some_and(|hex| hex.len() == 8 && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pretty_lines_shorten_tokens_and_show_seconds() {
        let line = json!({"at_ms":5100,"kind":"effect","type":"upload_token","effect_id":1,
            "vendor":"xiaomi","business_id":10001,"token":"mi-token-1"});
        let text = pretty_line(&line, false);
        assert!(
            text.starts_with("   5.100s  effect  upload_token"),
            "{text}"
        );
        assert!(text.contains("token=mi-t…[fp:"), "{text}");
        assert!(!text.contains("mi-token-1"), "{text}");
        assert!(!text.contains('\x1b'));
        assert!(pretty_line(&line, true).contains('\x1b'));
    }

    #[test]
    fn jsonl_is_compact_and_ordered() {
        let mut w = TraceWriter::new(Vec::new(), Format::Jsonl, false);
        w.input(
            200,
            &Input::Login {
                user_id: "alice".into(),
            },
        )
        .unwrap();
        w.restart(300).unwrap();
        w.note("not in jsonl").unwrap();
        let text = String::from_utf8(w.into_inner()).unwrap();
        assert_eq!(
            text,
            "{\"at_ms\":200,\"kind\":\"input\",\"type\":\"login\",\"user_id\":\"alice\"}\n\
             {\"at_ms\":300,\"kind\":\"input\",\"type\":\"restart\"}\n"
        );
    }
}
