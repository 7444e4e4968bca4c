//! Checks across entries (duplicate vendors, shared business ids) and the delivery knowledge of
//! vendors.md (channels, badges, FCM and the China edition, store listings, consoles).
//!
//! They read the entries as written, so they run even for entries with field errors.

use super::{Checked, Finding};
use pushlane::plugin::{DeviceInfo, VendorPlugin};
use serde_json::Value;

pub fn check(checked: &Checked, findings: &mut Vec<Finding>) {
    no_vendors(checked, findings);
    duplicate_vendors(checked, findings);
    shared_business_ids(checked, findings);
    channels(checked, findings);
    oppo_badge(checked, findings);
    fcm(checked, findings);
    launcher(checked, findings);
    honor_huawei_split(checked, findings);
    vendor_notes(checked, findings);
}

/// The configured vendors' names, in config order, once each.
fn configured(checked: &Checked) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for entry in &checked.entries {
        if let Some(vendor) = entry.vendor.as_deref() {
            if !names.contains(&vendor) {
                names.push(vendor);
            }
        }
    }
    names
}

fn plugin(checked: &Checked, name: &str) -> Option<&'static dyn VendorPlugin> {
    checked.plugins.iter().find(|p| p.name() == name).copied()
}

/// Whether a plugin serves iOS (its family is the iOS platform): its config is no sign of an
/// Android app.
fn serves_ios(plugin: &dyn VendorPlugin) -> bool {
    plugin.family(&DeviceInfo::ios()).is_some()
}

fn no_vendors(checked: &Checked, findings: &mut Vec<Finding>) {
    let empty = match checked.top.get("vendors") {
        None => true,
        Some(Value::Array(list)) => list.is_empty(),
        Some(_) => false,
    };
    if empty {
        findings.push(Finding::warning(
            "no_vendors",
            "vendors",
            "no vendor is configured",
            "every device gets local notifications only, and those only while the app process is \
             alive: no offline push reaches a device (vendor_not_configured)",
            "add a [[vendors]] entry for each channel the app ships (vendors.md §2)",
        ));
    }
}

fn duplicate_vendors(checked: &Checked, findings: &mut Vec<Finding>) {
    for name in configured(checked) {
        let places: Vec<String> = checked
            .entries
            .iter()
            .filter(|e| e.vendor.as_deref() == Some(name))
            .map(|e| format!("vendors[{}]", e.index))
            .collect();
        if places.len() > 1 {
            findings.push(Finding::error(
                "duplicate_vendor",
                name,
                format!("{name} is configured twice ({})", places.join(", ")),
                "the engine refuses a config that names a vendor twice: it cannot tell which \
                 credentials and certificate to use",
                format!("keep one {name} entry"),
            ));
        }
    }
}

fn shared_business_ids(checked: &Checked, findings: &mut Vec<Finding>) {
    let mut by_id: Vec<(u64, Vec<(String, usize)>)> = Vec::new();
    for entry in &checked.entries {
        let (Some(vendor), Some(id)) = (
            &entry.vendor,
            entry.raw.get("business_id").and_then(|v| v.as_u64()),
        ) else {
            continue;
        };
        if id == 0 {
            continue;
        }
        match by_id.iter_mut().find(|(i, _)| *i == id) {
            Some((_, users)) => users.push((vendor.clone(), entry.index)),
            None => by_id.push((id, vec![(vendor.clone(), entry.index)])),
        }
    }
    for (id, users) in by_id {
        let mut vendors: Vec<&str> = Vec::new();
        for (vendor, _) in &users {
            if !vendors.contains(&vendor.as_str()) {
                vendors.push(vendor);
            }
        }
        if vendors.len() < 2 {
            continue; // one vendor twice is duplicate_vendor's finding
        }
        findings.push(Finding::error(
            "shared_business_id",
            vendors.join(", "),
            format!("{} share business_id {id}", vendors.join(" and ")),
            "the business id is the Chat console's certificate ID of one vendor channel: tokens \
             uploaded under another vendor's certificate are pushed through the wrong channel and \
             never arrive",
            "give each vendor the certificate ID the Chat console shows for that vendor's channel",
        ));
    }
}

/// Vendors that need their own channel (OPPO), and channel fields that do nothing.
fn channels(checked: &Checked, findings: &mut Vec<Finding>) {
    for name in configured(checked) {
        let Some(entry) = checked.entry(name) else {
            continue;
        };
        let has_id = entry.text("channel_id").is_some();
        let needs = plugin(checked, name).is_some_and(|p| p.capabilities().needs_channel);
        if needs && !has_id {
            findings.push(Finding::error(
                format!("{name}_channel_missing"),
                entry.label(),
                format!("{name} has no channel_id"),
                format!(
                    "without a notification channel of its own, {name} notifications are not \
                     shown on Android 8+ (the engine only warns {name}_channel_missing): pushes \
                     arrive and nobody sees them"
                ),
                format!(
                    "add channel_id (and channel_name, channel_description) to the {name} entry, \
                     the private-message channel registered on the {name} console for IM"
                ),
            ));
        }
        if name == "xiaomi" && !has_id {
            findings.push(Finding::warning(
                "xiaomi_channel_missing",
                entry.label(),
                "xiaomi has no channel_id",
                "MIUI 10+ classifies messages by channel: without the \"important\" (IM) channel, \
                 messages go out as ordinary ones, which Xiaomi rate-limits",
                "add channel_id = the IM channel registered on the Xiaomi console",
            ));
        }
        let stray: Vec<&str> = ["channel_name", "channel_description"]
            .into_iter()
            .filter(|k| entry.raw.contains_key(*k))
            .collect();
        if !has_id && !stray.is_empty() {
            findings.push(Finding::warning(
                "channel_fields_ignored",
                entry.label(),
                format!("{name} has {} but no channel_id", stray.join(" and ")),
                "no channel is created without its id, so these fields do nothing",
                format!(
                    "add channel_id to the {name} entry, or remove {}",
                    stray.join(" and ")
                ),
            ));
        }
    }
}

/// OPPO's launcher badge is a privilege OPPO grants on request (vendors.md §2, §3).
fn oppo_badge(checked: &Checked, findings: &mut Vec<Finding>) {
    let Some(entry) = checked.entry("oppo") else {
        return;
    };
    match entry.raw.get("badge_enabled") {
        Some(Value::Bool(true)) => findings.push(Finding::info(
            "oppo_badge_privilege",
            entry.label(),
            "oppo badge_enabled = true: the badge call goes to the ColorOS launcher",
            "the badge is a privilege OPPO grants on request; without it the launcher ignores \
             setAppBadgeCount and OPPO phones show no badge",
            "keep it only once OPPO has granted the badge privilege to this app; else set \
             badge_enabled = false",
        )),
        Some(Value::Bool(false)) | None => findings.push(Finding::info(
            "oppo_badge_off",
            entry.label(),
            "oppo has no badge_enabled: OPPO, OnePlus and realme phones get no launcher badge",
            "the badge call is only made with the privilege OPPO grants on request; the engine \
             warns badge_unsupported",
            "request the badge privilege from OPPO, then set badge_enabled = true",
        )),
        Some(_) => {} // a wrong type is the entry's own finding
    }
}

/// FCM and the editions (vendors.md §1 step 2).
fn fcm(checked: &Checked, findings: &mut Vec<Finding>) {
    let china = checked.top.get("edition").and_then(|v| v.as_str()) == Some("china");
    let use_fcm = checked
        .top
        .get("use_fcm")
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    match checked.entry("fcm") {
        Some(entry) if china => findings.push(Finding::warning(
            "fcm_in_china_edition",
            entry.label(),
            "fcm is configured in the china edition",
            "the China edition never uses FCM: phones with Google services are served by their \
             family's vendor, or local only when it is not configured; the fcm entry is dead",
            "remove the fcm entry, or ship the international edition (edition = \"international\") \
             for users outside China",
        )),
        Some(entry) if !use_fcm => findings.push(Finding::warning(
            "fcm_disabled",
            entry.label(),
            "fcm is configured but use_fcm = false",
            "with use_fcm off, FCM never serves, so the fcm entry is dead and phones with Google \
             services are served by their family's vendor (local only without one)",
            "set use_fcm = true to use FCM where Google services are usable, or remove the fcm entry",
        )),
        None if !china && use_fcm => {
            let android = configured(checked).into_iter().any(|name| {
                plugin(checked, name).is_some_and(|p| !serves_ios(p))
            });
            if android {
                findings.push(Finding::info(
                    "fcm_not_configured",
                    "fcm",
                    "international edition with use_fcm, but no fcm entry",
                    "phones with Google services would be served by FCM; without it the engine \
                     warns vendor_not_configured and uses their family's vendor, and phones with \
                     no family (Samsung, Pixel, TECNO…) get local notifications only",
                    "add an fcm entry for users outside China, or set use_fcm = false if this is \
                     deliberate",
                ));
            }
        }
        _ => {}
    }
}

/// Badge families that need `package_name` and `launcher_class` (vendors.md §3).
fn launcher(checked: &Checked, findings: &mut Vec<Finding>) {
    let families: Vec<&str> = checked
        .plugins
        .iter()
        .filter(|p| p.capabilities().badge_needs_launcher)
        .map(|p| p.name())
        .collect();
    if families.is_empty() {
        return;
    }
    // The badge follows the phone's launcher, not the push channel: any Android app runs on
    // these phones (a Huawei phone on FCM still sets its badge the Huawei way).
    let android = configured(checked)
        .into_iter()
        .any(|name| plugin(checked, name).is_some_and(|p| !serves_ios(p)));
    if !android {
        return;
    }
    let configured_families: Vec<&str> = families
        .iter()
        .copied()
        .filter(|f| checked.entry(f).is_some())
        .collect();
    for field in ["package_name", "launcher_class"] {
        if checked.text(field).is_some() || !checked_value_ok(checked, field) {
            continue;
        }
        let which = if configured_families.is_empty() {
            families.join(", ")
        } else {
            configured_families.join(", ")
        };
        findings.push(Finding::warning(
            format!("{field}_missing"),
            field,
            format!("no {field}, and the {which} badge calls need it"),
            format!(
                "{which} phones get no launcher badge (the engine warns badge_config_missing); the \
                 badge follows the phone's launcher, even when FCM carries the pushes"
            ),
            match field {
                "package_name" => "set package_name to the app's package, e.g. \"com.example.chat\"".to_string(),
                _ => "set launcher_class to the app's launcher activity, fully qualified, e.g. \"com.example.chat.MainActivity\"".to_string(),
            },
        ));
    }
    if let Some(class) = checked.text("launcher_class") {
        if class.starts_with('.') || !class.contains('.') {
            let fix = match checked.text("package_name") {
                Some(package) => format!(
                    "write it fully qualified, e.g. \"{package}{}{}\"",
                    if class.starts_with('.') { "" } else { "." },
                    class
                ),
                None => {
                    "write it fully qualified, e.g. \"com.example.chat.MainActivity\"".to_string()
                }
            };
            findings.push(Finding::warning(
                "launcher_class_not_qualified",
                "launcher_class",
                format!("launcher_class {class:?} is not a fully qualified class name"),
                format!(
                    "the {} launchers match the badge's class against the launcher activity's full \
                     name; a short name sets no badge",
                    families.join(", ")
                ),
                fix,
            ));
        }
    }
}

/// A top-level field with a value of the wrong type is its own finding already.
fn checked_value_ok(checked: &Checked, field: &str) -> bool {
    matches!(checked.top.get(field), None | Some(Value::String(_)))
}

/// Honor phones split between two vendors (vendors.md §1).
fn honor_huawei_split(checked: &Checked, findings: &mut Vec<Finding>) {
    let huawei = checked.entry("huawei");
    let honor = checked.entry("honor");
    match (huawei, honor) {
        (Some(_), None) if plugin(checked, "honor").is_some() => findings.push(Finding::info(
            "honor_not_configured",
            "honor",
            "huawei is configured but honor is not",
            "Honor phones made after the split (manufacturer HONOR with the Honor push service) \
             belong to the honor family: without an honor entry they get local notifications only",
            "add an honor entry (app_id from the manifest meta-data com.hihonor.push.app_id)",
        )),
        (None, Some(_)) if plugin(checked, "huawei").is_some() => findings.push(Finding::info(
            "huawei_not_configured",
            "huawei",
            "honor is configured but huawei is not",
            "Honor phones of the Huawei era (manufacturer HUAWEI, or HONOR without the Honor push \
             service) belong to the huawei family: without a huawei entry they get local \
             notifications only",
            "add a huawei entry",
        )),
        _ => {}
    }
}

/// Things to know per configured vendor (vendors.md §2 notes).
fn vendor_notes(checked: &Checked, findings: &mut Vec<Finding>) {
    if let Some(entry) = checked.entry("vivo") {
        findings.push(Finding::info(
            "vivo_store_listing",
            entry.label(),
            "vivo formal push starts only after the app is listed in the vivo store",
            "until then vivo delivers test pushes only (to test devices registered on the vivo \
             console)",
            "list the app in the vivo app store before relying on vivo push; test with registered \
             test devices meanwhile",
        ));
    }
    if let Some(entry) = checked.entry("huawei") {
        let class = checked
            .text("launcher_class")
            .unwrap_or("the launcher activity");
        findings.push(Finding::info(
            "huawei_badge_parameter",
            entry.label(),
            "the Chat console's Huawei \"badge parameter\" must be the launcher activity",
            "Huawei's server sets the badge of offline pushes with that class: another value shows \
             no badge",
            format!("set the badge parameter of the Huawei certificate in the Chat console to {class}"),
        ));
    }
    if let Some(entry) = checked.entry("apns") {
        findings.push(Finding::info(
            "apns_environment",
            entry.label(),
            "the apns business_id must be the certificate for the environment the app is signed for",
            "a development build's tokens are refused by the production APNs gateway and the \
             other way round: pushes silently never arrive",
            "use the development certificate's ID for debug builds and the production one for \
             store builds",
        ));
    }
}
