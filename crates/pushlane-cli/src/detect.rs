//! `pushlane detect`: which channel serves a device, by which rule, and which badge call it
//! would use (vendors.md §1 and §3), decided by the real plugins through the core's `select`.

use crate::device_args::{self, DeviceFlags};
use crate::error::CliError;
use clap::{Args, ValueEnum};
use pushlane::plugin::{
    BadgeCall, BadgeContext, DeviceInfo, Edition, PluginConfig, VendorConfig, VendorPlugin,
};
use pushlane::select::{select, Selection};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output of `detect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people.
    Text,
    /// One JSON object, for scripts.
    Json,
}

/// `--edition`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EditionArg {
    China,
    International,
}

impl From<EditionArg> for Edition {
    fn from(edition: EditionArg) -> Self {
        match edition {
            EditionArg::China => Edition::China,
            EditionArg::International => Edition::International,
        }
    }
}

/// `pushlane detect`.
#[derive(Args, Debug, Clone)]
pub struct DetectArgs {
    /// The device as a TOML or JSON file (the keys of a scenario's [device] table; a scenario
    /// file works too). Without it, describe the device with the flags below.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["platform", "manufacturer", "brand", "api", "gms", "honor_push", "props"])]
    pub device: Option<PathBuf>,
    #[command(flatten)]
    pub flags: DeviceFlags,
    /// The plugin config (TOML, or JSON by extension). Without it, every linked vendor counts
    /// as configured.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Product edition; overrides the config's `edition` (default: the config's, else
    /// international).
    #[arg(long, value_enum)]
    pub edition: Option<EditionArg>,
    /// The unread count of the example badge call.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub badge_count: u32,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
}

/// Package and launcher activity of the example config (no `--config`).
pub const EXAMPLE_PACKAGE: &str = "com.example.chat";
pub const EXAMPLE_LAUNCHER: &str = "com.example.chat.MainActivity";

/// Where the config came from.
pub enum ConfigSource {
    File(PathBuf),
    /// Every linked vendor configured with placeholder credentials.
    Example,
}

/// The badge answer, explained.
pub struct BadgeAnswer {
    pub count: u32,
    /// `call`, `not_owned`, `unsupported`, `config_missing`.
    pub outcome: &'static str,
    pub call: Option<Value>,
    pub field: Option<&'static str>,
    /// Why there is no call (empty for a call).
    pub why: String,
}

/// What `detect` found for a device and a config.
pub struct Explanation {
    pub selection: Selection,
    pub badge: BadgeAnswer,
}

pub fn run(args: &DetectArgs) -> Result<ExitCode, CliError> {
    let plugins = pushlane::linked_vendors().map_err(|e| CliError::Engine(e.to_string()))?;
    let device = device_args::device_from(args.device.as_deref(), &args.flags)?;
    let (mut config, source) = match &args.config {
        Some(path) => (load_config(path)?, ConfigSource::File(path.clone())),
        None => (example_config(&plugins), ConfigSource::Example),
    };
    if let Some(edition) = args.edition {
        config.edition = edition.into();
    }
    let explanation = explain(&plugins, &config, &device, args.badge_count);
    let out = match args.format {
        OutputFormat::Text => render_text(&device, &config, &source, args, &explanation),
        OutputFormat::Json => {
            let value = render_json(&device, &config, &source, &explanation);
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
    };
    crate::output::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads a plugin config file the way the engine would take it; a refused config is bad input.
pub fn load_config(path: &Path) -> Result<PluginConfig, CliError> {
    let _ = pushlane::link_vendors();
    let text = device_args::read_text(path)?;
    let value = device_args::parse_document(path, &text)?;
    PluginConfig::from_value(value.clone()).map_err(|e| {
        CliError::bad_input(
            path,
            format!(
                "{} (run `pushlane doctor {}` to see every finding)",
                crate::keys::config_error(&e, &value, ""),
                path.display()
            ),
        )
    })
}

/// A config where every linked vendor is configured with placeholder credentials, with an
/// example package and launcher activity, every other field at its default.
pub fn example_config(plugins: &[&'static dyn VendorPlugin]) -> PluginConfig {
    let vendors: Vec<Box<dyn VendorConfig>> = plugins
        .iter()
        .enumerate()
        .filter_map(|(i, p)| crate::doctor::entries::example_entry(p.name(), 10001 + i as u32))
        .collect();
    PluginConfig {
        package_name: Some(EXAMPLE_PACKAGE.to_string()),
        launcher_class: Some(EXAMPLE_LAUNCHER.to_string()),
        vendors,
        ..PluginConfig::default()
    }
}

/// Selection and badge for a device under a config.
pub fn explain(
    plugins: &[&'static dyn VendorPlugin],
    config: &PluginConfig,
    device: &DeviceInfo,
    count: u32,
) -> Explanation {
    let selection = select(plugins, config, device);
    let badge = badge_answer(selection.family, config, device, count);
    Explanation { selection, badge }
}

/// The family plugin's badge call for `count`, with the reason when there is none.
pub fn badge_answer(
    family: Option<&'static dyn VendorPlugin>,
    config: &PluginConfig,
    device: &DeviceInfo,
    count: u32,
) -> BadgeAnswer {
    let Some(family) = family else {
        return BadgeAnswer {
            count,
            outcome: "unsupported",
            call: None,
            field: None,
            why: "the device has no family, so no launcher badge call is known; the engine \
                  warns badge_unsupported once"
                .to_string(),
        };
    };
    let vendor_config = config.vendor(family.name());
    let call = family.badge(
        count,
        &BadgeContext {
            device,
            config,
            vendor_config,
        },
    );
    match call {
        BadgeCall::Call(call) => BadgeAnswer {
            count,
            outcome: "call",
            call: serde_json::to_value(&call).ok(),
            field: None,
            why: String::new(),
        },
        BadgeCall::NotOwned => BadgeAnswer {
            count,
            outcome: "not_owned",
            call: None,
            field: None,
            why: format!(
                "the Chat SDK owns the badge on this device ({} without app_manages_badge); \
                 no set_badge effect, no warning",
                family.name()
            ),
        },
        BadgeCall::Unsupported => BadgeAnswer {
            count,
            outcome: "unsupported",
            call: None,
            field: None,
            why: format!(
                "{}; the engine warns badge_unsupported once",
                unsupported_why(family.name(), device, vendor_config.is_some())
            ),
        },
        BadgeCall::ConfigMissing { field } => BadgeAnswer {
            count,
            outcome: "config_missing",
            call: None,
            field: Some(field),
            why: format!(
                "the {} launcher's badge call needs config {field}, which is not set; the engine \
                 warns badge_config_missing once",
                family.name()
            ),
        },
    }
}

/// Why a family's launcher has no badge call for this device (vendors.md §3).
fn unsupported_why(family: &str, device: &DeviceInfo, configured: bool) -> String {
    match family {
        "xiaomi" => {
            let version = device
                .prop("ro.miui.ui.version.name")
                .map(|v| format!("ro.miui.ui.version.name = {v:?}"))
                .unwrap_or_else(|| "no ro.miui.ui.version.name".to_string());
            let hyperos = device
                .prop("ro.mi.os.version.name")
                .map(|v| format!(", HyperOS ro.mi.os.version.name = {v:?}"))
                .unwrap_or_default();
            format!(
                "only MIUI 6 to 11 take the xiaomi message-count call; MIUI 12 and later and \
                 HyperOS show the notification count themselves (this device: {version}{hyperos})"
            )
        }
        "oppo" if configured => "the OPPO launcher badge is a privilege OPPO grants on request \
             and the oppo entry has no badge_enabled = true"
            .to_string(),
        "oppo" => "the OPPO launcher badge needs the oppo entry's badge_enabled = true (a \
             privilege OPPO grants on request), and oppo is not configured"
            .to_string(),
        "meizu" => "Flyme launchers have no badge call".to_string(),
        other => format!("the {other} launcher has no badge call"),
    }
}

/// What each `vendor_selected.reason` means (vendors.md §1).
pub fn reason_text(reason: &str) -> &'static str {
    match reason {
        "platform" => "iOS devices are served by APNs",
        "gms_available" => {
            "Google services usable in the international edition with use_fcm: FCM is preferred"
        }
        "manufacturer" => "the device's family, found by its manufacturer, has a vendor entry",
        "rom_property" => "the device's family, found by a ROM property, has a vendor entry",
        "no_family" => {
            "no family rule matched: local notifications only, while the app process is alive"
        }
        "family_not_configured" => {
            "the family's vendor has no config entry: local notifications only, while the app \
             process is alive"
        }
        "fallback" => "the selected vendor failed and another one serves",
        _ => "",
    }
}

/// The rule that found the family, with the property's value when a property decided.
pub fn family_text(selection: &Selection, device: &DeviceInfo) -> String {
    match (selection.family, selection.family_detection) {
        (Some(family), Some(detection)) => {
            let mut text = format!(
                "{}, found by {} ({})",
                family.name(),
                detection.reason,
                detection.detail
            );
            if let Some(key) = detection.detail.split_whitespace().next() {
                if let Some(value) = device.props.get(key) {
                    text.push_str(&format!(": {key} = {value:?}"));
                }
            }
            text
        }
        (Some(family), None) => family.name().to_string(),
        _ => "none (no family rule matched)".to_string(),
    }
}

fn config_lines(config: &PluginConfig, source: &ConfigSource, args: &DetectArgs) -> Vec<String> {
    let names = config.vendor_names().join(", ");
    let mut lines = match source {
        ConfigSource::File(path) => vec![format!(
            "{} (vendors: {})",
            path.display(),
            if names.is_empty() { "none" } else { &names }
        )],
        ConfigSource::Example => vec![
            format!(
                "none given: an example config where every linked vendor is configured ({names})"
            ),
            format!(
                "with placeholder credentials, package_name {EXAMPLE_PACKAGE:?}, launcher_class \
                 {EXAMPLE_LAUNCHER:?}, every other field at its default"
            ),
        ],
    };
    let edition = match config.edition {
        Edition::China => "china",
        Edition::International => "international",
    };
    let from_flag = if args.edition.is_some() {
        " (from --edition)"
    } else {
        ""
    };
    lines.push(format!(
        "edition {edition}{from_flag}, use_fcm {}",
        config.use_fcm
    ));
    lines
}

fn render_text(
    device: &DeviceInfo,
    config: &PluginConfig,
    source: &ConfigSource,
    args: &DetectArgs,
    explanation: &Explanation,
) -> String {
    let mut out = String::new();
    let mut section = |label: &str, lines: Vec<String>| {
        for (i, line) in lines.iter().enumerate() {
            let head = if i == 0 { label } else { "" };
            out.push_str(&format!("{head:<10}{line}\n"));
        }
    };
    let selection = &explanation.selection;
    section("device", device_args::describe(device));
    section("config", config_lines(config, source, args));
    section("family", vec![family_text(selection, device)]);
    let reason = reason_text(&selection.reason);
    section(
        "vendor",
        vec![if reason.is_empty() {
            format!("{} (reason {})", selection.vendor, selection.reason)
        } else {
            format!(
                "{} (reason {}: {reason})",
                selection.vendor, selection.reason
            )
        }],
    );
    let warnings: Vec<String> = if selection.warnings.is_empty() {
        vec!["none".to_string()]
    } else {
        selection
            .warnings
            .iter()
            .map(|(code, message)| format!("{}: {message}", code.as_str()))
            .collect()
    };
    section("warnings", warnings);
    section("badge", badge_lines(&explanation.badge));
    out
}

/// The badge answer for people.
pub fn badge_lines(badge: &BadgeAnswer) -> Vec<String> {
    match &badge.call {
        Some(call) => vec![format!("set_badge count {}: {call}", badge.count)],
        None => vec![format!(
            "none ({}) for count {}: {}",
            badge.outcome, badge.count, badge.why
        )],
    }
}

fn render_json(
    device: &DeviceInfo,
    config: &PluginConfig,
    source: &ConfigSource,
    explanation: &Explanation,
) -> Value {
    let selection = &explanation.selection;
    let family = match (selection.family, selection.family_detection) {
        (Some(family), Some(detection)) => json!({
            "name": family.name(),
            "reason": detection.reason,
            "detail": detection.detail,
        }),
        (Some(family), None) => json!({"name": family.name()}),
        _ => Value::Null,
    };
    let config_json = json!({
        "source": match source { ConfigSource::File(_) => "file", ConfigSource::Example => "example" },
        "file": match source { ConfigSource::File(p) => json!(p.display().to_string()), ConfigSource::Example => Value::Null },
        "edition": config.edition,
        "use_fcm": config.use_fcm,
        "vendors": config.vendor_names(),
    });
    let badge = &explanation.badge;
    json!({
        "device": device,
        "config": config_json,
        "family": family,
        "vendor": selection.vendor,
        "reason": selection.reason,
        "warnings": selection.warnings.iter().map(|(code, message)| json!({
            "code": code.as_str(),
            "message": message,
        })).collect::<Vec<_>>(),
        "badge": {
            "count": badge.count,
            "outcome": badge.outcome,
            "call": badge.call,
            "field": badge.field,
            "why": if badge.why.is_empty() { Value::Null } else { json!(badge.why) },
        },
    })
}
