//! Printing traces (scenario.md "Trace"): `jsonl`, one compact JSON object per line;
//! `pretty`, a timeline for people (colours only on a terminal, tokens shortened); `html`, a
//! self-contained timeline page; `mermaid`, a sequence diagram ([`crate::timeline`]).
//!
//! `jsonl` is exact data. The other formats are for people: a token field is shortened, and
//! every other string shows each secret the writer knows (the tokens of the lines it printed,
//! and what the engine knows: [`TraceWriter::learn`]) as its fingerprint, wherever it is quoted.
//! `pretty` prints each line as it comes; `html` and `mermaid` collect the lines and render the
//! whole run in [`TraceWriter::finish`], hiding every secret known by then.
//!
//! Pretty lines are always written with their [`anstyle`] styles; the [`AutoStream`] they go
//! through drops the escape codes when standard output is not a terminal, or `NO_COLOR` (or
//! `CLICOLOR=0`) is set, and keeps them with `CLICOLOR_FORCE`.

mod pretty;

use crate::error::CliError;
use crate::timeline;
use crate::Format;
use anstream::AutoStream;
use pretty::DIM;
pub use pretty::{pretty_line, shorten_token};
use pushlane::{trace_object, Input, Output, Secrets};
use serde_json::Value;
use std::io::{self, Write};

/// Where trace lines go.
pub struct TraceWriter<W: Write> {
    out: W,
    format: Format,
    /// Writing stopped because the reader went away (`| head`): the rest is dropped quietly.
    closed: bool,
    /// Secrets the formats for people show as fingerprints.
    secrets: Secrets,
    /// `html` and `mermaid`: the run so far, rendered by [`TraceWriter::finish`].
    collected: Option<Collected>,
}

/// What a whole-run format collects until it is rendered.
#[derive(Default)]
struct Collected {
    /// The page's or diagram's title ([`TraceWriter::set_title`]).
    title: Option<String>,
    /// Trace lines as [`TraceWriter::line`] got them (exact; hidden at render time).
    lines: Vec<Value>,
    /// Notes for people, in order.
    notes: Vec<String>,
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
            collected: matches!(format, Format::Html | Format::Mermaid).then(Collected::default),
        }
    }

    /// The title of an `html` page or a `mermaid` diagram: the scenario's name, or the
    /// journal's file name. Without one, the first note is the title.
    pub fn set_title(&mut self, title: &str) {
        if let Some(collected) = self.collected.as_mut() {
            collected.title = Some(title.to_string());
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

    /// A comment for people (jsonl stays pure data; `html` shows notes in its header, and
    /// `mermaid` as notes at the end).
    pub fn note(&mut self, text: &str) -> Result<(), CliError> {
        match self.format {
            Format::Jsonl => Ok(()),
            Format::Pretty => {
                let text = self.secrets.scrub(text).into_owned();
                self.write_text(&format!("{DIM}# {text}{DIM:#}"))
            }
            Format::Html | Format::Mermaid => {
                if let Some(collected) = self.collected.as_mut() {
                    collected.notes.push(text.to_string());
                }
                Ok(())
            }
        }
    }

    /// One trace line in the chosen format.
    pub fn line(&mut self, line: &Value) -> Result<(), CliError> {
        if let Some(token) = line.get("token").and_then(Value::as_str) {
            self.secrets.learn_token(token);
        }
        let text = match self.format {
            Format::Jsonl => line.to_string(),
            Format::Pretty => pretty_line(&self.scrubbed(line)),
            Format::Html | Format::Mermaid => {
                if let Some(collected) = self.collected.as_mut() {
                    collected.lines.push(line.clone());
                }
                return Ok(());
            }
        };
        self.write_text(&text)
    }

    /// Ends the trace: `html` and `mermaid` render the whole run now (secrets hidden as known
    /// at this point); every format is flushed. Call it once, after the last line.
    pub fn finish(&mut self) -> Result<(), CliError> {
        if let Some(collected) = self.collected.take() {
            let text = self.render(&collected);
            self.write_text(&text)?;
        }
        self.flush()
    }

    /// The collected run as a page or a diagram, for people.
    fn render(&self, collected: &Collected) -> String {
        let notes: Vec<String> = collected
            .notes
            .iter()
            .map(|note| self.secrets.scrub(note).into_owned())
            .collect();
        let title = match &collected.title {
            Some(title) => self.secrets.scrub(title).into_owned(),
            None => notes.first().cloned().unwrap_or_default(),
        };
        // The pretty trace's heading is the scenario's name: here it is the title already.
        let notes: Vec<String> = notes.into_iter().filter(|n| *n != title).collect();
        let items: Vec<Value> = collected
            .lines
            .iter()
            .map(|line| self.for_people(line))
            .collect();
        let run = timeline::Run {
            title: &title,
            items: &items,
            notes: &notes,
        };
        match self.format {
            Format::Mermaid => timeline::sequence::diagram(&run),
            _ => timeline::html::page(&run),
        }
    }

    /// The line as people see it: [`Self::scrubbed`], with the token field shortened as
    /// `pretty` shows it.
    fn for_people(&self, line: &Value) -> Value {
        let mut line = self.scrubbed(line);
        if let Some(token) = line.get_mut("token") {
            if let Value::String(text) = token {
                *token = Value::String(shorten_token(text));
            }
        }
        line
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

#[cfg(test)]
mod tests {
    use super::pretty::EFFECT;
    use super::*;
    use pushlane::fingerprint;
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

    /// What a writer in `format` writes for an upload line, a secret learnt after it, a vendor
    /// error quoting both, and two notes (the first the title); `finish` renders when asked.
    fn whole_run(format: Format, finish: bool) -> String {
        let mut w = TraceWriter::new(Vec::new(), format);
        w.set_title("Upload </script> test");
        w.note("Upload </script> test").unwrap();
        w.line(&upload_line()).unwrap();
        let mut engine = Secrets::default();
        engine.learn_token("app-secret-1");
        w.learn(&engine);
        w.line(
            &json!({"at_ms": 6000, "kind": "input", "type": "vendor_error",
            "reason": "mi-token-1 refused with app-secret-1"}),
        )
        .unwrap();
        w.note("stopped with app-secret-1 pending").unwrap();
        if finish {
            w.finish().unwrap();
            // A second finish renders nothing more.
            w.finish().unwrap();
        }
        String::from_utf8(w.into_inner()).unwrap()
    }

    #[test]
    fn whole_run_formats_write_once_at_finish_with_every_secret_hidden() {
        for format in [Format::Html, Format::Mermaid] {
            assert_eq!(
                whole_run(format, false),
                "",
                "{format:?} writes nothing before finish"
            );
            let text = whole_run(format, true);
            assert!(
                !text.contains("mi-token-1") && !text.contains("app-secret-1"),
                "{format:?}: {text}"
            );
            assert!(
                text.contains(&fingerprint("app-secret-1")),
                "{format:?}: {text}"
            );
            assert!(text.contains("mi-t…[fp:"), "{format:?}: {text}");
            assert!(
                text.contains("pending"),
                "{format:?}: the second note is shown"
            );
            let start = match format {
                Format::Html => "<!DOCTYPE html>",
                _ => "sequenceDiagram",
            };
            assert_eq!(text.matches(start).count(), 1, "{format:?}: rendered once");
        }
        let page = whole_run(Format::Html, true);
        assert!(
            page.contains("<title>Upload &lt;&#47;script&gt; test</title>"),
            "{page}"
        );
    }
}
