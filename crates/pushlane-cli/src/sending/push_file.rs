//! Reading a push file: a message being sent and its offline-push info, in TOML (or JSON when
//! the name ends in `.json`), for `pushlane lint` and `pushlane payload`.
//!
//! ```toml
//! targets = ["oppo", "vivo"]          # optional: vendors to lint for (default: every linked one)
//! to = ["bob", "carol"]               # optional: recipients for `pushlane payload`
//! msg_lifetime = 604800               # optional: REST MsgLifeTime, seconds
//! msg_random = 12345                  # optional: REST MsgRandom (default: from the message)
//! msg_body = [{ MsgType = "TIMImageElem", MsgContent = { … } }]   # optional: raw REST elements
//!
//! [message]                           # required: who sends what
//! sender = "alice"
//! elem_type = "text"
//! text = "Lunch?"
//!
//! [offline_push_info]                 # optional: the Chat SDK's offline-push fields
//! desc = "Lunch?"
//! ext = '{"conversationID":"c2c_alice"}'
//! ```
//!
//! Every problem is refused with the key path (`offline_push_info.android_vivo_classification`)
//! and what was expected; unknown keys are refused at every level.

use crate::device_args::{parse_document, read_text};
use crate::error::CliError;
use crate::keys::read_at;
use crate::scenario::parse::{join_key, unknown_key};
use pushlane::payload::rest::MAX_MSG_LIFETIME;
use pushlane::payload::{Message, OfflinePushInfo};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::path::Path;

/// The keys a push file may have at its top level.
pub const TOP_KEYS: [&str; 7] = [
    "message",
    "offline_push_info",
    "targets",
    "to",
    "msg_body",
    "msg_lifetime",
    "msg_random",
];

/// A push file, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct PushFile {
    pub message: Message,
    pub info: OfflinePushInfo,
    /// `targets`: the vendors to lint for; empty means every linked vendor.
    pub targets: Vec<String>,
    /// `to`: the recipients' user ids (`pushlane payload`; `--to FILE` wins over them).
    pub to: Vec<String>,
    /// `msg_body`: the Chat REST API's message elements as written, passed through.
    pub msg_body: Option<Vec<Value>>,
    /// `msg_lifetime`: REST `MsgLifeTime`, in seconds.
    pub msg_lifetime: Option<u32>,
    /// `msg_random`: REST `MsgRandom`.
    pub msg_random: Option<u32>,
}

/// Reads the push file at `path`; anything malformed is [`CliError::BadInput`] naming the
/// file, the key and what was expected.
pub fn load(path: &Path) -> Result<PushFile, CliError> {
    let text = read_text(path)?;
    let document = parse_document(path, &text)?;
    parse(&document).map_err(|message| CliError::bad_input(path, message))
}

/// Checks a push file's document (TOML already turned into JSON). The error is a message
/// without the file name (the caller adds it).
pub fn parse(document: &Value) -> Result<PushFile, String> {
    let Value::Object(top) = document else {
        return Err(format!(
            "expected a table with [message] and optional keys ({})",
            TOP_KEYS[1..].join(", ")
        ));
    };
    for key in top.keys() {
        if !TOP_KEYS.contains(&key.as_str()) {
            return Err(unknown_key("top level", key, &TOP_KEYS));
        }
    }
    if let Some(path) = datetime_path(document) {
        return Err(format!(
            "key `{path}`: invalid type: TOML date-time (no key of a push file takes one; write text in quotes)"
        ));
    }
    let message = match top.get("message") {
        Some(value @ Value::Object(_)) => {
            read_at::<Message>(value).map_err(|e| e.under("message"))?
        }
        Some(_) => return Err("key `message`: expected a table [message]".to_string()),
        None => {
            return Err(
                "missing table [message] (required keys: sender = the sender's user id, elem_type = \"text\", \"image\", \"custom\", …)"
                    .to_string(),
            )
        }
    };
    let info = match top.get("offline_push_info") {
        None => OfflinePushInfo::default(),
        Some(value @ Value::Object(_)) => read_at::<OfflinePushInfo>(value).map_err(|e| {
            let hint = e.key.as_deref().and_then(info_hint).unwrap_or_default();
            format!("{}{hint}", e.under("offline_push_info"))
        })?,
        Some(_) => {
            return Err("key `offline_push_info`: expected a table [offline_push_info]".to_string())
        }
    };
    Ok(PushFile {
        message,
        info,
        targets: vendors(top)?,
        to: user_ids(top)?,
        msg_body: msg_body(top)?,
        msg_lifetime: msg_lifetime(top)?,
        msg_random: optional(top, "msg_random", "a number from 0 to 4294967295")?,
    })
}

/// What an info field takes, where serde's own words (`expected i64`) do not say it.
fn info_hint(key: &str) -> Option<&'static str> {
    match key {
        "android_vivo_classification" => Some(" (0: operational, 1: system, the default)"),
        _ => None,
    }
}

/// An array of strings at `key` (empty when absent).
fn strings(top: &Map<String, Value>, key: &str, what: &str) -> Result<Vec<String>, String> {
    let Some(value) = top.get(key) else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = value else {
        return Err(format!("key `{key}`: expected an array of {what}"));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            serde_json::from_value::<String>(item.clone())
                .map_err(|e| format!("key `{key}[{i}]`: {e} ({what})"))
        })
        .collect()
}

/// `targets`: vendor names, each once (checked against the linked vendors by the command).
fn vendors(top: &Map<String, Value>) -> Result<Vec<String>, String> {
    let names = strings(top, "targets", "vendor names such as \"oppo\"")?;
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            return Err(format!(
                "key `targets[{i}]`: `{name}` is listed twice (expected each vendor once)"
            ));
        }
    }
    Ok(names)
}

/// `to`: user ids, none of them blank.
fn user_ids(top: &Map<String, Value>) -> Result<Vec<String>, String> {
    let ids = strings(top, "to", "recipients' user ids")?;
    match ids.iter().position(|id| id.trim().is_empty()) {
        Some(i) => Err(format!(
            "key `to[{i}]`: a blank user id (expected a recipient's user id)"
        )),
        None => Ok(ids),
    }
}

/// `msg_body`: an array of REST message elements (tables), passed through as written.
fn msg_body(top: &Map<String, Value>) -> Result<Option<Vec<Value>>, String> {
    match top.get("msg_body") {
        None => Ok(None),
        Some(Value::Array(items)) => {
            if let Some(i) = items.iter().position(|item| !item.is_object()) {
                return Err(format!(
                    "key `msg_body[{i}]`: expected a table (a REST message element with MsgType and MsgContent)"
                ));
            }
            Ok(Some(items.clone()))
        }
        Some(_) => Err(
            "key `msg_body`: expected an array of REST message elements ([[msg_body]] tables with MsgType and MsgContent)"
                .to_string(),
        ),
    }
}

/// `msg_lifetime`: seconds, at most the 7 days the server keeps a message.
fn msg_lifetime(top: &Map<String, Value>) -> Result<Option<u32>, String> {
    let what = format!("seconds, from 0 to {MAX_MSG_LIFETIME}");
    let lifetime = optional::<u32>(top, "msg_lifetime", &what)?;
    match lifetime {
        Some(seconds) if seconds > MAX_MSG_LIFETIME => Err(format!(
            "key `msg_lifetime`: {seconds} is longer than the server keeps a message (expected {what}: 7 days at most)"
        )),
        _ => Ok(lifetime),
    }
}

/// An optional typed value at `key`.
fn optional<T: DeserializeOwned>(
    top: &Map<String, Value>,
    key: &str,
    what: &str,
) -> Result<Option<T>, String> {
    top.get(key)
        .map(|value| {
            serde_json::from_value::<T>(value.clone())
                .map_err(|e| format!("key `{key}`: {e} ({what})"))
        })
        .transpose()
}

/// The key under which TOML represents a date-time once turned into JSON.
const TOML_DATETIME: &str = "$__toml_private_datetime";

/// The path to the first TOML date-time in `value`: no key of a push file takes one, and read
/// as text it would pass for a string.
fn datetime_path(value: &Value) -> Option<String> {
    match value {
        Value::Object(table) if table.contains_key(TOML_DATETIME) => Some(String::new()),
        Value::Object(table) => table
            .iter()
            .find_map(|(key, v)| datetime_path(v).map(|rest| join_key(key, &rest))),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| datetime_path(v).map(|rest| join_key(&format!("[{i}]"), &rest))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message() -> Value {
        json!({"sender": "alice", "elem_type": "text", "text": "hi"})
    }

    #[test]
    fn only_the_message_is_required() {
        let file = parse(&json!({"message": message()})).unwrap();
        assert_eq!(file.message.sender, "alice");
        assert_eq!(file.info, OfflinePushInfo::default());
        assert!(file.targets.is_empty() && file.to.is_empty());
        assert_eq!(
            (file.msg_body, file.msg_lifetime, file.msg_random),
            (None, None, None)
        );
    }

    #[test]
    fn every_key_is_read() {
        let file = parse(&json!({
            "message": message(),
            "offline_push_info": {"desc": "hi", "android_vivo_classification": 0},
            "targets": ["oppo"],
            "to": ["bob"],
            "msg_body": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}],
            "msg_lifetime": 60,
            "msg_random": 7,
        }))
        .unwrap();
        assert_eq!(file.info.android_vivo_classification, 0);
        assert_eq!(
            (file.targets, file.to),
            (vec!["oppo".to_string()], vec!["bob".to_string()])
        );
        assert_eq!(file.msg_body.map(|b| b.len()), Some(1));
        assert_eq!((file.msg_lifetime, file.msg_random), (Some(60), Some(7)));
    }

    #[test]
    fn refusals_name_the_key() {
        let refused = |doc: Value| parse(&doc).unwrap_err();
        let err = refused(json!({"message": message(), "to": ["bob", 3]}));
        assert!(
            err.starts_with("key `to[1]`: invalid type: integer `3`"),
            "{err}"
        );
        let err = refused(json!({"message": message(), "to": ["bob", " "]}));
        assert!(err.starts_with("key `to[1]`: a blank user id"), "{err}");
        let err = refused(json!({"message": message(), "targets": ["oppo", "oppo"]}));
        assert!(
            err.starts_with("key `targets[1]`: `oppo` is listed twice"),
            "{err}"
        );
        let err = refused(json!({"message": message(), "targets": "oppo"}));
        assert!(err.starts_with("key `targets`: expected an array"), "{err}");
        let err = refused(json!({"message": message(), "msg_lifetime": -1}));
        assert!(
            err.starts_with("key `msg_lifetime`: invalid value"),
            "{err}"
        );
        let err = refused(json!({"message": message(), "msg_body": [1]}));
        assert!(
            err.starts_with("key `msg_body[0]`: expected a table"),
            "{err}"
        );
        let err = refused(json!({"message": "hi"}));
        assert!(err.starts_with("key `message`: expected a table"), "{err}");
        let err = refused(json!([1]));
        assert!(err.starts_with("expected a table with [message]"), "{err}");
    }

    #[test]
    fn date_times_are_found_by_their_path() {
        let at = json!({TOML_DATETIME: "2024-05-01"});
        assert_eq!(
            datetime_path(&json!({"message": {"text": at.clone()}})),
            Some("message.text".to_string())
        );
        assert_eq!(
            datetime_path(&json!({"msg_body": [{"x": at}]})),
            Some("msg_body[0].x".to_string())
        );
        assert_eq!(datetime_path(&json!({"message": message()})), None);
    }
}
