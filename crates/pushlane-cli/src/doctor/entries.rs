//! Field checks: each top-level key against [`PluginConfig`]'s own fields, and each
//! `[[vendors]]` entry on its own through the linked plugins' config types.
//!
//! serde stops at the first problem of a value, so an entry is read again after each problem
//! is set aside (an unknown key removed, a missing or empty field given a placeholder), until
//! it reads or cannot be repaired: every problem of every entry is reported.

use super::{Entry, Finding};
use crate::suggest::suggest;
use pushlane::plugin::config::read_vendor_entries;
use pushlane::plugin::{PluginConfig, PluginError, VendorConfig};
use serde_json::{json, Map, Value};

/// A problem of one vendor entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A key the vendor's config does not have.
    Unknown {
        field: String,
        expected: Vec<String>,
    },
    /// A required field is absent.
    Missing { field: String },
    /// A required string is blank.
    Empty { field: String },
    /// `business_id = 0`.
    BusinessIdZero,
    /// A value of the wrong type or out of range (`field` when it could be told).
    Invalid {
        field: Option<String>,
        message: String,
    },
    /// The `vendor` tag names no linked plugin.
    NotLinked { vendor: String, linked: Vec<String> },
    /// The `vendor` tag is absent or not a string, or the entry is not a table.
    BadTag { message: String },
}

/// What reading one entry found.
pub struct EntryCheck {
    pub problems: Vec<Problem>,
    /// The config, when the entry reads as written.
    pub config: Option<Box<dyn VendorConfig>>,
    /// The entry with its problems set aside, when that reads (placeholders in place).
    pub repaired: Option<Value>,
}

/// Placeholder values tried, in order, for a missing or blank field.
fn placeholders(field: &str) -> Vec<Value> {
    if field == "business_id" {
        vec![json!(1)]
    } else {
        vec![json!("placeholder"), json!(1), json!(true)]
    }
}

/// Reads one entry again and again, setting each problem aside, and reports them all.
pub fn check_entry(entry: &Value) -> EntryCheck {
    let mut problems = Vec::new();
    let mut work = entry.clone();
    let mut first = true;
    // The field a placeholder was just put in, and which placeholder.
    let mut pending: Option<(String, usize)> = None;
    // Fields already reported (e.g. a wrong value removed): their later "missing" is silent.
    let mut reported: Vec<String> = Vec::new();
    for _ in 0..64 {
        let result = read_vendor_entries(vec![work.clone()]);
        let err = match result {
            Ok(mut configs) => {
                return EntryCheck {
                    problems,
                    config: if first { configs.pop() } else { None },
                    repaired: Some(work),
                };
            }
            Err(err) => err,
        };
        first = false;
        let message = match err {
            PluginError::Vendor { message, .. } => message,
            PluginError::NotLinked { vendor, linked } => {
                problems.push(Problem::NotLinked { vendor, linked });
                break;
            }
            PluginError::Parse(message) => {
                problems.push(Problem::BadTag {
                    message: message
                        .strip_prefix("vendors[0]: ")
                        .unwrap_or(&message)
                        .to_string(),
                });
                break;
            }
            other => {
                problems.push(Problem::Invalid {
                    field: None,
                    message: other.to_string(),
                });
                break;
            }
        };
        let Some(table) = work.as_object_mut() else {
            break;
        };
        if let Some(rest) = message.strip_prefix("unknown field ") {
            let (field, expected) = split_expected(rest);
            table.remove(&field);
            problems.push(Problem::Unknown { field, expected });
            pending = None;
        } else if let Some(field) = message.strip_prefix("missing field ") {
            let field = field.trim().to_string();
            table.insert(field.clone(), placeholders(&field)[0].clone());
            if !reported.contains(&field) {
                problems.push(Problem::Missing {
                    field: field.clone(),
                });
            }
            pending = Some((field, 0));
        } else if let Some((field, attempt)) = pending.take().filter(|(field, _)| {
            !message.starts_with("field ") || message.starts_with(&format!("field {field}: "))
        }) {
            // The placeholder just put in has the wrong type: try the next kind of value.
            let next = attempt + 1;
            match placeholders(&field).get(next) {
                Some(value) => {
                    table.insert(field.clone(), value.clone());
                    pending = Some((field, next));
                }
                None => break,
            }
        } else if let Some((field, problem)) = message
            .strip_prefix("field ")
            .and_then(|rest| rest.split_once(": "))
        {
            let field = field.to_string();
            if field == "business_id" && problem.contains("got 0") {
                problems.push(Problem::BusinessIdZero);
                table.insert(field, json!(1));
            } else if problem.contains("must not be empty") {
                table.insert(field.clone(), json!("placeholder"));
                problems.push(Problem::Empty { field });
            } else {
                // A value of the wrong type: set it aside and read on.
                problems.push(Problem::Invalid {
                    field: Some(field.clone()),
                    message: problem.to_string(),
                });
                table.remove(&field);
                reported.push(field);
            }
        } else {
            // A value of the wrong type: find whose by taking keys away one at a time.
            let field = culprit(&work, &message);
            problems.push(Problem::Invalid {
                field: field.clone(),
                message,
            });
            match (field, work.as_object_mut()) {
                (Some(field), Some(table)) => {
                    table.remove(&field);
                    reported.push(field);
                }
                _ => break,
            }
        }
    }
    EntryCheck {
        problems,
        config: None,
        repaired: None,
    }
}

/// `x, expected one of a, b, c` → (`x`, [a, b, c]).
fn split_expected(rest: &str) -> (String, Vec<String>) {
    match rest.split_once(", ") {
        Some((field, tail)) => {
            let list = tail
                .strip_prefix("expected one of ")
                .or_else(|| tail.strip_prefix("expected "))
                .unwrap_or("");
            let expected = list
                .split(", ")
                .flat_map(|part| part.split(" or "))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            (field.trim().to_string(), expected)
        }
        None => (rest.trim().to_string(), Vec::new()),
    }
}

/// The key whose removal changes the error: the one with the wrong value.
fn culprit(work: &Value, message: &str) -> Option<String> {
    let table = work.as_object()?;
    table
        .keys()
        .filter(|k| *k != "vendor")
        .find(|key| {
            let mut probe = table.clone();
            probe.remove(*key);
            match read_vendor_entries(vec![Value::Object(probe)]) {
                Ok(_) => true,
                Err(PluginError::Vendor { message: m, .. }) => m != message,
                Err(_) => true,
            }
        })
        .cloned()
}

/// A complete entry of a linked vendor with placeholder credentials (the example config of
/// `detect`).
pub fn example_entry(vendor: &str, business_id: u32) -> Option<Box<dyn VendorConfig>> {
    let entry = json!({"vendor": vendor, "business_id": business_id});
    let repaired = check_entry(&entry).repaired?;
    read_vendor_entries(vec![repaired]).ok()?.pop()
}

/// Top-level keys, one at a time against [`PluginConfig`]'s fields. Returns the keys that
/// passed (without `vendors`).
pub fn check_top_level(
    top: &Map<String, Value>,
    findings: &mut Vec<Finding>,
) -> Map<String, Value> {
    let mut valid = Map::new();
    for (key, value) in top {
        if key == "vendors" {
            continue;
        }
        let mut probe = Map::new();
        probe.insert(key.clone(), value.clone());
        let err = match PluginConfig::from_value(Value::Object(probe)) {
            Ok(_) => {
                valid.insert(key.clone(), value.clone());
                continue;
            }
            Err(err) => err,
        };
        let message = match &err {
            PluginError::Parse(m) => m.clone(),
            other => other.to_string(),
        };
        // The finding names the key already (a nested key stays: `field local_channel.x: …`).
        let message = match message.strip_prefix(&format!("field {key}: ")) {
            Some(rest) => rest.to_string(),
            None => message,
        };
        let unknown = message
            .strip_prefix("unknown field ")
            .map(split_expected)
            .filter(|(field, _)| field == key);
        match unknown {
            Some((_, expected)) => findings.push(unknown_top_level(key, &expected)),
            None => findings.push(Finding::error(
                "invalid_value",
                key.as_str(),
                format!("invalid value for {key}: {message}"),
                "the engine refuses a config with a value it cannot read, so no vendor channel starts",
                fix_for_top_level(key),
            )),
        }
    }
    valid
}

fn unknown_top_level(key: &str, expected: &[String]) -> Finding {
    let guess = suggest(key, expected.iter().map(|s| s.as_str()));
    let fix = match (key, guess) {
        ("config", _) => {
            "this looks like a scenario file: give doctor the content of its [config] table"
                .to_string()
        }
        ("vendor", _) => "vendor entries go in [[vendors]] tables, one per vendor".to_string(),
        (_, Some(guess)) => format!("did you mean {guess}? rename the key, or remove it"),
        (_, None) => format!("remove it; the top-level keys are: {}", expected.join(", ")),
    };
    Finding::error(
        "unknown_key",
        key,
        format!("unknown top-level key {key}"),
        "unknown keys are refused (a misspelt key must not pass silently): the engine refuses the whole config",
        fix,
    )
}

fn fix_for_top_level(key: &str) -> String {
    match key {
        "edition" => "edition is \"china\" or \"international\"".to_string(),
        "local_notifications" => "local_notifications is \"fallback\" or \"always\"".to_string(),
        "local_channel" => {
            "local_channel takes channel_id, channel_name and channel_description (strings)"
                .to_string()
        }
        "upload_delay_ms" => {
            "upload_delay_ms is a number of milliseconds (default 5000)".to_string()
        }
        "summaries" => {
            "summaries maps an elem_type to its text, e.g. image = \"[Photo]\"".to_string()
        }
        _ => format!("give {key} a value of the type vendors.md §2 describes"),
    }
}

/// Checks the `vendors` list entry by entry.
pub fn check_vendors(top: &Map<String, Value>, findings: &mut Vec<Finding>) -> Vec<Entry> {
    let list = match top.get("vendors") {
        None => return Vec::new(),
        Some(Value::Array(list)) => list,
        Some(other) => {
            findings.push(Finding::error(
                "invalid_value",
                "vendors",
                format!("vendors must be a list of tables, got {}", kind(other)),
                "the engine refuses the config, so no vendor channel starts",
                "write one [[vendors]] table per vendor (JSON: \"vendors\": [{\"vendor\": …}])",
            ));
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    for (index, value) in list.iter().enumerate() {
        let raw = value.as_object().cloned().unwrap_or_default();
        let vendor = raw
            .get("vendor")
            .and_then(|v| v.as_str())
            .map(|s| s.to_string());
        let mut entry = Entry {
            index,
            vendor,
            raw,
            config: None,
        };
        if !value.is_object() {
            findings.push(Finding::error(
                "invalid_value",
                entry.label(),
                format!("vendors[{index}] must be a table, got {}", kind(value)),
                "the engine refuses the config, so no vendor channel starts",
                "write the entry as a [[vendors]] table with vendor = \"<name>\" and its fields",
            ));
            entries.push(entry);
            continue;
        }
        let check = check_entry(value);
        for problem in &check.problems {
            findings.push(entry_finding(&entry, problem));
        }
        entry.config = check.config;
        entries.push(entry);
    }
    entries
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

const REFUSED: &str = "the engine refuses the whole config, so no vendor channel starts";

/// Where a vendor's field comes from (vendors.md §2).
pub fn field_source(vendor: &str, field: &str) -> String {
    match (vendor, field) {
        (_, "business_id") => format!(
            "the certificate ID the Chat console assigns to the {vendor} channel (a non-zero number)"
        ),
        ("huawei", "app_id") => "the app id of agconnect-services.json".to_string(),
        ("honor", "app_id") => "the manifest meta-data com.hihonor.push.app_id".to_string(),
        ("xiaomi", "app_id" | "app_key") => {
            format!("the {field} of the app on the Xiaomi open platform")
        }
        ("oppo", "app_key" | "app_secret") => format!(
            "the {field} of HeytapPushManager.register(ctx, app_key, app_secret, cb), from the OPPO open platform"
        ),
        ("vivo", "app_id") => "the manifest meta-data com.vivo.push.app_id".to_string(),
        ("vivo", "app_key") => "the manifest meta-data com.vivo.push.api_key".to_string(),
        ("meizu", "app_id" | "app_key") => format!(
            "the {field} of PushManager.register(ctx, app_id, app_key), from the Meizu open platform"
        ),
        _ => format!("the {vendor} console's {field}"),
    }
}

/// The finding for one problem of an entry.
pub fn entry_finding(entry: &Entry, problem: &Problem) -> Finding {
    let label = entry.label();
    let vendor = entry.vendor.as_deref().unwrap_or("vendor");
    match problem {
        Problem::Missing { field } => Finding::error(
            "missing_field",
            label,
            format!("missing required field {field}"),
            format!("{vendor} cannot register without it; {REFUSED}"),
            format!("add {field} = … : {}", field_source(vendor, field)),
        ),
        Problem::Empty { field } => Finding::error(
            "empty_field",
            label,
            format!("field {field} must not be empty"),
            format!("a blank {field} is not a credential; {REFUSED}"),
            format!("fill in {field}: {}", field_source(vendor, field)),
        ),
        Problem::BusinessIdZero => Finding::error(
            "business_id_zero",
            label,
            "business_id is 0".to_string(),
            format!(
                "the token is uploaded under this certificate ID, and 0 is never one; {REFUSED}"
            ),
            format!("set business_id to {}", field_source(vendor, "business_id")),
        ),
        Problem::Unknown { field, expected } => {
            let guess = suggest(field, expected.iter().map(|s| s.as_str()));
            Finding::error(
                "unknown_key",
                label,
                format!("unknown key {field}"),
                format!("a misspelt key must not pass silently; {REFUSED}"),
                match guess {
                    Some(guess) => format!("did you mean {guess}? rename the key, or remove it"),
                    None => format!("remove it; {vendor} takes: {}", expected.join(", ")),
                },
            )
        }
        Problem::Invalid { field, message } => Finding::error(
            "invalid_value",
            label,
            match field {
                Some(field) => format!("field {field}: {message}"),
                None => message.clone(),
            },
            REFUSED,
            match field {
                Some(field) if field == "business_id" => format!(
                    "business_id is a number without quotes: {}",
                    field_source(vendor, "business_id")
                ),
                Some(field) if field == "badge_enabled" => {
                    "badge_enabled is true or false, without quotes".to_string()
                }
                Some(field) => format!("give {field} a value of the type vendors.md §2 describes (credentials are strings)"),
                None => "give each field a value of the type vendors.md §2 describes".to_string(),
            },
        ),
        Problem::NotLinked { vendor, linked } => {
            let guess = suggest(vendor, linked.iter().map(|s| s.as_str()));
            Finding::error(
                "vendor_not_linked",
                label,
                format!(
                    "unknown vendor {vendor}: not linked into this build (linked: {})",
                    linked.join(", ")
                ),
                format!("no plugin reads this entry; {REFUSED}"),
                match guess {
                    Some(guess) => format!("did you mean vendor = \"{guess}\"?"),
                    None => format!(
                        "use one of the linked vendors ({}), or build pushlane with that vendor's feature",
                        linked.join(", ")
                    ),
                },
            )
        }
        Problem::BadTag { message } => Finding::error(
            "vendor_tag",
            label,
            message.clone(),
            REFUSED,
            "every [[vendors]] entry starts with vendor = \"<name>\"",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(entry: Value) -> Vec<Problem> {
        let _ = pushlane::link_vendors();
        check_entry(&entry).problems
    }

    #[test]
    fn a_valid_entry_has_no_problem_and_a_config() {
        let _ = pushlane::link_vendors();
        let check = check_entry(
            &json!({"vendor": "vivo", "business_id": 1, "app_id": "a", "app_key": "k"}),
        );
        assert!(check.problems.is_empty());
        assert!(check.config.is_some());
    }

    #[test]
    fn every_problem_of_an_entry_is_found() {
        let found = problems(json!({
            "vendor": "xiaomi", "business_id": 0, "app_id": "", "chanel_id": "im"
        }));
        assert_eq!(
            found,
            vec![
                Problem::Unknown {
                    field: "chanel_id".into(),
                    expected: vec![
                        "business_id".into(),
                        "app_id".into(),
                        "app_key".into(),
                        "channel_id".into(),
                        "channel_name".into(),
                        "channel_description".into()
                    ]
                },
                Problem::Missing {
                    field: "app_key".into()
                },
                Problem::BusinessIdZero,
                Problem::Empty {
                    field: "app_id".into()
                },
            ]
        );
    }

    #[test]
    fn a_wrong_type_names_its_field() {
        let found = problems(
            json!({"vendor": "vivo", "business_id": "10001", "app_id": "a", "app_key": "k"}),
        );
        assert!(
            matches!(&found[..], [Problem::Invalid { field: Some(f), .. }] if f == "business_id"),
            "{found:?}"
        );
    }

    #[test]
    fn not_linked_and_bad_tags() {
        assert!(matches!(
            &problems(json!({"vendor": "samsung", "business_id": 1}))[..],
            [Problem::NotLinked { .. }]
        ));
        assert!(matches!(
            &problems(json!({"business_id": 1}))[..],
            [Problem::BadTag { .. }]
        ));
    }

    #[test]
    fn example_entries_exist_for_every_linked_vendor() {
        for plugin in pushlane::link_vendors() {
            assert!(
                example_entry(plugin.name(), 7).is_some(),
                "{}",
                plugin.name()
            );
        }
    }
}
