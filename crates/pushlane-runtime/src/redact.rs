//! Secrets as fingerprints: device tokens and app secrets never reach a log or a journal in
//! full, only as [`fingerprint`]s (`fp:9f2c01ab`). The same token always gives the same
//! fingerprint, so a journal replays with fingerprints in place of tokens (lifecycle.md
//! invariant 10) and dedup against the stored upload record still works.

use pushlane_core::{
    fingerprint, is_fingerprint, Effect, Input, Output, PersistedState, StoreWrite, UploadRecord,
};
use serde_json::Value;

/// Config keys of vendor entries that hold secrets.
pub const SECRET_KEYS: [&str; 4] = ["app_key", "app_secret", "master_secret", "client_secret"];

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

/// A JSON rendering for logs: the item with its tokens fingerprinted.
pub(crate) fn log_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("<unserialisable: {e}>"))
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
    fn scrub_replaces_the_secret() {
        assert_eq!(
            scrub("bad token abc", "abc"),
            format!("bad token {}", fingerprint("abc"))
        );
    }
}
