//! Printing traces (scenario.md "Trace"): `jsonl`, one compact JSON object per line, or
//! `pretty`, a timeline for people (colours only on a terminal, tokens shortened).
//!
//! `jsonl` is exact data. `pretty` is for people: a token field is shortened, and every other
//! string shows each secret the writer knows (the tokens of the lines it printed, and what the
//! engine knows: [`TraceWriter::learn`]) as its fingerprint, wherever it is quoted.
//!
//! Pretty lines are always written with their [`anstyle`] styles; the [`AutoStream`] they go
//! through drops the escape codes when standard output is not a terminal, or `NO_COLOR` (or
//! `CLICOLOR=0`) is set, and keeps them with `CLICOLOR_FORCE`.

use crate::error::CliError;
use crate::Format;
use anstream::AutoStream;
use anstyle::{AnsiColor, Style};
use pushlane::{fingerprint, is_fingerprint, trace_object, Input, Output, Secrets};
use serde_json::Value;
use std::io::{self, Write};

/// Where trace lines go.
pub struct TraceWriter<W: Write> {
    out: W,
    format: Format,
    /// Writing stopped because the reader went away (`| head`): the rest is dropped quietly.
    closed: bool,
    /// Secrets the pretty format shows as fingerprints.
    secrets: Secrets,
}

impl TraceWriter<io::BufWriter<AutoStream<io::StdoutLock<'static>>>> {
    /// Standard output, coloured as [`AutoStream`] decides for it.
    pub fn stdout(format: Format) -> Self {
        let out = AutoStream::auto(io::stdout()).lock();
        TraceWriter::new(io::BufWriter::new(out), format)
    }
}

impl<W: Write> TraceWriter<W> {
    /// Writes to `out` as it is: styles reach it as escape codes, so `out` is an
    /// [`AutoStream`] (or anything else that handles them).
    pub fn new(out: W, format: Format) -> Self {
        TraceWriter {
            out,
            format,
            closed: false,
            secrets: Secrets::default(),
        }
    }

    /// Learns secrets to hide from people: the engine's (its config's keys and secrets, its
    /// stored and reported tokens). Tokens of the lines written are learnt anyway.
    pub fn learn(&mut self, secrets: &Secrets) {
        self.secrets.learn_all(secrets);
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
        let text = self.secrets.scrub(text).into_owned();
        self.write_text(&format!("{DIM}# {text}{DIM:#}"))
    }

    /// One trace line in the chosen format.
    pub fn line(&mut self, line: &Value) -> Result<(), CliError> {
        if let Some(token) = line.get("token").and_then(Value::as_str) {
            self.secrets.learn_token(token);
        }
        let text = match self.format {
            Format::Jsonl => line.to_string(),
            Format::Pretty => pretty_line(&self.scrubbed(line)),
        };
        self.write_text(&text)
    }

    /// The line with every known secret in its strings as a fingerprint; the token field is
    /// left to [`shorten_token`].
    fn scrubbed(&self, line: &Value) -> Value {
        let mut line = line.clone();
        if let Value::Object(fields) = &mut line {
            for (_, value) in fields.iter_mut().filter(|(key, _)| *key != "token") {
                self.secrets.scrub_value(value);
            }
        }
        line
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

    /// A closed pipe stops the output quietly; anything else is an error (`crate::output`).
    fn failed(&mut self, err: io::Error) -> Result<(), CliError> {
        crate::output::unless_closed(err)?;
        self.closed = true;
        Ok(())
    }

    #[cfg(test)]
    pub fn into_inner(self) -> W {
        self.out
    }
}

const DIM: Style = Style::new().dimmed();
const INPUT: Style = AnsiColor::Cyan.on_default().bold();
const RESTART: Style = AnsiColor::Magenta.on_default().bold();
const EFFECT: Style = AnsiColor::Green.on_default();
const WARNING: Style = AnsiColor::Yellow.on_default();
const FAILED: Style = AnsiColor::Red.on_default();
const EVENT: Style = AnsiColor::Blue.on_default();

/// `   5.100s  effect  upload_token      effect_id=1 vendor=xiaomi … token=mi-t…[fp:…]`, styled
/// by kind (the stream drops the styles where colour is off).
pub fn pretty_line(line: &Value) -> String {
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
    let style = match (kind, kind_name) {
        ("input", "restart") => RESTART,
        ("input", _) => INPUT,
        ("effect", _) => EFFECT,
        (_, "warning" | "store_error") => WARNING,
        (_, name) if name.ends_with("_failed") => FAILED,
        (_, "state_changed" | "ignored") => DIM,
        _ => EVENT,
    };
    format!("{DIM}{time}{DIM:#}  {style}{kind:<6}  {name}{style:#}{sep}{fields}")
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn upload_line() -> Value {
        json!({"at_ms":5100,"kind":"effect","type":"upload_token","effect_id":1,
            "vendor":"xiaomi","business_id":10001,"token":"mi-token-1"})
    }

    /// What a pretty trace of one input, one effect and a note looks like through `stream`.
    fn pretty_through(stream: AutoStream<Vec<u8>>) -> String {
        let mut w = TraceWriter::new(stream, Format::Pretty);
        w.input(0, &Input::SdkInitialized).unwrap();
        w.line(&upload_line()).unwrap();
        w.note("a note").unwrap();
        w.flush().unwrap();
        String::from_utf8(w.into_inner().into_inner()).unwrap()
    }

    #[test]
    fn pretty_lines_shorten_tokens_and_show_seconds() {
        let plain = pretty_through(AutoStream::never(Vec::new()));
        let lines: Vec<&str> = plain.lines().collect();
        assert_eq!(lines[0], "   0.000s  input   sdk_initialized", "{plain}");
        assert!(
            lines[1].starts_with("   5.100s  effect  upload_token            effect_id=1"),
            "{plain}"
        );
        assert!(lines[1].contains("token=mi-t…[fp:"), "{plain}");
        assert!(!plain.contains("mi-token-1"), "{plain}");
        assert_eq!(lines[2], "# a note");
        assert!(!plain.contains('\x1b'), "{plain:?}");
    }

    #[test]
    fn colour_on_adds_styles_around_the_same_text() {
        let coloured = pretty_through(AutoStream::always_ansi(Vec::new()));
        assert!(coloured.contains('\x1b'), "{coloured:?}");
        assert!(
            coloured.contains(&format!("{EFFECT}effect  upload_token")),
            "{coloured:?}"
        );
        assert!(
            coloured.contains(&format!("{DIM}# a note{DIM:#}")),
            "{coloured:?}"
        );
        let stripped = anstream::adapter::strip_str(&coloured).to_string();
        assert_eq!(stripped, pretty_through(AutoStream::never(Vec::new())));
    }

    #[test]
    fn pretty_lines_show_known_secrets_quoted_anywhere_as_fingerprints() {
        let mut w = TraceWriter::new(AutoStream::never(Vec::new()), Format::Pretty);
        w.line(&upload_line()).unwrap();
        let mut engine = Secrets::default();
        engine.learn_token("app-secret-1");
        w.learn(&engine);
        w.line(
            &json!({"at_ms": 6000, "kind": "input", "type": "vendor_error",
            "reason": "mi-token-1 refused with app-secret-1"}),
        )
        .unwrap();
        w.note("about mi-token-1").unwrap();
        let text = String::from_utf8(w.into_inner().into_inner()).unwrap();
        assert!(
            !text.contains("mi-token-1") && !text.contains("app-secret-1"),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "reason=\"{} refused with {}\"",
                fingerprint("mi-token-1"),
                fingerprint("app-secret-1")
            )),
            "{text}"
        );
        // JSONL stays exact.
        let mut w = TraceWriter::new(Vec::new(), Format::Jsonl);
        w.learn(&engine);
        w.line(&json!({"reason": "app-secret-1"})).unwrap();
        assert!(String::from_utf8(w.into_inner())
            .unwrap()
            .contains("app-secret-1"));
    }

    #[test]
    fn fingerprints_are_shown_as_they_are() {
        let fp = fingerprint("mi-token-1");
        assert_eq!(shorten_token(&fp), fp);
        assert_eq!(shorten_token(""), "\"\"");
        assert_eq!(shorten_token("ab"), format!("a…[{}]", fingerprint("ab")));
    }

    #[test]
    fn jsonl_is_compact_and_ordered() {
        let mut w = TraceWriter::new(Vec::new(), Format::Jsonl);
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
