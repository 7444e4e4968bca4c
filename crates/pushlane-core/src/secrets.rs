//! The secrets the engine knows (device tokens, the config's app keys and secrets) and their
//! removal from free text: any string that reaches a person (an event's reason or detail, a
//! log line, a pretty trace, a journal) shows each known secret as its [`fingerprint`].
//!
//! Fields whose value *is* a token (`vendor_token.token`, `upload_token.token`, the store) are
//! not free text: they are exact where the host needs them and fingerprinted as a whole
//! elsewhere. This is for the rest: SDK error texts quote the token they failed on, and a chat
//! message may quote one too.

mod config_fields;

use crate::event::Event;
use crate::output::{fingerprint, is_fingerprint};
use crate::persist::PersistedState;
use pushlane_plugin::PluginConfig;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::VecDeque;

/// Config keys of vendor entries that hold secrets (vendors.md §2).
pub const SECRET_CONFIG_KEYS: [&str; 4] =
    ["app_key", "app_secret", "master_secret", "client_secret"];

/// Shorter values are not looked for in free text: they would match ordinary words and
/// numbers. Every real token and key is far longer (FCM tokens are ~160 characters, Xiaomi
/// app keys 13 digits); exact token fields are fingerprinted whatever their length.
pub const MIN_SECRET_LEN: usize = 6;

/// How many device tokens are remembered (the config's secrets are always kept): a process
/// sees a handful, one per vendor and a refresh now and then.
pub const TOKENS_REMEMBERED: usize = 32;

/// Known secrets (their fingerprints are made when a text quotes them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    config: Vec<String>,
    /// Oldest first.
    tokens: VecDeque<String>,
}

impl Secrets {
    /// The secrets of a plugin config: the values of [`SECRET_CONFIG_KEYS`] in its vendor
    /// entries.
    pub fn from_config(config: &PluginConfig) -> Secrets {
        let mut secrets = Secrets::default();
        for entry in &config.vendors {
            for secret in config_fields::secret_fields(entry).into_iter().flatten() {
                if worth_looking_for(&secret) && !secrets.config.contains(&secret) {
                    secrets.config.reserve_exact(1);
                    secrets.config.push(secret);
                }
            }
        }
        secrets
    }

    /// Learns a device token (nothing for a fingerprint, a short or a known value).
    pub fn learn_token(&mut self, token: &str) {
        if !worth_looking_for(token) || self.knows(token) {
            return;
        }
        if self.tokens.len() >= TOKENS_REMEMBERED {
            self.tokens.pop_front();
        }
        // Grown one at a time: a process learns a handful of tokens.
        self.tokens.reserve_exact(1);
        self.tokens.push_back(token.to_string());
    }

    fn knows(&self, secret: &str) -> bool {
        self.config.iter().chain(&self.tokens).any(|s| s == secret)
    }

    /// Learns the tokens of a persisted state (per vendor, in the upload record and in the
    /// pending upload).
    pub fn learn_state(&mut self, state: &PersistedState) {
        for token in state.tokens.values() {
            self.learn_token(token);
        }
        for record in [&state.upload_record, &state.upload_pending]
            .into_iter()
            .flatten()
        {
            self.learn_token(&record.token);
        }
    }

    /// Learns everything `other` knows.
    pub fn learn_all(&mut self, other: &Secrets) {
        for secret in &other.config {
            if !self.config.contains(secret) {
                self.config.push(secret.clone());
            }
        }
        for token in &other.tokens {
            self.learn_token(token);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.config.is_empty() && self.tokens.is_empty()
    }

    /// `text` with every known secret replaced by its fingerprint (the longest first where two
    /// overlap; a fingerprint put in is never scanned again).
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut found: Vec<(&str, String)> = self
            .config
            .iter()
            .chain(&self.tokens)
            .filter(|secret| text.contains(secret.as_str()))
            .map(|secret| (secret.as_str(), fingerprint(secret)))
            .collect();
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        found.sort_by_key(|(secret, _)| std::cmp::Reverse(secret.len()));
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        'scan: while let Some(c) = rest.chars().next() {
            for (secret, fp) in &found {
                if let Some(after) = rest.strip_prefix(secret) {
                    out.push_str(fp);
                    rest = after;
                    continue 'scan;
                }
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        Cow::Owned(out)
    }

    /// Every string in `value` (object keys too) scrubbed.
    pub fn scrub_value(&self, value: &mut Value) {
        if self.is_empty() {
            return;
        }
        match value {
            Value::String(text) => {
                if let Cow::Owned(scrubbed) = self.scrub(text) {
                    *text = scrubbed;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_value(v)),
            Value::Object(map) => {
                let fields = std::mem::take(map);
                for (key, mut item) in fields {
                    self.scrub_value(&mut item);
                    map.insert(self.scrub(&key).into_owned(), item);
                }
            }
            _ => {}
        }
    }

    /// The event with its free text (reasons, details, errors) scrubbed.
    pub fn scrub_event(&self, mut event: Event) -> Event {
        self.scrub_event_in_place(&mut event);
        event
    }

    /// [`scrub_event`](Self::scrub_event) without moving the event: events without free text
    /// (most of them) cost one `match`.
    pub fn scrub_event_in_place(&self, event: &mut Event) {
        let text = match event {
            Event::VendorFailed { reason: text, .. }
            | Event::Warning { detail: text, .. }
            | Event::StoreError { detail: text } => text,
            Event::UploadFailed {
                error: Some(text), ..
            }
            | Event::ClearFailed {
                error: Some(text), ..
            } => text,
            _ => return,
        };
        if let Cow::Owned(scrubbed) = self.scrub(text) {
            *text = scrubbed;
        }
    }
}

/// Whether a value is looked for in text: long enough, and not a fingerprint already.
fn worth_looking_for(secret: &str) -> bool {
    secret.chars().count() >= MIN_SECRET_LEN && !is_fingerprint(secret)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::WarningCode;
    use serde_json::json;

    fn known(tokens: &[&str]) -> Secrets {
        let mut secrets = Secrets::default();
        for token in tokens {
            secrets.learn_token(token);
        }
        secrets
    }

    #[test]
    fn every_occurrence_becomes_the_fingerprint() {
        let secrets = known(&["mi-token-1"]);
        let fp = fingerprint("mi-token-1");
        assert_eq!(
            secrets.scrub("bad mi-token-1; again mi-token-1."),
            format!("bad {fp}; again {fp}.")
        );
        assert!(matches!(secrets.scrub("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_longest_secret_wins_and_fingerprints_are_not_rescanned() {
        let secrets = known(&["abcdef", "abcdefgh"]);
        assert_eq!(
            secrets.scrub("x abcdefgh y abcdef"),
            format!("x {} y {}", fingerprint("abcdefgh"), fingerprint("abcdef"))
        );
        // A secret that is a fingerprint, or too short, is not looked for.
        let fp = fingerprint("mi-token-1");
        let secrets = known(&[&fp, "t1", ""]);
        assert!(secrets.is_empty());
        assert_eq!(secrets.scrub(&format!("{fp} t1")), format!("{fp} t1"));
    }

    #[test]
    fn values_and_events_are_scrubbed_in_their_free_text() {
        let secrets = known(&["mi-token-1"]);
        let fp = fingerprint("mi-token-1");
        let mut value = json!({"ext": {"mi-token-1": ["token mi-token-1"]}, "n": 1});
        secrets.scrub_value(&mut value);
        assert_eq!(
            value,
            json!({"ext": {fp.clone(): [format!("token {fp}")]}, "n": 1})
        );
        let event = secrets.scrub_event(Event::warning(
            WarningCode::VendorUnavailable,
            "xiaomi failed (mi-token-1)",
        ));
        assert_eq!(
            event,
            Event::warning(
                WarningCode::VendorUnavailable,
                format!("xiaomi failed ({fp})")
            )
        );
    }

    #[test]
    fn tokens_remembered_are_bounded_and_config_secrets_stay() {
        let mut secrets = known(&[]);
        for n in 0..(TOKENS_REMEMBERED + 10) {
            secrets.learn_token(&format!("token-{n:04}"));
        }
        assert_eq!(secrets.tokens.len(), TOKENS_REMEMBERED);
        assert!(secrets.scrub("token-0000").contains("token-0000"));
        assert!(!secrets
            .scrub(&format!("token-{:04}", TOKENS_REMEMBERED + 9))
            .contains("token-"));
    }
}
