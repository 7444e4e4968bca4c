//! Observable events for subscribers, logs and journals (lifecycle.md §3).

use serde::{Deserialize, Serialize};

/// Stable warning codes (lifecycle.md §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningCode {
    PluginInitBeforeSdk,
    VendorNotConfigured,
    TokenUnavailable,
    NotificationsDenied,
    OppoChannelMissing,
    ClickPayloadUnreadable,
    BadgeUnsupported,
    BadgeConfigMissing,
    FcmUnavailable,
    VendorUnavailable,
    StoreReset,
}

impl WarningCode {
    pub const ALL: [WarningCode; 11] = [
        WarningCode::PluginInitBeforeSdk,
        WarningCode::VendorNotConfigured,
        WarningCode::TokenUnavailable,
        WarningCode::NotificationsDenied,
        WarningCode::OppoChannelMissing,
        WarningCode::ClickPayloadUnreadable,
        WarningCode::BadgeUnsupported,
        WarningCode::BadgeConfigMissing,
        WarningCode::FcmUnavailable,
        WarningCode::VendorUnavailable,
        WarningCode::StoreReset,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::PluginInitBeforeSdk => "plugin_init_before_sdk",
            WarningCode::VendorNotConfigured => "vendor_not_configured",
            WarningCode::TokenUnavailable => "token_unavailable",
            WarningCode::NotificationsDenied => "notifications_denied",
            WarningCode::OppoChannelMissing => "oppo_channel_missing",
            WarningCode::ClickPayloadUnreadable => "click_payload_unreadable",
            WarningCode::BadgeUnsupported => "badge_unsupported",
            WarningCode::BadgeConfigMissing => "badge_config_missing",
            WarningCode::FcmUnavailable => "fcm_unavailable",
            WarningCode::VendorUnavailable => "vendor_unavailable",
            WarningCode::StoreReset => "store_reset",
        }
    }

    /// The code of this name, for codes plugins name as text (`fcm_unavailable`).
    pub fn from_name(name: &str) -> Option<WarningCode> {
        WarningCode::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// Engine → subscribers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    VendorSelected {
        vendor: String,
        reason: String,
    },
    StateChanged {
        region: String,
        from: String,
        to: String,
    },
    TokenUploaded {
        vendor: String,
        business_id: u32,
    },
    UploadFailed {
        attempt: u32,
        retry_in_ms: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    UploadSkipped {
        reason: String,
    },
    TokenCleared {
        vendor: String,
        business_id: u32,
    },
    ClearFailed {
        attempt: u32,
        retry_in_ms: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    VendorFailed {
        vendor: String,
        reason: String,
    },
    ClickDeferred,
    ClickIgnored {
        reason: String,
    },
    ClickSuperseded,
    NotificationSuppressed {
        reason: String,
    },
    Warning {
        code: WarningCode,
        detail: String,
    },
    Ignored {
        input: String,
        reason: String,
    },
    /// A store write failed (raised by the runtime, never by the machine): the change is not
    /// durable and the effect that depended on it was still performed.
    StoreError {
        detail: String,
    },
}

impl Event {
    /// The serde tag of this event.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::VendorSelected { .. } => "vendor_selected",
            Event::StateChanged { .. } => "state_changed",
            Event::TokenUploaded { .. } => "token_uploaded",
            Event::UploadFailed { .. } => "upload_failed",
            Event::UploadSkipped { .. } => "upload_skipped",
            Event::TokenCleared { .. } => "token_cleared",
            Event::ClearFailed { .. } => "clear_failed",
            Event::VendorFailed { .. } => "vendor_failed",
            Event::ClickDeferred => "click_deferred",
            Event::ClickIgnored { .. } => "click_ignored",
            Event::ClickSuperseded => "click_superseded",
            Event::NotificationSuppressed { .. } => "notification_suppressed",
            Event::Warning { .. } => "warning",
            Event::Ignored { .. } => "ignored",
            Event::StoreError { .. } => "store_error",
        }
    }

    pub fn warning(code: WarningCode, detail: impl Into<String>) -> Event {
        Event::Warning {
            code,
            detail: detail.into(),
        }
    }
}
