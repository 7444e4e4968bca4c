//! Errors that name the key: reading a JSON value (a scenario table, a config file) as a typed
//! value and saying *where* it went wrong (`device.android_api`, `message.msg_id`,
//! `config.vendors[0].app_key`), never showing the value of a credential or a device token.

use pushlane::plugin::config::{without_value, SECRET_FIELDS};
use pushlane::plugin::PluginError;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Keys whose values are never shown in an error: the vendor credentials and device tokens.
pub fn is_hidden(key: &str) -> bool {
    key == "token" || SECRET_FIELDS.contains(&key)
}

/// A value that could not be read: the key path inside it (`None` for the value as a whole,
/// e.g. a missing or unknown key, which the message names) and serde's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    pub key: Option<String>,
    pub message: String,
}

impl KeyError {
    /// `<place>: key `<place>.<key>`: <message>` style: `key` joined under `prefix`.
    pub fn under(&self, prefix: &str) -> String {
        match &self.key {
            Some(key) => format!("key `{prefix}.{key}`: {}", self.message),
            None => format!("[{prefix}]: {}", self.message),
        }
    }
}

/// Reads `value` as `T`. The key path comes from serde where it can tell it; where it cannot
/// (inside an internally tagged enum such as an input), from the key whose removal changes the
/// error. A hidden key's value is left out of the message.
pub fn read_at<T: DeserializeOwned>(value: &Value) -> Result<T, KeyError> {
    let err = match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(read) => return Ok(read),
        Err(err) => err,
    };
    let message = err.inner().to_string();
    let names_its_key =
        message.starts_with("unknown field") || message.starts_with("missing field");
    let path = err.path().to_string();
    let key = if names_its_key {
        None
    } else if path != "." && !path.contains('?') {
        Some(path)
    } else {
        culprit::<T>(value, &message)
    };
    let hidden = key
        .as_deref()
        .and_then(|k| k.rsplit(['.', '[']).next())
        .is_some_and(is_hidden);
    Err(KeyError {
        message: if hidden {
            without_value(&message)
        } else {
            message
        },
        key,
    })
}

/// The key (path) whose value causes `message`: the first one whose removal changes the error,
/// followed into tables.
fn culprit<T: DeserializeOwned>(value: &Value, message: &str) -> Option<String> {
    let changes = |probe: Value| match serde_json::from_value::<T>(probe) {
        Ok(_) => true,
        Err(e) => e.to_string() != message,
    };
    let mut path: Vec<String> = Vec::new();
    while let Some(Value::Object(table)) = lookup(value, &path) {
        let found = table
            .keys()
            // An input's `type` is its name, checked before this.
            .filter(|k| !(path.is_empty() && *k == "type"))
            .find(|k| {
                let mut without = value.clone();
                if let Some(Value::Object(parent)) = lookup_mut(&mut without, &path) {
                    parent.remove(*k);
                }
                changes(without)
            })
            .cloned();
        match found {
            Some(key) => path.push(key),
            None => break,
        }
    }
    (!path.is_empty()).then(|| path.join("."))
}

fn lookup<'a>(value: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, k| v.get(k))
}

fn lookup_mut<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, k| v.get_mut(k))
}

/// A plugin config error with the key path: `key `config.vendors[0].app_key`: xiaomi: …`.
/// `config` is the config as read (to find the entry's index); `prefix` is where the config
/// sits (`config.` in a scenario, empty for a config file).
pub fn config_error(err: &PluginError, config: &Value, prefix: &str) -> String {
    match err {
        PluginError::Parse(message) => {
            match split_field(message).or_else(|| split_entry(message)) {
                Some((field, rest)) => format!("key `{prefix}{field}`: {rest}"),
                None => err.to_string(),
            }
        }
        PluginError::Vendor { vendor, message } => {
            let entry = config
                .get("vendors")
                .and_then(Value::as_array)
                .and_then(|entries| {
                    entries
                        .iter()
                        .position(|e| e.get("vendor").and_then(Value::as_str) == Some(vendor))
                })
                .map_or_else(|| "vendors".to_string(), |i| format!("vendors[{i}]"));
            // The plugin's own words follow the key (`xiaomi: missing field app_key`).
            match split_field(message) {
                Some((field, rest)) => format!("key `{prefix}{entry}.{field}`: {vendor}: {rest}"),
                None => format!("key `{prefix}{entry}`: {vendor}: {message}"),
            }
        }
        other => other.to_string(),
    }
}

/// `field local_channel.channel_id: invalid type: …` → (`local_channel.channel_id`, `invalid type: …`).
fn split_field(message: &str) -> Option<(&str, &str)> {
    message.strip_prefix("field ")?.split_once(": ")
}

/// `vendors[0]: missing field vendor …` → (`vendors[0]`, `missing field vendor …`).
fn split_entry(message: &str) -> Option<(&str, &str)> {
    message
        .split_once(": ")
        .filter(|(entry, _)| entry.starts_with("vendors[") && entry.ends_with(']'))
}
