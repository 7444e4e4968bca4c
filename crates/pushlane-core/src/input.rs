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

/// Element type of a message (lifecycle.md §7).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ElemType {
    Text,
    Image,
    Sound,
    Video,
    File,
    Location,
    Face,
    Custom,
    Merger,
    GroupTips,
}

impl ElemType {
    /// The serde name (`group_tips`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, IntoStaticStr, VariantNames)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[strum(serialize_all = "snake_case")]
pub enum Input {
    SdkInitialized,
    PluginInit,
    Login {
        user_id: String,
    },
    Logout,
    KickedOffline,
    UserSigExpired,
    AppState {
        state: AppLifecycle,
    },
    Unread {
        count: u32,
    },
    VendorToken {
        token: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
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
        source: String,
        payload: serde_json::Value,
    },
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
}
