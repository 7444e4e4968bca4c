//! Observable events for subscribers, logs and journals (lifecycle.md §3).

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray, VariantNames};

/// Stable warning codes (lifecycle.md §9).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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
    pub const ALL: &'static [WarningCode] = Self::VARIANTS;

    /// The serde name (`fcm_unavailable`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The code of this name, for codes plugins name as text (`fcm_unavailable`).
    pub fn from_name(name: &str) -> Option<WarningCode> {
        name.parse().ok()
    }
}

/// Engine → subscribers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, IntoStaticStr, VariantNames)]
#[serde(tag = "type", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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
        self.into()
    }

    pub fn warning(code: WarningCode, detail: impl Into<String>) -> Event {
        Event::Warning {
            code,
            detail: detail.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn warning_names_are_the_serde_names_and_read_back() {
        assert_eq!(WarningCode::ALL.len(), 11);
        for code in WarningCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), json!(code.as_str()));
            assert_eq!(WarningCode::from_name(code.as_str()), Some(*code));
        }
        assert_eq!(WarningCode::FcmUnavailable.as_str(), "fcm_unavailable");
        assert_eq!(
            WarningCode::from_name("oppo_channel_missing"),
            Some(WarningCode::OppoChannelMissing)
        );
        assert_eq!(WarningCode::from_name("vivo_channel_missing"), None);
        assert_eq!(WarningCode::from_name("FcmUnavailable"), None);
    }

    #[test]
    fn kinds_are_the_serde_tags() {
        assert_eq!(Event::VARIANTS.len(), 15);
        for kind in Event::VARIANTS {
            match serde_json::from_value::<Event>(json!({ "type": kind })) {
                Ok(event) => assert_eq!(event.kind(), *kind),
                Err(e) => assert!(e.to_string().starts_with("missing field"), "{kind}: {e}"),
            }
        }
        let warning = Event::warning(WarningCode::StoreReset, "gone");
        assert_eq!(warning.kind(), "warning");
        assert_eq!(
            serde_json::to_value(&warning).unwrap(),
            json!({"type": "warning", "code": "store_reset", "detail": "gone"})
        );
        assert_eq!(Event::ClickSuperseded.kind(), "click_superseded");
    }
}
