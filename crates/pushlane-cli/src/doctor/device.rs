//! `doctor --device FILE`: which vendor would serve that device with this config, and what is
//! wrong for that device in particular (its family's vendor not configured, its badge call).

use super::{Checked, Finding};
use crate::detect;
use crate::device_args;
use pushlane::plugin::{DeviceInfo, OnVendorError};

/// The example unread count of the badge call shown.
const BADGE_COUNT: u32 = 5;

/// The device section of the report; adds the device's findings.
pub fn section(
    checked: &Checked,
    device: &DeviceInfo,
    accepted: bool,
    findings: &mut Vec<Finding>,
) -> String {
    let config = &checked.usable;
    let explanation = detect::explain(&checked.plugins, config, device, BADGE_COUNT);
    let selection = &explanation.selection;
    let mut out = String::new();
    let mut line = |label: &str, lines: Vec<String>| {
        for (i, text) in lines.iter().enumerate() {
            let head = if i == 0 { label } else { "" };
            out.push_str(&format!("{head:<10}{text}\n"));
        }
    };
    line("device", device_args::describe(device));
    if !accepted {
        line(
            "note",
            vec![
                "the engine refuses this config as it is; the answer below uses its valid parts"
                    .to_string(),
            ],
        );
    }
    line("family", vec![detect::family_text(selection, device)]);
    let reason = detect::reason_text(&selection.reason);
    line(
        "vendor",
        vec![format!(
            "{} would serve this device (reason {}{}{})",
            selection.vendor,
            selection.reason,
            if reason.is_empty() { "" } else { ": " },
            reason
        )],
    );
    line("badge", detect::badge_lines(&explanation.badge));

    let family = selection.family.map(|f| f.name());
    let subject = format!("device {}", device.manufacturer.trim());

    // Warnings of the selection: a preferred channel not configured, the family's vendor not
    // configured (the last one when the reason says so).
    let mut warnings = selection.warnings.clone();
    if selection.reason == "family_not_configured" {
        warnings.pop();
    }
    for (code, message) in warnings {
        let missing = message.split_whitespace().next().unwrap_or("").to_string();
        findings.push(Finding::warning(
            code.as_str(),
            subject.clone(),
            message,
            format!(
                "{missing} would serve this device ahead of its family, but the engine warns \
                 vendor_not_configured and goes on to the family rule"
            ),
            format!("add a {missing} entry, or ignore this if it is deliberate"),
        ));
    }
    match (selection.reason.as_str(), family) {
        ("family_not_configured", Some(family)) => findings.push(Finding::error(
            "family_not_configured",
            subject.clone(),
            format!("this device is in the {family} family, and {family} is not configured"),
            "no offline push reaches this device: local notifications only, and those only while \
             the app process is alive (vendor_not_configured)",
            format!("add a [[vendors]] entry with vendor = \"{family}\""),
        )),
        ("no_family", _) => findings.push(Finding::warning(
            "no_family",
            subject.clone(),
            "this device matches no vendor family (an uncertified phone, or one without Google \
             services)",
            "no vendor channel reaches it: local notifications only, while the app process is \
             alive",
            if device.is_android() {
                "nothing in this config can fix it; FCM serves such phones when they have Google \
                 services (international edition, fcm configured)"
            } else {
                "nothing in this config can fix it"
            },
        )),
        _ => {}
    }

    // The selected channel gives up for the family's vendor on error (FCM): is it configured?
    if let Some(plugin) = checked
        .plugins
        .iter()
        .find(|p| p.name() == selection.vendor)
    {
        if let OnVendorError::UseFamily { warning } = plugin.capabilities().on_error {
            let family_configured = family.is_some_and(|f| config.vendor(f).is_some());
            if !family_configured {
                let what = match family {
                    Some(f) => format!(
                        "{} serves this device, and its fallback, the {f} family's vendor, is not configured",
                        plugin.name()
                    ),
                    None => format!(
                        "{} serves this device, and the device has no family to fall back to",
                        plugin.name()
                    ),
                };
                findings.push(Finding::warning(
                    "no_fallback",
                    subject.clone(),
                    what,
                    format!(
                        "when {} fails ({warning}: often present but blocked), the engine selects \
                         the family's vendor instead; without one the device is left with local \
                         notifications only",
                        plugin.name()
                    ),
                    match family {
                        Some(f) => format!("add a [[vendors]] entry with vendor = \"{f}\""),
                        None => "nothing to configure for this device".to_string(),
                    },
                ));
            }
        }
        if plugin.capabilities().requests_permission && device.is_android() {
            findings.push(Finding::info(
                "permission_request",
                subject.clone(),
                format!(
                    "{} asks for the notification permission at runtime on every Android version",
                    plugin.name()
                ),
                "if the user refuses, no notification is shown (notifications_denied)",
                "let the host answer request_permission with the system dialog; explain why before \
                 asking",
            ));
        }
    }

    // The badge the device's launcher would get.
    let badge = &explanation.badge;
    match (badge.outcome, family) {
        ("config_missing", Some(family)) => {
            let field = badge.field.unwrap_or("launcher_class");
            let said = format!("{field}_missing");
            if findings.iter().any(|f| f.code == said) {
                // The config-level finding names the field already; say which device it hits.
                return out;
            }
            findings.push(Finding::warning(
                "badge_config_missing",
                subject.clone(),
                format!("the {family} badge call needs {field}, and the config has none"),
                format!(
                    "this device gets no launcher badge (badge_config_missing); the badge follows \
                     the {family} launcher whichever channel carries the pushes"
                ),
                format!("set {field} in the config (the app's package / launcher activity, fully qualified)"),
            ))
        }
        ("unsupported", Some("oppo")) => findings.push(Finding::warning(
            "oppo_badge_off",
            subject.clone(),
            "OPPO family without badge_enabled: this device gets no launcher badge",
            "the ColorOS badge call is only made with the privilege OPPO grants on request \
             (badge_unsupported)",
            "request the badge privilege from OPPO, then set badge_enabled = true in the oppo entry",
        )),
        ("unsupported", _) => findings.push(Finding::info(
            "badge_unsupported",
            subject.clone(),
            "this device gets no launcher badge",
            badge.why.clone(),
            "nothing to configure",
        )),
        _ => {}
    }
    out
}
