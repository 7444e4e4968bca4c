//! What the host is asked to do: the effects of lifecycle.md §2 without the two the engine
//! runs itself (`arm_timer`, `cancel_timer`).

use pushlane_core::Effect;
use pushlane_plugin::SetBadgeCall;
use serde::{Deserialize, Serialize};

/// One call the host performs ([`Host::perform`](crate::Host::perform)).
///
/// It is the machine's [`Effect`] without `arm_timer` / `cancel_timer` (the engine runs
/// timers on tokio time) and without the `effect_id` of `upload_token` / `clear_token` (the
/// engine answers the machine with `effect_done` itself, from what `perform` returns). The
/// badge call is typed ([`SetBadgeCall`], one variant per kind of launcher call).
///
/// The enum is exhaustive on purpose: a host matching on it without a catch-all arm is told by
/// the compiler when an effect is added. It serialises as the effect does (`{"type": …}`, the
/// badge call as its vendors.md §3 object), minus `effect_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HostEffect {
    /// Register with the vendor SDK; the token comes back later as input `vendor_token`
    /// (or `vendor_error`).
    RegisterVendor { vendor: String },
    /// Ask the vendor SDK for its token again (answered by `vendor_token`).
    FetchToken { vendor: String },
    /// Create an Android notification channel.
    CreateChannel {
        channel_id: String,
        name: String,
        description: String,
    },
    /// Ask for notification permission; the answer comes back as input `permission`.
    RequestPermission,
    /// iOS: let the app own the icon badge (the Chat SDK stops setting it).
    DisableSdkBadge,
    /// `setOfflinePushConfig(business_id, token)`. Return `Ok` once the server accepted it.
    UploadToken {
        vendor: String,
        business_id: u32,
        token: String,
    },
    /// `setOfflinePushConfig(business_id, "")`. Return `Ok` once the server accepted it.
    ClearToken { vendor: String, business_id: u32 },
    /// The Chat SDK's `doForeground()`.
    ReportForeground,
    /// The Chat SDK's `doBackground(unread)`.
    ReportBackground { unread: u32 },
    /// Perform the launcher badge call.
    SetBadge { count: u32, call: SetBadgeCall },
    /// Remove this app's notifications from the tray.
    ClearNotifications,
    /// Post a local notification carrying `ext` (a tap comes back as `notification_clicked`
    /// with source `local`).
    ShowNotification {
        channel_id: String,
        title: String,
        body: String,
        ext: String,
    },
    /// Call the app's click callback (usually: open the conversation).
    DeliverClick {
        ext: String,
        conversation_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<String>,
    },
}

impl HostEffect {
    /// The host's part of an effect; `None` for `arm_timer` / `cancel_timer`.
    pub fn from_effect(effect: Effect) -> Option<HostEffect> {
        HostEffect::try_from(effect).ok()
    }

    /// The effect's `type` (`upload_token`, `set_badge`, …), as in lifecycle.md §2.
    pub fn kind(&self) -> &'static str {
        match self {
            HostEffect::RegisterVendor { .. } => "register_vendor",
            HostEffect::FetchToken { .. } => "fetch_token",
            HostEffect::CreateChannel { .. } => "create_channel",
            HostEffect::RequestPermission => "request_permission",
            HostEffect::DisableSdkBadge => "disable_sdk_badge",
            HostEffect::UploadToken { .. } => "upload_token",
            HostEffect::ClearToken { .. } => "clear_token",
            HostEffect::ReportForeground => "report_foreground",
            HostEffect::ReportBackground { .. } => "report_background",
            HostEffect::SetBadge { .. } => "set_badge",
            HostEffect::ClearNotifications => "clear_notifications",
            HostEffect::ShowNotification { .. } => "show_notification",
            HostEffect::DeliverClick { .. } => "deliver_click",
        }
    }

    /// Whether this is a network call whose result the machine waits for (`upload_token`,
    /// `clear_token`): performed concurrently, outside the order of the other calls.
    pub fn is_network(&self) -> bool {
        matches!(
            self,
            HostEffect::UploadToken { .. } | HostEffect::ClearToken { .. }
        )
    }
}

impl TryFrom<Effect> for HostEffect {
    /// An effect that is not the host's (`arm_timer`, `cancel_timer`), handed back.
    type Error = Effect;

    fn try_from(effect: Effect) -> Result<HostEffect, Effect> {
        Ok(match effect {
            Effect::RegisterVendor { vendor } => HostEffect::RegisterVendor { vendor },
            Effect::FetchToken { vendor } => HostEffect::FetchToken { vendor },
            Effect::CreateChannel {
                channel_id,
                name,
                description,
            } => HostEffect::CreateChannel {
                channel_id,
                name,
                description,
            },
            Effect::RequestPermission => HostEffect::RequestPermission,
            Effect::DisableSdkBadge => HostEffect::DisableSdkBadge,
            Effect::UploadToken {
                vendor,
                business_id,
                token,
                ..
            } => HostEffect::UploadToken {
                vendor,
                business_id,
                token,
            },
            Effect::ClearToken {
                vendor,
                business_id,
                ..
            } => HostEffect::ClearToken {
                vendor,
                business_id,
            },
            Effect::ReportForeground => HostEffect::ReportForeground,
            Effect::ReportBackground { unread } => HostEffect::ReportBackground { unread },
            Effect::SetBadge { count, call } => HostEffect::SetBadge { count, call },
            Effect::ClearNotifications => HostEffect::ClearNotifications,
            Effect::ShowNotification {
                channel_id,
                title,
                body,
                ext,
            } => HostEffect::ShowNotification {
                channel_id,
                title,
                body,
                ext,
            },
            Effect::DeliverClick {
                ext,
                conversation_id,
                title,
                body,
            } => HostEffect::DeliverClick {
                ext,
                conversation_id,
                title,
                body,
            },
            // arm_timer / cancel_timer: the engine runs them.
            other => return Err(other),
        })
    }
}
