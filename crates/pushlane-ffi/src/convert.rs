//! JSON in and out, in the shapes of the trace format (scenario.md), and the errors that name
//! what was wrong. Every parser here is the Rust API's own (serde on the core types,
//! `pushlane::parse_config_toml`); this module only turns its errors into messages.

use crate::error::PushlaneError;
use pushlane::runtime::{EngineItem, HostEffect, RuntimeError};
use pushlane::{CoreError, DeviceInfo, Input, Output, PersistedState, PluginConfig, PluginError};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde::Serialize;
use serde_json::{Map, Value};

/// How much of a refused JSON text an error message quotes.
const QUOTE_LIMIT: usize = 200;

/// The plugin config from its TOML text (vendors.md §2), against the vendors linked into this
/// library.
pub(crate) fn parse_config(config_toml: &str) -> Result<PluginConfig, PushlaneError> {
    pushlane::parse_config_toml(config_toml).map_err(config_error)
}

/// The device from the scenario `[device]` table as JSON: `platform`, `manufacturer`, `brand?`,
/// `android_api?`, `gms?`, `honor_push?`, `props?`.
pub(crate) fn parse_device(device_json: &str) -> Result<DeviceInfo, PushlaneError> {
    parse_with_path(device_json).map_err(PushlaneError::Device)
}

/// The persisted state from what `Machine.persisted()` returned.
pub(crate) fn parse_persisted(persisted_json: &str) -> Result<PersistedState, PushlaneError> {
    parse_with_path(persisted_json).map_err(PushlaneError::Persisted)
}

/// An input: a trace input line without `at_ms` and `kind`, e.g.
/// `{"type":"login","user_id":"alice"}`.
pub(crate) fn parse_input(input_json: &str) -> Result<Input, PushlaneError> {
    let refuse = |problem: String, fields: Option<&Map<String, Value>>| {
        let mut message = format!("{}: {problem}", quote(input_json));
        if fields.is_some_and(|f| f.contains_key("at_ms") || f.contains_key("kind")) {
            message.push_str(
                " (an input is a trace input line without `at_ms` and `kind`, e.g. {\"type\":\"login\",\"user_id\":\"alice\"})",
            );
        }
        PushlaneError::Input(message)
    };
    let value: Value =
        serde_json::from_str(input_json).map_err(|e| refuse(serde_message(&e), None))?;
    let fields = value.as_object();
    let input = Input::deserialize(&value).map_err(|e| refuse(serde_message(&e), fields))?;
    // serde refuses unknown fields of the inputs that have fields, but lets them through on
    // the inputs without any (`ui_ready`, …): refuse those here too (lifecycle.md §1).
    if let (Some(fields), Value::Object(known)) =
        (fields, serde_json::to_value(&input).unwrap_or_default())
    {
        if known.len() == 1 {
            if let Some(extra) = fields.keys().find(|k| *k != "type") {
                let problem = format!("unknown field `{extra}`; `{}` has no fields", input.kind());
                return Err(refuse(problem, Some(fields)));
            }
        }
    }
    Ok(input)
}

/// An effect or event of the machine as `{"kind":"effect"|"event","type":…, fields…}`: its
/// trace line without `at_ms`. `None` for store writes, which are no outputs of the boundary.
pub(crate) fn output_json(output: &Output) -> Option<String> {
    let Value::Object(line) = output.trace_line(0)? else {
        return None;
    };
    let fields: Map<String, Value> = line.into_iter().filter(|(k, _)| k != "at_ms").collect();
    Some(Value::Object(fields).to_string())
}

/// What a foreign host performs: the effect as `{"type":…, fields…}`, i.e. its trace line
/// without `at_ms`, `kind` and `effect_id` (the engine answers `effect_done` itself).
pub(crate) fn host_effect_json(effect: &HostEffect) -> String {
    to_json(effect)
}

/// An item for subscribers: its trace line (`{"at_ms","kind","type",…}`, kind `input`,
/// `effect`, `event` or `host_failed`).
pub(crate) fn item_json(item: &EngineItem) -> String {
    item.trace_line().to_string()
}

/// Any value of the Rust API (status, persisted state) as compact JSON.
pub(crate) fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| {
        // Not reachable for the types of this crate (string keys only); never a panic.
        serde_json::json!({ "error": e.to_string() }).to_string()
    })
}

/// A plugin error as a config error, without the repeated `config: ` prefix.
pub(crate) fn config_error(error: PluginError) -> PushlaneError {
    let message = error.to_string();
    let message = message.strip_prefix("config: ").unwrap_or(&message);
    PushlaneError::Config(message.trim_end().to_string())
}

/// A machine that cannot be built: its config is the problem.
pub(crate) fn core_error(error: CoreError) -> PushlaneError {
    match error {
        CoreError::Config(plugin) => config_error(plugin),
        CoreError::Device { .. } => PushlaneError::Device(error.to_string()),
        other => PushlaneError::Config(other.to_string()),
    }
}

/// An engine that cannot be started.
pub(crate) fn runtime_error(error: RuntimeError) -> PushlaneError {
    match error {
        RuntimeError::Core(core) => core_error(core),
        RuntimeError::Config(plugin) => config_error(plugin),
        RuntimeError::Store(store) => PushlaneError::Store(store.to_string()),
        RuntimeError::Closed => PushlaneError::Closed,
        other => PushlaneError::Engine(other.to_string()),
    }
}

/// serde on a JSON text, with the key that was wrong named (`key \`android_api\`: …`) and the
/// text quoted.
fn parse_with_path<T: DeserializeOwned>(json: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let unknown = inner.to_string().starts_with("unknown field");
        let place = if !inner.is_data() || path == "." || path.contains('?') || unknown {
            String::new()
        } else {
            format!("key `{path}`: ")
        };
        format!("{place}{} in {}", serde_message(&inner), quote(json))
    })?;
    de.end()
        .map_err(|e| format!("{} in {}", serde_message(&e), quote(json)))?;
    Ok(value)
}

/// serde's message; the position is kept only for syntax errors, where it helps.
fn serde_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    if error.is_data() {
        if let Some(at) = message.find(" at line ") {
            return message[..at].to_string();
        }
    }
    message
}

/// The refused text for a message, cut at [`QUOTE_LIMIT`] characters.
fn quote(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(QUOTE_LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane::{Effect, Event, Platform, StoreWrite, TimerName};
    use serde_json::json;

    #[test]
    fn a_device_is_the_scenario_device_table() {
        let device = parse_device(
            r#"{"platform":"android","manufacturer":"Xiaomi","brand":"Redmi","android_api":34,
                "gms":false,"honor_push":false,"props":{"ro.miui.ui.version.name":"V140"}}"#,
        )
        .unwrap();
        assert_eq!(device.platform, Platform::Android);
        assert_eq!(device.brand.as_deref(), Some("Redmi"));
        assert_eq!(device.android_api, Some(34));
        assert_eq!(device.prop("ro.miui.ui.version.name"), Some("V140"));
        let ios = parse_device(r#"{"platform":"ios","manufacturer":"Apple"}"#).unwrap();
        assert_eq!(ios, DeviceInfo::ios());
    }

    #[test]
    fn device_errors_name_the_key() {
        let err = parse_device(r#"{"platfrom":"android","manufacturer":"Xiaomi"}"#).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, PushlaneError::Device(_)), "{err:?}");
        assert!(
            text.starts_with("device: unknown field `platfrom`") && text.contains("`platform`"),
            "{text}"
        );

        let text = parse_device(r#"{"platform":"android"}"#)
            .unwrap_err()
            .to_string();
        assert!(text.contains("missing field `manufacturer`"), "{text}");

        let text = parse_device(r#"{"platform":"android","manufacturer":"X","android_api":"34"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            text.starts_with("device: key `android_api`: invalid type: string \"34\""),
            "{text}"
        );

        let text = parse_device(r#"{"platform":"windows","manufacturer":"X"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            text.contains("key `platform`") && text.contains("unknown variant `windows`"),
            "{text}"
        );

        let text = parse_device(r#"{"platform":"android","manufacturer":"X","props":{"a":1}}"#)
            .unwrap_err()
            .to_string();
        assert!(text.contains("key `props.a`"), "{text}");

        let text = parse_device("{\"platform\":\"android\",")
            .unwrap_err()
            .to_string();
        assert!(
            text.starts_with("device: EOF while parsing") && text.contains("line 1"),
            "{text}"
        );

        let text = parse_device(r#"{"platform":"ios","manufacturer":"Apple"} x"#)
            .unwrap_err()
            .to_string();
        assert!(text.contains("trailing characters"), "{text}");
    }

    #[test]
    fn inputs_are_trace_input_lines_without_at_ms_and_kind() {
        assert_eq!(
            parse_input(r#"{"type":"login","user_id":"alice"}"#).unwrap(),
            Input::Login {
                user_id: "alice".into()
            }
        );
        assert_eq!(
            parse_input(r#"{"type":"timer","timer":"token_upload"}"#).unwrap(),
            Input::Timer {
                timer: TimerName::TokenUpload
            }
        );
        assert_eq!(
            parse_input(r#"{"type":"effect_done","effect_id":1,"ok":true}"#).unwrap(),
            Input::EffectDone {
                effect_id: 1,
                ok: true,
                error: None
            }
        );
        let click = parse_input(
            r#"{"type":"notification_clicked","source":"xiaomi","payload":{"ext":"{}"}}"#,
        )
        .unwrap();
        assert!(
            matches!(click, Input::NotificationClicked { payload, .. } if payload["ext"] == "{}")
        );
    }

    #[test]
    fn input_errors_quote_the_input() {
        let err = parse_input(r#"{"type":"lgoin","user_id":"alice"}"#).unwrap_err();
        assert!(matches!(err, PushlaneError::Input(_)), "{err:?}");
        let text = err.to_string();
        assert!(
            text.starts_with(
                r#"input {"type":"lgoin","user_id":"alice"}: unknown variant `lgoin`"#
            ) && text.contains("`login`"),
            "{text}"
        );

        let text = parse_input(r#"{"type":"login"}"#).unwrap_err().to_string();
        assert!(text.ends_with("missing field `user_id`"), "{text}");

        let text = parse_input(r#"{"at_ms":0,"kind":"input","type":"ui_ready"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            text.contains("unknown field `at_ms`") && text.contains("without `at_ms` and `kind`"),
            "{text}"
        );

        let text = parse_input(r#"{"type":"ui_ready","x":1}"#)
            .unwrap_err()
            .to_string();
        assert!(
            text.ends_with("unknown field `x`; `ui_ready` has no fields"),
            "{text}"
        );
        let text = parse_input(r#"{"type":"login","user_id":"a","x":1}"#)
            .unwrap_err()
            .to_string();
        assert!(text.contains("unknown field `x`"), "{text}");
        // Optional fields may be null or left out.
        assert!(parse_input(r#"{"type":"vendor_token","token":"t","vendor":null}"#).is_ok());
        assert!(parse_input(r#"{"type":"conversation_shown"}"#).is_ok());
        assert!(parse_input(r#"{"type":"conversation_shown","conversation_id":null}"#).is_ok());

        let text = parse_input("login").unwrap_err().to_string();
        assert!(
            text.starts_with("input login: expected value at line 1"),
            "{text}"
        );

        let long = format!(r#"{{"type":"login","user_id":"{}"#, "a".repeat(500));
        let text = parse_input(&long).unwrap_err().to_string();
        assert!(text.contains('…') && text.len() < 400, "{text}");
    }

    #[test]
    fn config_errors_name_the_field() {
        let err = parse_config("edition = \"china\"\nupload_delay_ms = \"5\"\n").unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, PushlaneError::Config(_)), "{err:?}");
        assert!(
            text.starts_with("config: ") && !text.starts_with("config: config: "),
            "{text}"
        );
        assert!(text.contains("upload_delay_ms"), "{text}");

        let text =
            parse_config("[[vendors]]\nvendor = \"xiaomi\"\nbusiness_id = 1\napp_id = \"a\"\n")
                .unwrap_err()
                .to_string();
        assert!(
            text.contains("xiaomi") && text.contains("app_key"),
            "{text}"
        );

        let text = parse_config("edtion = \"china\"\n")
            .unwrap_err()
            .to_string();
        assert!(text.contains("edtion"), "{text}");
    }

    #[test]
    fn persisted_state_reads_back() {
        let mut state = PersistedState::default();
        state.apply(&StoreWrite::Token {
            vendor: "xiaomi".into(),
            token: "mi-token-1".into(),
        });
        state.apply(&StoreWrite::PushEnabled { enabled: false });
        assert_eq!(parse_persisted(&to_json(&state)).unwrap(), state);
        // Nothing pending: the JSON is what older builds wrote and read.
        assert!(!to_json(&state).contains("upload_pending"));
        state.apply(&StoreWrite::UploadPending {
            record: Some(pushlane::UploadRecord {
                user_id: "alice".into(),
                vendor: "xiaomi".into(),
                business_id: 10001,
                token: "mi-token-1".into(),
            }),
        });
        assert_eq!(parse_persisted(&to_json(&state)).unwrap(), state);
        assert_eq!(parse_persisted("{}").unwrap(), PersistedState::default());
        let text = parse_persisted(r#"{"tokens":{"xiaomi":1}}"#)
            .unwrap_err()
            .to_string();
        assert!(
            text.starts_with("persisted state: key `tokens.xiaomi`: invalid type"),
            "{text}"
        );
    }

    #[test]
    fn outputs_are_trace_lines_without_at_ms() {
        let effect = Output::Effect(Effect::UploadToken {
            effect_id: 1,
            vendor: "xiaomi".into(),
            business_id: 10001,
            token: "mi-token-1".into(),
        });
        assert_eq!(
            output_json(&effect).unwrap(),
            r#"{"kind":"effect","type":"upload_token","effect_id":1,"vendor":"xiaomi","business_id":10001,"token":"mi-token-1"}"#
        );
        let event = Output::Event(Event::StateChanged {
            region: "token".into(),
            from: "none".into(),
            to: "scheduled".into(),
        });
        assert_eq!(
            output_json(&event).unwrap(),
            r#"{"kind":"event","type":"state_changed","region":"token","from":"none","to":"scheduled"}"#
        );
        let write = Output::Persist(StoreWrite::PushEnabled { enabled: true });
        assert_eq!(output_json(&write), None);
        // Exactly the trace line of the same output, minus `at_ms`.
        let mut line = effect.trace_line(5100).unwrap();
        line.as_object_mut().unwrap().remove("at_ms");
        assert_eq!(
            serde_json::from_str::<Value>(&output_json(&effect).unwrap()).unwrap(),
            line
        );
    }

    #[test]
    fn host_effects_have_no_effect_id() {
        let effect = HostEffect::try_from(Effect::UploadToken {
            effect_id: 7,
            vendor: "fcm".into(),
            business_id: 2,
            token: "t".into(),
        })
        .unwrap();
        assert_eq!(
            host_effect_json(&effect),
            r#"{"type":"upload_token","vendor":"fcm","business_id":2,"token":"t"}"#
        );
        let click = HostEffect::DeliverClick {
            ext: "{}".into(),
            conversation_id: None,
            title: None,
            body: None,
        };
        assert_eq!(
            serde_json::from_str::<Value>(&host_effect_json(&click)).unwrap(),
            json!({"type": "deliver_click", "ext": "{}", "conversation_id": null})
        );
    }

    #[test]
    fn unlinked_vendors_are_config_errors() {
        let err = core_error(CoreError::VendorNotLinked {
            vendor: "acme".into(),
            linked: vec!["fcm".into()],
        });
        assert!(matches!(err, PushlaneError::Config(_)));
        assert!(err.to_string().contains("`acme`"), "{err}");
        assert_eq!(runtime_error(RuntimeError::Closed), PushlaneError::Closed);
    }
}
