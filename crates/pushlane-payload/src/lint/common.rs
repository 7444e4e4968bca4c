//! The cross-vendor rules (vendors.md §5, row "all").

use super::{Finding, Push, Severity};
use crate::message::ElemType;

/// Findings of the cross-vendor rules. `vendor_findings` are what the targets' own rules
/// found: a vendor that reports `ext_not_json` itself (OPPO, as an error) is not warned
/// about again here.
pub(super) fn lint(
    push: &Push<'_>,
    vendors: &[&'static str],
    vendor_findings: &[Finding],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if push.message.elem_type == ElemType::Custom && push.info.desc.is_empty() {
        findings.push(
            Finding::cross_vendor("custom_without_desc", Severity::Error)
                .why("a custom message without desc is never pushed: the server cannot summarise its content")
                .fix("set offline_push_info.desc to the text the notification should show"),
        );
    }
    if let Some(Err(cause)) = push.ext_json() {
        let flagged = |vendor: &&str| {
            vendor_findings
                .iter()
                .any(|f| f.code == "ext_not_json" && f.vendor == Some(*vendor))
        };
        if vendors.is_empty() || !vendors.iter().all(flagged) {
            findings.push(
                Finding::cross_vendor("ext_not_json", Severity::Warning)
                    .why(format!(
                        "ext is not JSON ({cause}): the receiving app cannot read the conversation from it, so a tap opens the app's home screen"
                    ))
                    .fix(r#"send ext as a JSON object such as {"conversationID":"c2c_<sender>"}"#),
            );
        }
    }
    crate::call::lint(push, &mut findings);
    findings
}
