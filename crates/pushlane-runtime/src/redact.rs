//! Secrets as fingerprints: device tokens and app secrets never reach a log or a journal in
//! full, only as [`fingerprint`]s (`fp:9f2c01ab`). The same token always gives the same
//! fingerprint, so a journal replays with fingerprints in place of tokens (lifecycle.md
//! invariant 10) and dedup against the stored upload record still works.
//!
//! Two layers: fields that *are* a token (`vendor_token.token`, `upload_token.token`, the
//! store's) are fingerprinted as a whole ([`redact_input`], [`redact_effect`], …); and every
//! other string that reaches a log or a journal has each secret the machine knows
//! ([`Secrets`]: tokens seen so far, the config's keys and secrets) replaced by its fingerprint
//! ([`redact_input_with`], [`log_text`], `log_json`) — SDK error texts quote the token they
//! failed on.

use pushlane_core::{
    fingerprint, is_fingerprint, Effect, Input, Output, PersistedState, Secrets, StoreWrite,
    UploadRecord,
};
use serde_json::Value;

/// Config keys of vendor entries that hold secrets.
pub const SECRET_KEYS: [&str; 4] = pushlane_core::SECRET_CONFIG_KEYS;

/// The fingerprint of a token; the empty token (`vendor_token {token: ""}`, "not available
/// yet") stays empty, since that is what it means, and a fingerprint stays as it is (so
/// redacting a replayed journal item twice changes nothing).
pub fn token_fp(token: &str) -> String {
    if token.is_empty() || is_fingerprint(token) {
        token.to_string()
    } else {
        fingerprint(token)
    }
}

/// The input with its token fingerprinted and every known secret in its other strings (a
/// `vendor_error` reason, an `effect_done` error, a click payload, a message) as its
/// fingerprint: what a journal stores.
pub fn redact_input_with(input: &Input, secrets: &Secrets) -> Input {
    let redacted = redact_input(input);
    if secrets.is_empty() {
        return redacted;
    }
    let Ok(mut value) = serde_json::to_value(&redacted) else {
        return redacted;
    };
    secrets.scrub_value(&mut value);
    // An input reads back from its own JSON; one built in code that does not (an empty
    // `user_id`) keeps its token redaction only.
    serde_json::from_value(value).unwrap_or(redacted)
}

/// The input with its token fingerprinted.
pub fn redact_input(input: &Input) -> Input {
    match input {
        Input::VendorToken { token, vendor } => Input::VendorToken {
            token: token_fp(token),
            vendor: vendor.clone(),
        },
        other => other.clone(),
    }
}

/// The effect with its token fingerprinted.
pub fn redact_effect(effect: &Effect) -> Effect {
    match effect {
        Effect::UploadToken {
            effect_id,
            vendor,
            business_id,
            token,
        } => Effect::UploadToken {
            effect_id: *effect_id,
            vendor: vendor.clone(),
            business_id: *business_id,
            token: token_fp(token),
        },
        other => other.clone(),
    }
}

fn redact_record(record: &UploadRecord) -> UploadRecord {
    UploadRecord {
        token: token_fp(&record.token),
        ..record.clone()
    }
}

/// The store write with its token fingerprinted.
pub fn redact_write(write: &StoreWrite) -> StoreWrite {
    match write {
        StoreWrite::Token { vendor, token } => StoreWrite::Token {
            vendor: vendor.clone(),
            token: token_fp(token),
        },
        StoreWrite::UploadRecord { record } => StoreWrite::UploadRecord {
            record: record.as_ref().map(redact_record),
        },
        StoreWrite::UploadPending { record } => StoreWrite::UploadPending {
            record: record.as_ref().map(redact_record),
        },
        other => other.clone(),
    }
}

/// The output with its tokens fingerprinted (events carry none).
pub fn redact_output(output: &Output) -> Output {
    match output {
        Output::Persist(write) => Output::Persist(redact_write(write)),
        Output::Effect(effect) => Output::Effect(redact_effect(effect)),
        Output::Event(event) => Output::Event(event.clone()),
    }
}

/// The persisted state with every token fingerprinted.
pub fn redact_state(state: &PersistedState) -> PersistedState {
    PersistedState {
        tokens: state
            .tokens
            .iter()
            .map(|(vendor, token)| (vendor.clone(), token_fp(token)))
            .collect(),
        upload_record: state.upload_record.as_ref().map(redact_record),
        upload_pending: state.upload_pending.as_ref().map(redact_record),
        push_enabled: state.push_enabled,
    }
}

/// A serialised plugin config with the secrets of its vendor entries fingerprinted.
pub fn redact_config(mut config: Value) -> Value {
    if let Some(Value::Array(vendors)) = config.get_mut("vendors") {
        for entry in vendors.iter_mut().filter_map(Value::as_object_mut) {
            for key in SECRET_KEYS {
                if let Some(Value::String(secret)) = entry.get_mut(key) {
                    *secret = token_fp(secret);
                }
            }
        }
    }
    config
}

/// `text` with every occurrence of `secret` replaced by its fingerprint (host error messages
/// that quote the token they failed to upload).
pub fn scrub(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        text.to_string()
    } else {
        text.replace(secret, &fingerprint(secret))
    }
}

/// Free text for a log line (a host's error message, a warning's detail) with every known
/// secret as its fingerprint.
pub fn log_text(text: &str, secrets: &Secrets) -> String {
    secrets.scrub(text).into_owned()
}

/// A JSON rendering for logs: the item (its token fields already fingerprinted by the caller)
/// with every known secret in any of its strings as its fingerprint.
pub(crate) fn log_json<T: serde::Serialize>(value: &T, secrets: &Secrets) -> String {
    match serde_json::to_value(value) {
        Ok(mut json) => {
            secrets.scrub_value(&mut json);
            json.to_string()
        }
        Err(e) => format!("<unserialisable: {e}>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacting_a_fingerprint_again_changes_nothing() {
        let once = token_fp("secret-token");
        assert_eq!(once, fingerprint("secret-token"));
        assert_eq!(token_fp(&once), once);
    }

    #[test]
    fn tokens_become_fingerprints_and_empty_stays_empty() {
        let input = Input::VendorToken {
            token: "secret-token".into(),
            vendor: Some("xiaomi".into()),
        };
        let Input::VendorToken { token, .. } = redact_input(&input) else {
            panic!()
        };
        assert_eq!(token, fingerprint("secret-token"));
        assert_eq!(token_fp(""), "");
    }

    #[test]
    fn config_secrets_are_fingerprinted() {
        let config = serde_json::json!({
            "vendors": [{"vendor": "oppo", "app_key": "k", "app_secret": "s", "business_id": 1}]
        });
        let out = redact_config(config);
        assert_eq!(out["vendors"][0]["app_secret"], fingerprint("s"));
        assert_eq!(out["vendors"][0]["app_key"], fingerprint("k"));
        assert_eq!(out["vendors"][0]["business_id"], 1);
    }

    #[test]
    fn inputs_and_log_json_have_known_secrets_in_any_string_as_fingerprints() {
        let mut secrets = Secrets::default();
        secrets.learn_token("mi-token-quoted");
        let fp = fingerprint("mi-token-quoted");
        let input = Input::VendorError {
            reason: "register failed for mi-token-quoted".into(),
        };
        assert_eq!(
            redact_input_with(&input, &secrets),
            Input::VendorError {
                reason: format!("register failed for {fp}")
            }
        );
        let click = Input::NotificationClicked {
            source: "local".into(),
            payload: serde_json::json!({"ext": "{\"t\":\"mi-token-quoted\"}"}),
        };
        let text = log_json(&click, &secrets);
        assert!(
            !text.contains("mi-token-quoted") && text.contains(&fp),
            "{text}"
        );
        // A token field: fingerprinted whether known or not.
        let token = Input::VendorToken {
            token: "never-seen-token".into(),
            vendor: None,
        };
        assert_eq!(
            redact_input_with(&token, &secrets),
            redact_input(&token),
            "the token field is fingerprinted as a whole"
        );
        assert_eq!(log_text("no secret", &secrets), "no secret");
    }

    #[test]
    fn scrub_replaces_the_secret() {
        assert_eq!(
            scrub("bad token abc", "abc"),
            format!("bad token {}", fingerprint("abc"))
        );
    }
}
