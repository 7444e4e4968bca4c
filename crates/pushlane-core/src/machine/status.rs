//! A snapshot a host can show or log (the reference plugin's `getDevicePushConfig`,
//! `getDevicePushToken`, `getOtherPushType` and `getBuzId` in one call).

use super::token::InFlightKind;
use super::Machine;
use crate::input::TimerName;
use serde::Serialize;

/// Where the token upload stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum UploadState {
    None,
    ScheduledAt { at_ms: u64 },
    Uploading { effect_id: u64 },
    Uploaded,
    Retrying { attempt: u32, at_ms: u64 },
    Clearing,
}

/// The click waiting for login and `ui_ready`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldClickStatus {
    pub ext: String,
    pub conversation_id: Option<String>,
}

/// Everything a host may want to know at once. The token is the host's own, so in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub init: String,
    pub vendor: Option<String>,
    pub vendor_reason: Option<String>,
    pub device_family: Option<String>,
    pub business_id: Option<u32>,
    pub token: Option<String>,
    pub upload: UploadState,
    pub push_enabled: bool,
    pub permission: Option<bool>,
    pub foreground: bool,
    pub user_id: Option<String>,
    pub held_click: Option<HeldClickStatus>,
}

impl Machine {
    /// The current snapshot.
    pub fn status(&self) -> Status {
        let upload = match &self.token.in_flight {
            Some(f) => match f.kind {
                InFlightKind::Upload(_) => UploadState::Uploading {
                    effect_id: f.effect_id,
                },
                InFlightKind::Clear(_) => UploadState::Clearing,
            },
            None => {
                if self.is_armed(TimerName::ClearRetry) {
                    UploadState::Clearing
                } else if let Some(at) = self.timers.get(&TimerName::UploadRetry) {
                    UploadState::Retrying {
                        attempt: self.token.upload_attempt,
                        at_ms: *at,
                    }
                } else if let Some(at) = self.timers.get(&TimerName::TokenUpload) {
                    UploadState::ScheduledAt { at_ms: *at }
                } else if self
                    .desired_record()
                    .is_some_and(|want| self.known_on_server(want))
                {
                    UploadState::Uploaded
                } else {
                    UploadState::None
                }
            }
        };
        Status {
            init: self.init_state().to_string(),
            vendor: self.selected().map(str::to_string),
            vendor_reason: self.init.reason.clone(),
            device_family: self.family.map(|f| f.name().to_string()),
            business_id: self.init.selected.as_ref().and_then(|s| s.business_id),
            token: self
                .current_token()
                .or(self.init.early_token.as_deref())
                .map(str::to_string),
            upload,
            push_enabled: self.store.push_enabled,
            permission: self.session.permission,
            foreground: self.visibility.foreground,
            user_id: self.session.user.clone(),
            held_click: self
                .held_click()
                .map(|(ext, conversation_id)| HeldClickStatus {
                    ext: ext.to_string(),
                    conversation_id: conversation_id.map(str::to_string),
                }),
        }
    }
}
