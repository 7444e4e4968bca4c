//! Effects: what the engine asks the host to do (lifecycle.md §2).

use crate::input::TimerName;
use pushlane_plugin::SetBadgeCall;
use serde::{Deserialize, Serialize};
use strum::{IntoStaticStr, VariantNames};

/// Engine → host. `upload_token` and `clear_token` carry an `effect_id` the host answers with
/// `effect_done`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, IntoStaticStr, VariantNames)]
#[serde(tag = "type", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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
        /// The launcher badge call (vendors.md §3); serialised as its JSON object.
        call: SetBadgeCall,
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
        self.into()
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_are_the_serde_tags() {
        assert_eq!(Effect::VARIANTS.len(), 15);
        for kind in Effect::VARIANTS {
            match serde_json::from_value::<Effect>(json!({ "type": kind })) {
                Ok(effect) => assert_eq!(effect.kind(), *kind),
                Err(e) => assert!(e.to_string().starts_with("missing field"), "{kind}: {e}"),
            }
        }
        let upload = Effect::UploadToken {
            effect_id: 1,
            vendor: "oppo".into(),
            business_id: 7,
            token: "t".into(),
        };
        assert_eq!(upload.kind(), "upload_token");
        assert_eq!(
            serde_json::to_value(&upload).unwrap()["type"],
            upload.kind()
        );
        assert_eq!(Effect::DisableSdkBadge.kind(), "disable_sdk_badge");
    }
}
