//! `Machine`: the sans-IO core, for hosts that run their own clock, timers and store.

use crate::convert;
use crate::error::PushlaneError;
use pushlane::PersistedState;
use std::sync::{Mutex, MutexGuard};

/// The lifecycle machine of lifecycle.md, without IO: feed inputs with the time they happened,
/// get the effects and events back.
///
/// - `handle(now_ms, input_json)` returns the outputs of that input in emission order, each
///   `{"kind":"effect"|"event","type":…, fields…}` (a trace line without `at_ms`).
/// - Timers are effects: `arm_timer {timer, deadline_ms}` / `cancel_timer {timer}`; when one
///   fires, feed `{"type":"timer","timer":…}`.
/// - `upload_token` / `clear_token` carry an `effect_id`; answer with
///   `{"type":"effect_done","effect_id":…,"ok":…,"error"?:…}`.
/// - Store writes are no outputs: the machine applies them to its persisted state, which
///   `persisted()` returns. A machine built over that JSON after a restart continues as the
///   engine would over the same SQLite store.
#[derive(uniffi::Object)]
pub struct Machine {
    inner: Mutex<pushlane::Machine>,
}

#[uniffi::export]
impl Machine {
    /// A machine for this plugin config (TOML, vendors.md §2) on this device (the scenario
    /// `[device]` table as JSON), starting from `persisted_json` (what `persisted()` returned
    /// before; none: a fresh install).
    #[uniffi::constructor(default(persisted_json = None))]
    pub fn new(
        config_toml: String,
        device_json: String,
        persisted_json: Option<String>,
    ) -> Result<Self, PushlaneError> {
        let config = convert::parse_config(&config_toml)?;
        let device = convert::parse_device(&device_json)?;
        let persisted = match persisted_json.as_deref() {
            Some(json) => convert::parse_persisted(json)?,
            None => PersistedState::default(),
        };
        let machine = pushlane::machine(config, device, persisted).map_err(convert::core_error)?;
        Ok(Machine {
            inner: Mutex::new(machine),
        })
    }

    /// Feeds one input (a trace input line without `at_ms` and `kind`, e.g.
    /// `{"type":"login","user_id":"alice"}`) at `now_ms` of a monotonic clock, and returns its
    /// effects and events in the order emitted. An input that cannot be read is refused with
    /// `PushlaneError.Input` and changes nothing.
    pub fn handle(&self, now_ms: u64, input_json: String) -> Result<Vec<String>, PushlaneError> {
        let input = convert::parse_input(&input_json)?;
        let outputs = self.lock().step(now_ms, input);
        Ok(outputs.iter().filter_map(convert::output_json).collect())
    }

    /// The persisted state (lifecycle.md §10) as JSON, after every store write so far: the
    /// last token per vendor, the upload record, the push preference, and `upload_pending`
    /// while an `upload_token` waits for its result (absent otherwise). Save it before
    /// performing the outputs of the input that changed it, as the engine does with its store.
    pub fn persisted(&self) -> String {
        convert::to_json(self.lock().persisted())
    }

    /// The status snapshot as JSON (`init`, `vendor`, `vendor_reason`, `device_family`,
    /// `business_id`, `token`, `upload`, `push_enabled`, `permission`, `foreground`,
    /// `user_id`, `held_click`).
    pub fn status(&self) -> String {
        convert::to_json(&self.lock().status())
    }

    /// The timers armed now, as a JSON object `{timer: deadline_ms}`.
    pub fn armed_timers(&self) -> String {
        convert::to_json(self.lock().armed_timers())
    }
}

impl Machine {
    fn lock(&self) -> MutexGuard<'_, pushlane::Machine> {
        // A panic inside the machine is caught at the boundary; the machine stays usable.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    pub(crate) const CONFIG: &str = r#"
        edition = "china"
        upload_delay_ms = 5000
        [[vendors]]
        vendor = "xiaomi"
        business_id = 10001
        app_id = "2882303761517000000"
        app_key = "5731700000000"
    "#;
    pub(crate) const DEVICE: &str = r#"{"platform":"android","manufacturer":"Xiaomi",
        "android_api":34,"props":{"ro.miui.ui.version.name":"V140"}}"#;

    fn machine(persisted: Option<String>) -> Machine {
        Machine::new(CONFIG.into(), DEVICE.into(), persisted).unwrap()
    }

    fn feed(machine: &Machine, at: u64, input: Value) -> Vec<Value> {
        machine
            .handle(at, input.to_string())
            .unwrap()
            .iter()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    fn types(outputs: &[Value]) -> Vec<String> {
        outputs
            .iter()
            .map(|o| {
                format!(
                    "{}:{}",
                    o["kind"].as_str().unwrap(),
                    o["type"].as_str().unwrap()
                )
            })
            .collect()
    }

    #[test]
    fn a_lifecycle_and_a_restart() {
        let m = machine(None);
        feed(&m, 0, json!({"type": "sdk_initialized"}));
        let init = feed(&m, 100, json!({"type": "plugin_init"}));
        assert_eq!(
            init[0],
            json!({"kind": "event", "type": "vendor_selected", "vendor": "xiaomi", "reason": "manufacturer"})
        );
        assert!(init
            .contains(&json!({"kind": "effect", "type": "register_vendor", "vendor": "xiaomi"})));
        feed(&m, 200, json!({"type": "login", "user_id": "alice"}));
        let token = feed(
            &m,
            400,
            json!({"type": "vendor_token", "token": "mi-token-1", "vendor": "xiaomi"}),
        );
        assert!(token.contains(&json!({"kind": "effect", "type": "arm_timer", "timer": "token_upload", "deadline_ms": 5100})));
        let status: Value = serde_json::from_str(&m.status()).unwrap();
        assert_eq!(
            status["upload"],
            json!({"state": "scheduled_at", "at_ms": 5100})
        );
        assert_eq!(m.armed_timers(), r#"{"token_upload":5100}"#);

        let upload = feed(&m, 5100, json!({"type": "timer", "timer": "token_upload"}));
        assert_eq!(upload[0]["type"], "upload_token");
        assert_eq!(upload[0]["effect_id"], 1);
        let done = feed(
            &m,
            5300,
            json!({"type": "effect_done", "effect_id": 1, "ok": true}),
        );
        assert_eq!(types(&done)[0], "event:token_uploaded");

        let persisted: Value = serde_json::from_str(&m.persisted()).unwrap();
        assert_eq!(persisted["tokens"]["xiaomi"], "mi-token-1");
        assert_eq!(persisted["upload_record"]["user_id"], "alice");

        // The process dies; a new machine over the persisted state does not upload again.
        let again = machine(Some(m.persisted()));
        feed(&again, 0, json!({"type": "sdk_initialized"}));
        feed(&again, 10, json!({"type": "plugin_init"}));
        let login = feed(&again, 20, json!({"type": "login", "user_id": "alice"}));
        assert!(
            !types(&login)
                .iter()
                .any(|t| t == "effect:upload_token" || t == "effect:arm_timer"),
            "{login:?}"
        );
        let status: Value = serde_json::from_str(&again.status()).unwrap();
        assert_eq!(status["upload"], json!({"state": "uploaded"}));
        assert_eq!(status["token"], "mi-token-1");
    }

    #[test]
    fn a_bad_input_is_refused_and_changes_nothing() {
        let m = machine(None);
        let before = m.status();
        let err = m
            .handle(0, r#"{"type":"sdk_initialised"}"#.into())
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with(r#"input {"type":"sdk_initialised"}: unknown variant"#),
            "{err}"
        );
        assert_eq!(m.status(), before);
        assert!(m.handle(0, "".into()).is_err());
        assert!(m.handle(0, "[]".into()).is_err());
        assert!(m.handle(0, "null".into()).is_err());
    }

    #[test]
    fn constructor_errors_name_the_part() {
        let err = Machine::new("edition = 5".into(), DEVICE.into(), None)
            .err()
            .unwrap();
        assert!(matches!(err, PushlaneError::Config(_)), "{err:?}");
        assert!(err.to_string().contains("edition"), "{err}");

        let err = Machine::new(CONFIG.into(), "{}".into(), None)
            .err()
            .unwrap();
        assert!(matches!(err, PushlaneError::Device(_)), "{err:?}");

        let err = Machine::new(CONFIG.into(), DEVICE.into(), Some("[1]".into()))
            .err()
            .unwrap();
        assert!(matches!(err, PushlaneError::Persisted(_)), "{err:?}");
    }

    #[test]
    fn every_vendor_is_linked() {
        for vendor in [
            "apns", "fcm", "huawei", "honor", "xiaomi", "oppo", "vivo", "meizu",
        ] {
            assert!(
                crate::linked_vendors().contains(&vendor.to_string()),
                "{vendor}"
            );
        }
        // A config naming each vendor can be read (their config types are registered).
        let config = r#"
            [[vendors]]
            vendor = "fcm"
            business_id = 1
        "#;
        Machine::new(config.into(), DEVICE.into(), None).unwrap();
    }

    #[test]
    fn machine_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Machine>();
    }
}
