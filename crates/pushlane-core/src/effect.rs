//! Effects: what the engine asks the host to do (lifecycle.md §2).

use crate::input::TimerName;
use serde::{Deserialize, Serialize};

/// Engine → host. `upload_token` and `clear_token` carry an `effect_id` the host answers with
/// `effect_done`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Effect {
    RegisterVendor {
        vendor: String,
    },
    FetchToken {
        vendor: String,
    },
    CreateChannel {
        channel_id: String,
        name: String,
        description: String,
    },
    RequestPermission,
    DisableSdkBadge,
    UploadToken {
        effect_id: u64,
        vendor: String,
        business_id: u32,
        token: String,
    },
    ClearToken {
        effect_id: u64,
        vendor: String,
        business_id: u32,
    },
    ReportForeground,
    ReportBackground {
        unread: u32,
    },
    SetBadge {
        count: u32,
        call: serde_json::Value,
    },
    ClearNotifications,
    ShowNotification {
        channel_id: String,
        title: String,
        body: String,
        ext: String,
    },
    DeliverClick {
        ext: String,
        conversation_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<String>,
    },
    ArmTimer {
        timer: TimerName,
        deadline_ms: u64,
    },
    CancelTimer {
        timer: TimerName,
    },
}

impl Effect {
    /// The serde tag of this effect.
    pub fn kind(&self) -> &'static str {
        match self {
            Effect::RegisterVendor { .. } => "register_vendor",
            Effect::FetchToken { .. } => "fetch_token",
            Effect::CreateChannel { .. } => "create_channel",
            Effect::RequestPermission => "request_permission",
            Effect::DisableSdkBadge => "disable_sdk_badge",
            Effect::UploadToken { .. } => "upload_token",
            Effect::ClearToken { .. } => "clear_token",
            Effect::ReportForeground => "report_foreground",
            Effect::ReportBackground { .. } => "report_background",
            Effect::SetBadge { .. } => "set_badge",
            Effect::ClearNotifications => "clear_notifications",
            Effect::ShowNotification { .. } => "show_notification",
            Effect::DeliverClick { .. } => "deliver_click",
            Effect::ArmTimer { .. } => "arm_timer",
            Effect::CancelTimer { .. } => "cancel_timer",
        }
    }

    /// The id the host answers with `effect_done`, for effects that have a result.
    pub fn effect_id(&self) -> Option<u64> {
        match self {
            Effect::UploadToken { effect_id, .. } | Effect::ClearToken { effect_id, .. } => {
                Some(*effect_id)
            }
            _ => None,
        }
    }
}
