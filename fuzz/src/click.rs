//! Target `click`: every vendor's click normaliser (reached through the plugin registry, as the
//! machine reaches it), the shared flat reader and the intent-URI parser, on arbitrary bytes.
//!
//! The bytes are read three ways: as a JSON payload (when they parse), as a string payload (an
//! intent URI or garbage), and as a key and a value put percent-encoded into an intent URI.
//! Besides "never panics", each reading checks a rule of vendors.md §4:
//!
//! - a string payload reads exactly as the map it stands for (the intent URI's extras);
//! - a nested JSON value (`ext`, `entity`, `data`, `customMessage`, …) reads the same whether it
//!   arrives as an object or as its JSON text;
//! - a key and value percent-encoded into an intent URI (query parameter or `S.` extra) come
//!   back exactly.

use pushlane::plugin::click::{normalise_flat, parse_intent_uri, payload_map};
use pushlane::plugin::{NormalisedClick, UnreadableClick};
use pushlane::VendorPlugin;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// Keys whose value may arrive as a JSON object or as its JSON text, the same for every reader.
const NESTED_KEYS: &[&str] = &[
    "ext",
    "entity",
    "aps",
    "data",
    "customMessage",
    "key_message",
    "params",
    "selfDefineContentString",
];

/// The readers: every linked vendor's normaliser, then the shared flat one (`local` and
/// unknown sources).
fn readers() -> Vec<(&'static str, Reader)> {
    static PLUGINS: OnceLock<Vec<&'static dyn VendorPlugin>> = OnceLock::new();
    let plugins = PLUGINS.get_or_init(pushlane::link_vendors);
    assert_eq!(plugins.len(), 8, "every vendor plugin is linked");
    plugins
        .iter()
        .map(|plugin| (plugin.name(), Reader::Vendor(*plugin)))
        .chain([("flat", Reader::Flat)])
        .collect()
}

#[derive(Clone, Copy)]
enum Reader {
    Vendor(&'static dyn VendorPlugin),
    Flat,
}

impl Reader {
    fn read(self, payload: &Value) -> Read {
        match self {
            Reader::Vendor(plugin) => plugin.normalise_click(payload),
            Reader::Flat => normalise_flat(payload),
        }
    }
}

type Read = Result<NormalisedClick, UnreadableClick>;

pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let readers = readers();

    // The bytes as an intent URI on their own.
    if let Ok(map) = parse_intent_uri(&text) {
        assert!(map.values().all(Value::is_string), "extras are strings");
    }

    // The bytes as a string payload: it reads as the map it stands for.
    let as_string = Value::String(text.to_string());
    let map = payload_map(&as_string);
    for &(name, reader) in &readers {
        let click = reader.read(&as_string);
        if let Ok(map) = &map {
            assert_eq!(
                click,
                reader.read(&Value::Object(map.clone().into_owned())),
                "{name}: a string payload reads unlike its map"
            );
        }
        conversation_of(&click);
    }

    // The bytes as a JSON payload.
    if let Ok(payload) = serde_json::from_slice::<Value>(data) {
        for &(name, reader) in &readers {
            let click = reader.read(&payload);
            conversation_of(&click);
            if let Some(textual) = nested_as_text(&payload) {
                assert_eq!(
                    click,
                    reader.read(&textual),
                    "{name}: nested objects read unlike their JSON text\n  {payload}\n  {textual}"
                );
            }
        }
    }

    percent_round_trip(&text);
}

/// The conversation the engine would open for this click (lifecycle.md §8), as the machine
/// computes it: must not panic, whatever `ext` holds.
fn conversation_of(click: &Read) {
    if let Ok(NormalisedClick { ext: Some(ext), .. }) = click {
        if let Ok(value) = serde_json::from_str::<Value>(ext) {
            let _ = pushlane::conversation::conversation_id(&value);
        }
    }
}

/// The payload with every nested object or array of [`NESTED_KEYS`] replaced by its JSON text;
/// `None` when there is none.
fn nested_as_text(payload: &Value) -> Option<Value> {
    let Value::Object(map) = payload else {
        return None;
    };
    let mut changed = false;
    let textual: Map<String, Value> = map
        .iter()
        .map(|(key, value)| {
            let value = match value {
                Value::Object(_) | Value::Array(_) if NESTED_KEYS.contains(&key.as_str()) => {
                    changed = true;
                    Value::String(value.to_string())
                }
                other => other.clone(),
            };
            (key.clone(), value)
        })
        .collect();
    changed.then_some(Value::Object(textual))
}

/// The text split in two, a key and a value, percent-encoded into an intent URI as a query
/// parameter and as an `S.` extra: both come back exactly.
fn percent_round_trip(text: &str) {
    let middle = (0..=text.len() / 2)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    let (key, value) = text.split_at(middle);
    if key.is_empty() {
        return;
    }
    let (key_enc, value_enc) = (encode(key), encode(value));
    for uri in [
        format!("app://host/path?{key_enc}={value_enc}"),
        format!(
            "tencent_im_push://host/path#Intent;scheme=tencent_im_push;S.{key_enc}={value_enc};end"
        ),
    ] {
        let map = parse_intent_uri(&uri).unwrap_or_else(|e| panic!("{uri}: {e}"));
        assert_eq!(
            map.get(key),
            Some(&Value::String(value.to_string())),
            "{uri} lost its value"
        );
    }
    if !value.is_empty() {
        let uri = format!("app://host/path#Intent;S.ext={value_enc};end");
        let click = normalise_flat(&Value::String(uri.clone()));
        assert_eq!(
            click.map(|c| c.ext),
            Ok(Some(value.to_string())),
            "{uri}: ext"
        );
    }
}

/// Percent-encodes every byte but ASCII letters and digits.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
