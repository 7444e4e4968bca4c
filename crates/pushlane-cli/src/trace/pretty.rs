//! The `pretty` trace line (scenario.md "Trace"): time, kind, name and `key=value` fields,
//! styled by kind, with tokens shortened to a prefix and a fingerprint.

use anstyle::{AnsiColor, Style};
use pushlane::{fingerprint, is_fingerprint};
use serde_json::Value;

pub(super) const DIM: Style = Style::new().dimmed();
const INPUT: Style = AnsiColor::Cyan.on_default().bold();
const RESTART: Style = AnsiColor::Magenta.on_default().bold();
pub(super) const EFFECT: Style = AnsiColor::Green.on_default();
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

    #[test]
    fn fingerprints_are_shown_as_they_are() {
        let fp = fingerprint("mi-token-1");
        assert_eq!(shorten_token(&fp), fp);
        assert_eq!(shorten_token(""), "\"\"");
        assert_eq!(shorten_token("ab"), format!("a…[{}]", fingerprint("ab")));
    }
}
