//! `voip_without_call`: a VoIP (PushKit) push is for a call invitation only.

use super::VENDOR;
use pushlane_plugin::sending::{Finding, IosPushType, Push};

/// Error: "On iOS 13.0 and later, incoming Voice over IP calls must be reported when they are
/// received and before this method finishes execution using the CallKit framework, or the
/// system will terminate your app. Repeatedly failing to report calls may prevent your app
/// from receiving any more incoming call notifications." (Apple, PushKit,
/// `pushRegistry(_:didReceiveIncomingPushWith:for:completion:)`,
/// <https://developer.apple.com/documentation/pushkit/pkpushregistrydelegate/pushregistry(_:didreceiveincomingpushwith:for:completion:)>;
/// see also "Responding to VoIP Notifications from PushKit",
/// <https://developer.apple.com/documentation/pushkit/responding-to-voip-notifications-from-pushkit>).
/// A message that is not a call has no call to report.
pub(super) fn check(push: &Push<'_>, findings: &mut Vec<Finding>) {
    if push.info.ios_push_type != IosPushType::Voip || push.is_call() {
        return;
    }
    findings.push(
        Finding::error("voip_without_call", VENDOR)
            .why(format!(
                "ios_push_type is voip but the message ({}) is not a call invitation: on iOS 13 and later the system terminates an app that receives a VoIP push without reporting a call to CallKit, and after repeated failures stops delivering VoIP pushes to it",
                push.message.elem_type
            ))
            .fix("send this message with ios_push_type `apns`; use `voip` only for call invitations"),
    );
}
