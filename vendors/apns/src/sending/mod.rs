//! The apns sending-side rules (vendors.md §5): what makes an APNs push refused, or arrive
//! degraded, checked before the Chat server sends it.
//!
//! - [`payload`]: the payload the server sends ([`apns_json`]) against Apple's size limits
//!   (`apns_payload_too_large`), and Tencent's advice on `desc` + `ext`
//!   (`apns_desc_ext_too_large`);
//! - [`sound`]: `ios_sound` names something iOS can play (`ios_sound_invalid`);
//! - [`voip`]: a VoIP push is for a call invitation only (`voip_without_call`).
//!
//! There is no `title_too_long` or `desc_too_long` for APNs: Apple documents no length limit
//! for the alert's title or body, only the size of the whole payload ("Generating a remote
//! notification", <https://developer.apple.com/documentation/usernotifications/generating-a-remote-notification>),
//! which `apns_payload_too_large` checks. The system truncates a long alert on screen, but
//! the push arrives.
//!
//! A push with `disable_push` is not sent at all, so none of these rules apply to it.

mod payload;
mod sound;
mod voip;

pub use payload::apns_json;

use pushlane_plugin::sending::{Finding, Push};

/// The vendor name every finding of this module carries.
const VENDOR: &str = "apns";

/// The apns rules, in a fixed order: payload size, `desc` + `ext`, sound, VoIP.
pub(crate) fn lint(push: &Push<'_>, findings: &mut Vec<Finding>) {
    if push.info.disable_push {
        return;
    }
    payload::check(push, findings);
    sound::check(push, findings);
    voip::check(push, findings);
}
