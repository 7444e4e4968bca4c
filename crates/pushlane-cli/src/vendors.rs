//! `pushlane vendors`: the vendor plugins linked into this build, in their fixed (detection)
//! order, with their capabilities and a summary of their rules (vendors.md §1).

use crate::device_args::yes_no;
use crate::error::CliError;
use comfy_table::{presets, ContentArrangement, Table};
use pushlane::plugin::{OnVendorError, VendorPlugin};
use std::process::ExitCode;

pub fn run() -> Result<ExitCode, CliError> {
    let plugins = pushlane::linked_vendors().map_err(|e| CliError::Engine(e.to_string()))?;
    crate::output::print(&render(&plugins))?;
    Ok(ExitCode::SUCCESS)
}

fn on_error(policy: OnVendorError) -> String {
    match policy {
        OnVendorError::RetryWithLocal => "retry_with_local".to_string(),
        OnVendorError::UseFamily { warning } => format!("use_family ({warning})"),
    }
}

/// The capability table (a Markdown table, so it pastes into issues and docs as it is), then
/// each plugin's own detection rule.
pub fn render(plugins: &[&'static dyn VendorPlugin]) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::ASCII_MARKDOWN)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header([
            "order",
            "vendor",
            "requests_permission",
            "needs_channel",
            "on_error",
            "badge_needs_launcher",
            "polls_token",
        ]);
    for plugin in plugins {
        let caps = plugin.capabilities();
        table.add_row([
            plugin.order().to_string(),
            plugin.name().to_string(),
            yes_no(caps.requests_permission).to_string(),
            yes_no(caps.needs_channel).to_string(),
            on_error(caps.on_error),
            yes_no(caps.badge_needs_launcher).to_string(),
            yes_no(caps.polls_token).to_string(),
        ]);
    }
    let mut out = format!(
        "{} vendor plugins linked into this build, in detection order:\n\n{}\n",
        plugins.len(),
        table.trim_fmt()
    );
    out.push_str(
        "\nrules (first match in this order; FCM ahead of the families when configured):\n",
    );
    let name_width = plugins.iter().map(|p| p.name().len()).max().unwrap_or(0);
    for plugin in plugins {
        out.push_str(&format!(
            "  {:<name_width$}  {}\n",
            plugin.name(),
            plugin.detection_rule()
        ));
    }
    out.push_str(&format!(
        "  {:<name_width$}  otherwise: no family matched, or the family's vendor is not configured\n",
        "local"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane::plugin::registry::UNDESCRIBED_DETECTION_RULE;
    use pushlane::plugin::VendorDefinition;

    static ACME: VendorDefinition =
        VendorDefinition::new("acme", 900).with_detection_rule("manufacturer acme, nothing else");
    static QUIET: VendorDefinition = VendorDefinition::new("quiet", 910);

    #[test]
    fn each_plugin_gives_its_own_rule() {
        let text = render(&[&ACME, &QUIET]);
        assert!(text.starts_with("2 vendor plugins linked"), "{text}");
        assert!(
            text.contains("\n  acme   manufacturer acme, nothing else\n"),
            "{text}"
        );
        assert!(
            text.contains(&format!("\n  quiet  {UNDESCRIBED_DETECTION_RULE}\n")),
            "{text}"
        );
        assert!(text.ends_with(
            "\n  local  otherwise: no family matched, or the family's vendor is not configured\n"
        ));
        assert!(
            text.contains("| 900   | acme   | no                  |"),
            "{text}"
        );
    }
}
