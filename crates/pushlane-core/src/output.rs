//! What the machine yields, in order: store writes, effects and events.

use crate::effect::Effect;
use crate::event::Event;
use crate::persist::StoreWrite;
use serde_json::{Map, Value};

/// One item the machine yields for an input.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Write this to the store before performing anything that follows.
    Persist(StoreWrite),
    /// Ask the host to do this.
    Effect(Effect),
    /// Tell subscribers this.
    Event(Event),
}

impl Output {
    /// The trace line of scenario.md (`{"at_ms":…,"kind":"effect","type":…, fields…}`);
    /// `None` for store writes, which traces do not show.
    pub fn trace_line(&self, at_ms: u64) -> Option<Value> {
        let (kind, body) = match self {
            Output::Persist(_) => return None,
            Output::Effect(effect) => ("effect", serde_json::to_value(effect).ok()?),
            Output::Event(event) => ("event", serde_json::to_value(event).ok()?),
        };
        Some(trace_object(at_ms, kind, body))
    }

    pub fn as_effect(&self) -> Option<&Effect> {
        match self {
            Output::Effect(e) => Some(e),
            _ => None,
        }
    }

    pub fn as_event(&self) -> Option<&Event> {
        match self {
            Output::Event(e) => Some(e),
            _ => None,
        }
    }
}

/// `{"at_ms", "kind", …body}` with the keys in that order first.
pub fn trace_object(at_ms: u64, kind: &str, body: Value) -> Value {
    let mut line = Map::new();
    line.insert("at_ms".into(), Value::from(at_ms));
    line.insert("kind".into(), Value::from(kind));
    if let Value::Object(fields) = body {
        // `type` first, then the rest in their order.
        if let Some(t) = fields.get("type") {
            line.insert("type".into(), t.clone());
        }
        for (k, v) in fields {
            if k != "type" {
                line.insert(k, v);
            }
        }
    }
    Value::Object(line)
}

/// A short, stable fingerprint of a secret (device token, app secret) for logs and journals:
/// FNV-1a 64 of the text, the first 8 hex digits, e.g. `fp:9f2c01ab`.
pub fn fingerprint(secret: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in secret.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let high = hash >> 32;
    let mut text = String::with_capacity(11);
    text.push_str("fp:");
    for shift in (0..8).rev() {
        text.push(char::from(HEX[((high >> (shift * 4)) & 0xf) as usize]));
    }
    text
}

/// Whether the text already is a [`fingerprint`] (`fp:` and 8 hex digits): journals and
/// replayed traces carry tokens in this form, and fingerprinting one again must not happen.
pub fn is_fingerprint(text: &str) -> bool {
    text.strip_prefix("fp:")
        .is_some_and(|hex| hex.len() == 8 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_fnv1a_64_high_half_in_lower_hex() {
        // FNV-1a 64 of "" is the offset basis, cbf29ce484222325; of "a", af63dc4c8601ec8c.
        assert_eq!(fingerprint(""), "fp:cbf29ce4");
        assert_eq!(fingerprint("a"), "fp:af63dc4c");
        assert_eq!(
            fingerprint("a"),
            format!("fp:{:08x}", 0xaf63_dc4c_8601_ec8c_u64 >> 32)
        );
    }

    #[test]
    fn fingerprints_are_recognised() {
        let fp = fingerprint("secret-token");
        assert!(fp.starts_with("fp:") && fp.len() == 11, "{fp}");
        assert!(is_fingerprint(&fp));
        assert!(is_fingerprint("fp:9F2C01AB"));
    }

    #[test]
    fn other_text_is_not_a_fingerprint() {
        for text in [
            "",
            "fp:",
            "fp:xyz",
            "fp:9f2c01a",
            "fp:9f2c01abc",
            "fp:9f2c01ag",
            "9f2c01ab",
            "FP:9f2c01ab",
            "secret-token",
        ] {
            assert!(!is_fingerprint(text), "{text}");
        }
    }
}
