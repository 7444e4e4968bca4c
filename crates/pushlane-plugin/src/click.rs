//! Reading raw clicks (vendors.md §4): shared helpers every normaliser builds on.
//!
//! A payload is a JSON object or a string holding an intent URI. `ext` may be a JSON string or
//! an already-decoded object; both come out as text. A top-level `entity` key (TUIKit's
//! business JSON) is read as `ext = {"entity": …}` from every source.

use serde::Serialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use thiserror::Error;

/// What every normaliser yields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct NormalisedClick {
    /// The business JSON as text (absent for a plain notification).
    pub ext: Option<String>,
    pub title: Option<String>,
    pub body: Option<String>,
    pub msg_id: Option<String>,
    /// Parts of the payload the vendor's form says hold JSON that could not be read (a
    /// Huawei `data` that is not a JSON object, …), one sentence each. The click is still
    /// delivered with what the rest of the payload gave; the engine warns
    /// `click_payload_unreadable` with these (lifecycle.md §8).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<String>,
}

impl NormalisedClick {
    /// The nested payload under `key` that this form reads (a vendor's `data`,
    /// `customMessage`, `key_message`, …): an object, or a string holding one. Absent, null or
    /// an empty string: `None`. Anything else cannot be read: `None`, and the click notes it
    /// (under the name `path`, e.g. `key_message.extra`) so the engine warns.
    pub fn nested<'a>(
        &mut self,
        map: &'a Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<Cow<'a, Map<String, Value>>> {
        let value = lookup(map, key)?;
        if let Some(object) = object_in(value) {
            return Some(object);
        }
        match value {
            Value::Null => {}
            Value::String(text) if text.is_empty() => {}
            other => self.unreadable.push(format!(
                "`{path}` is not a JSON object ({})",
                match other {
                    Value::String(text) => format!("a string: {}", preview(text)),
                    other => kind_of(other).to_string(),
                }
            )),
        }
        None
    }
}

/// A payload that cannot be read at all; the engine still delivers the click with `ext: ""`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unreadable click payload: {0}")]
pub struct UnreadableClick(pub String);

/// Keys that carry the title, the body and the message id across vendors.
const TITLE_KEYS: &[&str] = &["title"];
const BODY_KEYS: &[&str] = &["content", "body", "description", "desc"];
const MSG_ID_KEYS: &[&str] = &["msgId", "msg_id", "messageId"];

/// The payload as a map: a JSON object as is (borrowed), an intent URI string as its extras.
pub fn payload_map(payload: &Value) -> Result<Cow<'_, Map<String, Value>>, UnreadableClick> {
    match payload {
        Value::Object(map) => Ok(Cow::Borrowed(map)),
        Value::String(text) => {
            let trimmed = text.trim();
            if trimmed.starts_with('{') {
                match serde_json::from_str::<Value>(trimmed) {
                    Ok(Value::Object(map)) => Ok(Cow::Owned(map)),
                    _ => Err(UnreadableClick(format!(
                        "payload string is neither JSON nor an intent URI: {}",
                        preview(trimmed)
                    ))),
                }
            } else {
                parse_intent_uri(trimmed).map(Cow::Owned)
            }
        }
        other => Err(UnreadableClick(format!(
            "payload must be an object or an intent URI string, got {}",
            kind_of(other)
        ))),
    }
}

/// `ext` as text: a string stays as it is, an object or array becomes its JSON text.
pub fn ext_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A value that is an object (borrowed), or a string holding a JSON object.
pub fn object_in(value: &Value) -> Option<Cow<'_, Map<String, Value>>> {
    match value {
        Value::Object(map) => Some(Cow::Borrowed(map)),
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Some(Cow::Owned(map)),
            _ => None,
        },
        _ => None,
    }
}

/// TUIKit's `entity` (its business JSON) as a value: an object stays as it is, a string holding
/// JSON is decoded, any other string is kept as text. Every source reads `entity` this way.
pub fn entity_value(entity: &Value) -> Option<Value> {
    match entity {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => {
            Some(serde_json::from_str::<Value>(s).unwrap_or_else(|_| entity.clone()))
        }
        other => Some(other.clone()),
    }
}

/// `ext = {"entity": …}` for TUIKit's business JSON (an object or its JSON string).
pub fn entity_ext(entity: &Value) -> Option<String> {
    let entity = entity_value(entity)?;
    Some(serde_json::json!({ "entity": entity }).to_string())
}

/// A string or number value as text (empty strings count as absent).
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first of `keys` whose value is a non-empty string or a number, as text.
pub fn first_text(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| lookup(map, k).and_then(scalar_text))
}

/// Maps of at most this many keys are searched key by key rather than hashed: a click's
/// extras are a handful, and comparing a few short keys costs less than hashing one.
const SCANNED_MAP_LEN: usize = 16;

/// `map.get(key)`, by a scan for small maps.
fn lookup<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if map.len() <= SCANNED_MAP_LEN {
        map.iter().find_map(|(k, v)| (k == key).then_some(v))
    } else {
        map.get(key)
    }
}

/// Reads a flat map: `ext` (string or object), else top-level `entity`; `title`,
/// `content`/`body`, `msgId`.
pub fn read_flat(map: &Map<String, Value>) -> NormalisedClick {
    NormalisedClick {
        ext: lookup(map, "ext")
            .and_then(ext_text)
            .or_else(|| lookup(map, "entity").and_then(entity_ext)),
        title: first_text(map, TITLE_KEYS),
        body: first_text(map, BODY_KEYS),
        msg_id: first_text(map, MSG_ID_KEYS),
        unreadable: Vec::new(),
    }
}

/// The default normaliser: a flat map of extras (or an intent URI) with `ext` or `entity`.
pub fn normalise_flat(payload: &Value) -> Result<NormalisedClick, UnreadableClick> {
    let map = payload_map(payload)?;
    Ok(read_flat(&map))
}

/// Fills what `click` lacks from `other` (used when a vendor nests fields one level down);
/// what either could not read is kept.
pub fn fill_from(mut click: NormalisedClick, other: NormalisedClick) -> NormalisedClick {
    click.ext = click.ext.or(other.ext);
    click.title = click.title.or(other.title);
    click.body = click.body.or(other.body);
    click.msg_id = click.msg_id.or(other.msg_id);
    click.unreadable.extend(other.unreadable);
    click
}

/// Parses an intent URI such as
/// `tencent_im_push://com.example.app/message?ext=…#Intent;scheme=tencent_im_push;S.ext=…;end`:
/// its query parameters and its typed extras (`S.key=value`, also `i.`, `l.`, `B.`…),
/// percent-decoded. Extras win over query parameters of the same name.
pub fn parse_intent_uri(uri: &str) -> Result<Map<String, Value>, UnreadableClick> {
    if !uri.contains("://") && !uri.starts_with("intent:") && !uri.contains("#Intent;") {
        return Err(UnreadableClick(format!(
            "payload string is not an intent URI: {}",
            preview(uri)
        )));
    }
    let (before_fragment, fragment) = match uri.split_once('#') {
        Some((a, b)) => (a, Some(b)),
        None => (uri, None),
    };
    let mut map = Map::new();
    if let Some((_, query)) = before_fragment.split_once('?') {
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            map.insert(percent_decode(key)?, Value::String(percent_decode(value)?));
        }
    }
    if let Some(fragment) = fragment {
        let body = fragment.strip_prefix("Intent;").unwrap_or(fragment);
        for part in body.split(';').filter(|p| !p.is_empty() && *p != "end") {
            let Some((typed_key, value)) = part.split_once('=') else {
                continue;
            };
            if let Some((kind, key)) = typed_key.split_once('.') {
                if kind.len() <= 2 && !key.is_empty() {
                    map.insert(percent_decode(key)?, Value::String(percent_decode(value)?));
                }
            }
        }
    }
    Ok(map)
}

/// Decodes `%XX` escapes (UTF-8); `+` stays a `+` (intent URIs are not form-encoded). A `%`
/// not followed by two hex digits, or escapes that are not UTF-8, make the payload unreadable
/// (vendors.md §4: a bad `%` escape is unreadable, not passed on as text).
pub fn percent_decode(text: &str) -> Result<String, UnreadableClick> {
    let malformed = text.split('%').skip(1).any(|after| {
        !after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return Err(UnreadableClick(format!(
            "malformed percent escape in {}",
            preview(text)
        )));
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|_| UnreadableClick(format!("escapes are not UTF-8 in {}", preview(text))))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn preview(text: &str) -> String {
    let cut: String = text.chars().take(60).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ext_as_string_or_object_gives_the_same_text() {
        let as_string = read_flat(
            json!({"ext": "{\"conversationID\":\"c2c_bob\"}"})
                .as_object()
                .unwrap(),
        );
        let as_object = read_flat(
            json!({"ext": {"conversationID": "c2c_bob"}})
                .as_object()
                .unwrap(),
        );
        assert_eq!(
            as_string.ext.as_deref(),
            Some("{\"conversationID\":\"c2c_bob\"}")
        );
        assert_eq!(as_object.ext, as_string.ext);
    }

    #[test]
    fn entity_string_is_read_as_ext_entity_object() {
        let click = read_flat(
            json!({"entity": "{\"chatType\":1,\"sender\":\"bob\"}"})
                .as_object()
                .unwrap(),
        );
        let ext: Value = serde_json::from_str(click.ext.as_deref().unwrap()).unwrap();
        assert_eq!(ext, json!({"entity": {"chatType": 1, "sender": "bob"}}));
    }

    #[test]
    fn intent_uri_query_and_typed_extras_are_percent_decoded() {
        let uri = "tencent_im_push://com.example.app/message?ext=%7B%22a%22%3A1%7D&x=1#Intent;scheme=tencent_im_push;launchFlags=0x4000000;S.ext=%7B%22conversationID%22%3A%22c2c_bob%22%7D;S.msgId=m1;end";
        let map = parse_intent_uri(uri).unwrap();
        assert_eq!(map["ext"], json!("{\"conversationID\":\"c2c_bob\"}"));
        assert_eq!(map["msgId"], json!("m1"));
        assert_eq!(map["x"], json!("1"));
        assert!(!map.contains_key("scheme"));
    }

    #[test]
    fn query_only_intent_uri_is_read() {
        let map = parse_intent_uri("app://host/path?ext=hello%20world").unwrap();
        assert_eq!(map["ext"], json!("hello world"));
    }

    #[test]
    fn malformed_escapes_are_unreadable_and_plus_is_not_a_space() {
        for uri in [
            "app://h/p?ext=%G1",
            "app://h/p?ext=100%",
            "app://h/p?ext=%4",
            "app://h/p?ext=%4g",
            "app://h/p#Intent;S.ext=%zz;end",
        ] {
            let err = parse_intent_uri(uri).unwrap_err();
            assert!(err.0.contains("malformed percent escape"), "{uri}: {err}");
        }
        let map = parse_intent_uri("app://h/p?d=a+b%2Bc&e=%25%41").unwrap();
        assert_eq!(map["d"], json!("a+b+c"));
        assert_eq!(map["e"], json!("%A"));
        assert_eq!(percent_decode("caf%C3%A9").unwrap(), "café");
    }

    #[test]
    fn nested_payloads_are_read_as_objects_or_noted_as_unreadable() {
        let map = json!({
            "object": {"ext": "x"},
            "text": "{\"ext\":\"y\"}",
            "words": "not json",
            "number": 3,
            "empty": "",
            "null": null,
        });
        let map = map.as_object().unwrap();
        let mut click = NormalisedClick::default();
        assert_eq!(click.nested(map, "object", "object").unwrap()["ext"], "x");
        assert_eq!(click.nested(map, "text", "text").unwrap()["ext"], "y");
        for absent in ["empty", "null", "missing"] {
            assert_eq!(click.nested(map, absent, absent), None);
        }
        assert!(click.unreadable.is_empty(), "{:?}", click.unreadable);
        assert_eq!(click.nested(map, "words", "outer.words"), None);
        assert_eq!(click.nested(map, "number", "number"), None);
        assert_eq!(
            click.unreadable,
            [
                "`outer.words` is not a JSON object (a string: not json)",
                "`number` is not a JSON object (a number)"
            ]
        );
        let filled = fill_from(NormalisedClick::default(), click.clone());
        assert_eq!(filled.unreadable, click.unreadable);
    }

    #[test]
    fn escapes_that_are_not_utf8_are_unreadable_not_a_panic() {
        let err = parse_intent_uri("app://h/p?ext=%FF%FE").unwrap_err();
        assert!(err.0.contains("not UTF-8"), "{err}");
        assert!(parse_intent_uri("app://h/p#Intent;S.ext=%C3%28;end").is_err());
        assert!(payload_map(&json!("app://h/p?ext=%E2%82")).is_err());
        assert!(payload_map(&json!("just words")).is_err());
        assert!(payload_map(&json!(42)).is_err());
    }
}
