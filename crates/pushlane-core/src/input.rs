//! Inputs: what a host feeds the engine (lifecycle.md §1). The serde tags are the names used in
//! scenarios, journals and bindings.

use serde::{Deserialize, Serialize};
use strum::{IntoStaticStr, VariantNames};

/// The fixed set of timers (lifecycle.md §2).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TimerName {
    TokenUpload,
    UploadRetry,
    TokenFetch,
    ClearRetry,
    VendorRetry,
}

impl TimerName {
    pub const ALL: [TimerName; 5] = [
        TimerName::TokenUpload,
        TimerName::UploadRetry,
        TimerName::TokenFetch,
        TimerName::ClearRetry,
        TimerName::VendorRetry,
    ];

    /// The serde name (`token_upload`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Flutter's `AppLifecycleState` names; native hosts map to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppLifecycle {
    Resumed,
    Inactive,
    Paused,
    Hidden,
    Detached,
}

impl AppLifecycle {
    /// `resumed` is foreground; every other state is background.
    pub fn is_foreground(self) -> bool {
        self == AppLifecycle::Resumed
    }
}

/// Element type of a message (lifecycle.md §7): the sending side's type, so that local
/// notifications and pushes built by `pushlane-payload` share one summary table.
pub use pushlane_payload::ElemType;

/// A message's offline-push info; every field is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfflinePushInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disable_push: bool,
}

/// A message that arrived over the online connection (`message_received.message`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub msg_id: String,
    pub sender: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    pub elem_type: ElemType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default)]
    pub is_self: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_push_info: Option<OfflinePushInfo>,
}

/// Host → engine (lifecycle.md §1).
///
/// Reading one refuses what has no meaning: an unknown field (on the inputs without fields
/// too), an empty `user_id`, an empty `vendor` name on `vendor_token` and an empty click
/// `source`. The machine itself answers those built in code with `ignored` (see
/// [`Machine::handle_input`](crate::Machine::handle_input)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, IntoStaticStr, VariantNames)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[strum(serialize_all = "snake_case")]
pub enum Input {
    #[serde(deserialize_with = "names::sdk_initialized")]
    SdkInitialized,
    #[serde(deserialize_with = "names::plugin_init")]
    PluginInit,
    Login {
        #[serde(deserialize_with = "names::user_id")]
        user_id: String,
    },
    #[serde(deserialize_with = "names::logout")]
    Logout,
    #[serde(deserialize_with = "names::kicked_offline")]
    KickedOffline,
    #[serde(deserialize_with = "names::user_sig_expired")]
    UserSigExpired,
    AppState {
        state: AppLifecycle,
    },
    Unread {
        count: u32,
    },
    VendorToken {
        token: String,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "names::vendor"
        )]
        vendor: Option<String>,
    },
    VendorError {
        reason: String,
    },
    Permission {
        granted: bool,
    },
    PushEnabled {
        enabled: bool,
    },
    EffectDone {
        effect_id: u64,
        ok: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    Timer {
        timer: TimerName,
    },
    NotificationClicked {
        #[serde(deserialize_with = "names::source")]
        source: String,
        payload: serde_json::Value,
    },
    #[serde(deserialize_with = "names::ui_ready")]
    UiReady,
    ConversationShown {
        #[serde(default)]
        conversation_id: Option<String>,
    },
    MessageReceived {
        message: Message,
    },
}

impl Input {
    /// Every input tag, in declaration order, for error messages and suggestions.
    pub const KINDS: &'static [&'static str] = Self::VARIANTS;

    /// The serde tag of this input (`login`, `vendor_token`, …).
    pub fn kind(&self) -> &'static str {
        self.into()
    }
}

/// The checks serde runs while reading an input.
mod names {
    use serde::de::{Deserializer, Error, IgnoredAny};
    use serde::Deserialize;
    use std::collections::BTreeMap;

    /// The inputs without fields: their map must hold nothing but `type` (serde lets anything
    /// through on the unit variants of an internally tagged enum).
    macro_rules! no_fields {
        ($($kind:ident),*) => {$(
            pub fn $kind<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
                no_fields_of(deserializer, stringify!($kind))
            }
        )*};
    }
    no_fields!(
        sdk_initialized,
        plugin_init,
        logout,
        kicked_offline,
        user_sig_expired,
        ui_ready
    );

    fn no_fields_of<'de, D: Deserializer<'de>>(
        deserializer: D,
        kind: &str,
    ) -> Result<(), D::Error> {
        let fields = BTreeMap::<String, IgnoredAny>::deserialize(deserializer)?;
        match fields.keys().next() {
            Some(extra) => Err(D::Error::custom(format_args!(
                "unknown field `{extra}`; `{kind}` has no fields"
            ))),
            None => Ok(()),
        }
    }

    pub fn user_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        non_empty(
            deserializer,
            "user_id",
            "the Chat SDK user id that logged in",
        )
    }

    pub fn vendor<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            Some(name) if name.is_empty() => Err(empty::<D::Error>(
                "vendor",
                "the vendor whose SDK gave the token, e.g. \"xiaomi\", or no `vendor` for the selected one",
            )),
            other => Ok(other),
        }
    }

    pub fn source<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        non_empty(
            deserializer,
            "source",
            "the vendor that delivered the click, e.g. \"huawei\", or \"local\"",
        )
    }

    fn non_empty<'de, D: Deserializer<'de>>(
        deserializer: D,
        field: &str,
        expected: &str,
    ) -> Result<String, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.is_empty() {
            return Err(empty::<D::Error>(field, expected));
        }
        Ok(text)
    }

    fn empty<E: Error>(field: &str, expected: &str) -> E {
        E::custom(format_args!("`{field}` is empty; expected {expected}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn timer_and_elem_type_names_are_the_serde_names() {
        let timers: Vec<&str> = TimerName::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(
            timers,
            [
                "token_upload",
                "upload_retry",
                "token_fetch",
                "clear_retry",
                "vendor_retry"
            ]
        );
        for timer in TimerName::ALL {
            assert_eq!(serde_json::to_value(timer).unwrap(), json!(timer.as_str()));
        }
        for name in ["text", "image", "custom", "merger", "group_tips"] {
            let elem: ElemType = serde_json::from_value(json!(name)).unwrap();
            assert_eq!(elem.as_str(), name);
        }
    }

    #[test]
    fn kinds_are_the_serde_tags() {
        assert_eq!(Input::KINDS.len(), 18);
        assert_eq!(Input::KINDS[0], "sdk_initialized");
        assert!(Input::KINDS.contains(&"user_sig_expired"));
        for kind in Input::KINDS {
            // Every name is a tag serde knows: a unit input reads back as itself, the others
            // only lack their fields.
            match serde_json::from_value::<Input>(json!({ "type": kind })) {
                Ok(input) => assert_eq!(input.kind(), *kind),
                Err(e) => assert!(e.to_string().starts_with("missing field"), "{kind}: {e}"),
            }
        }
        let token = Input::VendorToken {
            token: "t".into(),
            vendor: None,
        };
        assert_eq!(token.kind(), "vendor_token");
        assert_eq!(serde_json::to_value(&token).unwrap()["type"], token.kind());
    }

    #[test]
    fn inputs_without_fields_refuse_unknown_fields_like_the_others() {
        for kind in Input::KINDS {
            let Ok(input) = serde_json::from_value::<Input>(json!({ "type": kind })) else {
                continue;
            };
            assert_eq!(input.kind(), *kind);
            let err = serde_json::from_value::<Input>(json!({ "type": kind, "x": 1 }))
                .expect_err(kind)
                .to_string();
            assert!(err.contains("unknown field `x`"), "{kind}: {err}");
        }
        let err = serde_json::from_value::<Input>(json!({"type": "login", "user_id": "a", "x": 1}))
            .unwrap_err();
        assert!(err.to_string().contains("unknown field `x`"), "{err}");
    }

    #[test]
    fn empty_user_id_vendor_and_click_source_are_refused_when_read() {
        for (input, field) in [
            (json!({"type": "login", "user_id": ""}), "user_id"),
            (
                json!({"type": "vendor_token", "token": "t", "vendor": ""}),
                "vendor",
            ),
            (
                json!({"type": "notification_clicked", "source": "", "payload": {}}),
                "source",
            ),
        ] {
            let err = serde_json::from_value::<Input>(input.clone())
                .expect_err(&input.to_string())
                .to_string();
            assert!(err.contains(&format!("`{field}`")), "{input}: {err}");
            assert!(err.contains("empty"), "{input}: {err}");
        }
        // An empty token still means "not available yet" (lifecycle.md §1), and no vendor is
        // the selected one.
        let token: Input =
            serde_json::from_value(json!({"type": "vendor_token", "token": ""})).unwrap();
        assert_eq!(
            token,
            Input::VendorToken {
                token: String::new(),
                vendor: None
            }
        );
    }
}
