//! Inputs: what a host feeds the engine (lifecycle.md §1). The serde tags are the names used in
//! scenarios, journals and bindings.

use serde::{Deserialize, Serialize};

/// The fixed set of timers (lifecycle.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

    pub fn as_str(self) -> &'static str {
        match self {
            TimerName::TokenUpload => "token_upload",
            TimerName::UploadRetry => "upload_retry",
            TimerName::TokenFetch => "token_fetch",
            TimerName::ClearRetry => "clear_retry",
            TimerName::VendorRetry => "vendor_retry",
        }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    pub fn as_str(self) -> &'static str {
        match self {
            ElemType::Text => "text",
            ElemType::Image => "image",
            ElemType::Sound => "sound",
            ElemType::Video => "video",
            ElemType::File => "file",
            ElemType::Location => "location",
            ElemType::Face => "face",
            ElemType::Custom => "custom",
            ElemType::Merger => "merger",
            ElemType::GroupTips => "group_tips",
        }
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
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
    /// The serde tag of this input (`login`, `vendor_token`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Input::SdkInitialized => "sdk_initialized",
            Input::PluginInit => "plugin_init",
            Input::Login { .. } => "login",
            Input::Logout => "logout",
            Input::KickedOffline => "kicked_offline",
            Input::UserSigExpired => "user_sig_expired",
            Input::AppState { .. } => "app_state",
            Input::Unread { .. } => "unread",
            Input::VendorToken { .. } => "vendor_token",
            Input::VendorError { .. } => "vendor_error",
            Input::Permission { .. } => "permission",
            Input::PushEnabled { .. } => "push_enabled",
            Input::EffectDone { .. } => "effect_done",
            Input::Timer { .. } => "timer",
            Input::NotificationClicked { .. } => "notification_clicked",
            Input::UiReady => "ui_ready",
            Input::ConversationShown { .. } => "conversation_shown",
            Input::MessageReceived { .. } => "message_received",
        }
    }

    /// Every input tag, for error messages and suggestions.
    pub const KINDS: [&'static str; 18] = [
        "sdk_initialized",
        "plugin_init",
        "login",
        "logout",
        "kicked_offline",
        "user_sig_expired",
        "app_state",
        "unread",
        "vendor_token",
        "vendor_error",
        "permission",
        "push_enabled",
        "effect_done",
        "timer",
        "notification_clicked",
        "ui_ready",
        "conversation_shown",
        "message_received",
    ];
}
