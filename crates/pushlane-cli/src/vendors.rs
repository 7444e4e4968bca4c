//! `pushlane vendors`: the vendor plugins linked into this build, in their fixed (detection)
//! order, with their capabilities and a summary of their rules (vendors.md §1).

use crate::device_args::yes_no;
use crate::error::CliError;
use pushlane::plugin::{OnVendorError, VendorPlugin};
use std::process::ExitCode;

pub fn run() -> Result<ExitCode, CliError> {
    let plugins = pushlane::linked_vendors().map_err(|e| CliError::Engine(e.to_string()))?;
    print!("{}", render(&plugins));
    Ok(ExitCode::SUCCESS)
}

fn on_error(policy: OnVendorError) -> String {
    match policy {
        OnVendorError::RetryWithLocal => "retry_with_local".to_string(),
        OnVendorError::UseFamily { warning } => format!("use_family ({warning})"),
    }
}

/// The rule each linked vendor answers (vendors.md §1), for people.
fn rule(name: &str) -> &'static str {
    match name {
        "apns" => "every iOS device (platform)",
        "fcm" => "preferred: Android with Google services, edition international, use_fcm (gms_available); no family, the badge follows the phone's launcher",
        "xiaomi" => "manufacturer xiaomi or blackshark; or prop ro.miui.ui.version.name / ro.mi.os.version.name set",
        "huawei" => "manufacturer huawei; or honor without honor_push; or (not honor) prop ro.build.version.emui set",
        "honor" => "manufacturer honor with honor_push",
        "meizu" => "manufacturer meizu; or prop ro.build.display.id contains flyme",
        "oppo" => "manufacturer oppo, oneplus or realme; or prop ro.build.version.opporom / ro.build.version.oplusrom set",
        "vivo" => "manufacturer vivo or iqoo; or prop ro.vivo.os.version set",
        _ => "(see the vendor crate's documentation)",
    }
}

/// The table, then the rules.
pub fn render(plugins: &[&'static dyn VendorPlugin]) -> String {
    let header = [
        "order",
        "vendor",
        "requests_permission",
        "needs_channel",
        "on_error",
        "badge_needs_launcher",
        "polls_token",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for plugin in plugins {
        let caps = plugin.capabilities();
        rows.push(vec![
            plugin.order().to_string(),
            plugin.name().to_string(),
            yes_no(caps.requests_permission).to_string(),
            yes_no(caps.needs_channel).to_string(),
            on_error(caps.on_error),
            yes_no(caps.badge_needs_launcher).to_string(),
            yes_no(caps.polls_token).to_string(),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r[c].len()).max().unwrap_or(0))
        .collect();
    let mut out = format!(
        "{} vendor plugins linked into this build, in detection order:\n\n",
        plugins.len()
    );
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(
        "\nrules (first match in this order; FCM ahead of the families when configured):\n",
    );
    let name_width = plugins.iter().map(|p| p.name().len()).max().unwrap_or(0);
    for plugin in plugins {
        out.push_str(&format!(
            "  {:<name_width$}  {}\n",
            plugin.name(),
            rule(plugin.name())
        ));
    }
    out.push_str(&format!(
        "  {:<name_width$}  otherwise: no family matched, or the family's vendor is not configured\n",
        "local"
    ));
    out
}
