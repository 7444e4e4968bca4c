//! Payload lint: what will make a push not arrive, or arrive degraded, checked before it is
//! sent (vendors.md §5).
//!
//! [`lint`] runs the cross-vendor rules of this crate, then each target vendor's own rules
//! (a vendor plugin contributes them through the plugin API; see [`SendingTarget`]). Findings
//! come out in that order: cross-vendor first, then the targets in the order given, each
//! vendor's rules in its own fixed order.

mod common;
mod finding;
mod limit;

pub use finding::{Finding, Severity};
pub use limit::{Field, LengthLimit, Unit};

use crate::info::OfflinePushInfo;
use crate::message::{Message, Summaries};
use serde_json::Value;

/// A vendor whose sending-side rules take part in [`lint`]. The plugin API implements it for
/// every vendor plugin; `&'static str` is a target with no rules of its own (only the
/// cross-vendor rules apply to it).
pub trait SendingTarget {
    /// The vendor's name (`oppo`).
    fn vendor(&self) -> &'static str;

    /// Adds this vendor's findings about `push`.
    fn lint_sending(&self, push: &Push<'_>, findings: &mut Vec<Finding>);
}

impl SendingTarget for &'static str {
    fn vendor(&self) -> &'static str {
        self
    }

    fn lint_sending(&self, _push: &Push<'_>, _findings: &mut Vec<Finding>) {}
}

/// The push under lint, as the rules see it: the info, the message, and what the server will
/// make of them.
#[derive(Debug)]
pub struct Push<'a> {
    pub info: &'a OfflinePushInfo,
    pub message: &'a Message,
    ext: Option<Result<Value, String>>,
    desc: Option<&'a str>,
    title: &'a str,
}

impl<'a> Push<'a> {
    pub fn new(info: &'a OfflinePushInfo, message: &'a Message, summaries: &'a Summaries) -> Self {
        let ext = (!info.ext.is_empty())
            .then(|| serde_json::from_str::<Value>(&info.ext).map_err(|err| err.to_string()));
        let desc = if info.desc.is_empty() {
            message.fallback_desc(summaries)
        } else {
            Some(info.desc.as_str())
        };
        let title = [Some(info.title.as_str()), message.nick_name.as_deref()]
            .into_iter()
            .flatten()
            .find(|t| !t.is_empty())
            .unwrap_or(&message.sender);
        Push {
            info,
            message,
            ext,
            desc,
            title,
        }
    }

    /// `ext` read as JSON: `None` when `ext` is empty, `Some(Err(why))` when it is not JSON.
    pub fn ext_json(&self) -> Option<Result<&Value, &str>> {
        self.ext
            .as_ref()
            .map(|r| r.as_ref().map_err(String::as_str))
    }

    /// The body the notification shows: `desc`, else the message's text or element summary;
    /// `None` when the server has nothing to show (a custom message without `desc`).
    pub fn desc(&self) -> Option<&'a str> {
        self.desc
    }

    /// The title the notification shows: `title`, else the sender's nickname, else the
    /// sender's id (the server fills it in that way).
    pub fn title(&self) -> &'a str {
        self.title
    }

    /// The message is a call invitation.
    pub fn is_call(&self) -> bool {
        self.message.call.is_some()
    }
}

/// Lints a push for `targets` (vendor plugins, or vendor names for the cross-vendor rules
/// only), with the default summary table.
///
/// ```
/// use pushlane_payload::{lint, ElemType, Message, OfflinePushInfo, Severity};
///
/// let message = Message::new("alice", ElemType::Custom);
/// let findings = lint(&OfflinePushInfo::default(), &message, &["fcm"]);
/// assert_eq!(findings[0].code, "custom_without_desc");
/// assert_eq!(findings[0].severity, Severity::Error);
/// ```
pub fn lint<T: SendingTarget>(
    info: &OfflinePushInfo,
    message: &Message,
    targets: &[T],
) -> Vec<Finding> {
    lint_with_summaries(info, message, targets, &Summaries::new())
}

/// [`lint`] with the summary table overridden per element type. A push with `disable_push`
/// has no findings: nothing is sent.
pub fn lint_with_summaries<T: SendingTarget>(
    info: &OfflinePushInfo,
    message: &Message,
    targets: &[T],
    summaries: &Summaries,
) -> Vec<Finding> {
    if info.disable_push {
        // Nothing is pushed, so nothing can go wrong on the way.
        return Vec::new();
    }
    let push = Push::new(info, message, summaries);
    let mut vendor_findings = Vec::new();
    for target in targets {
        target.lint_sending(&push, &mut vendor_findings);
    }
    let vendors: Vec<&'static str> = targets.iter().map(SendingTarget::vendor).collect();
    let mut findings = common::lint(&push, &vendors, &vendor_findings);
    findings.extend(vendor_findings);
    findings
}

/// The worst severity among `findings` is an error: the push will not arrive or is refused.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
