//! Reading a device description (vendors.md §1 `DeviceInfo`) from a file or from flags, and the
//! small file helpers `detect` and `doctor` share (TOML or JSON by extension or content, syntax
//! errors located by line and column).
//!
//! A device file has the keys of a scenario's `[device]` table (scenario.md): `platform`,
//! `manufacturer`, `brand`, `android_api`, `gms`, `honor_push` and a `props` table. A scenario
//! file itself is accepted too: its `[device]` table is read and the rest ignored.

use crate::error::CliError;
use clap::{Args, ValueEnum};
use pushlane::plugin::{DeviceInfo, Platform};
use serde::Deserialize;
use std::path::Path;

/// `--platform`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlatformArg {
    Android,
    Ios,
}

/// The device described with flags instead of a file.
#[derive(Args, Debug, Clone, Default)]
pub struct DeviceFlags {
    /// Operating system of the device (default android).
    #[arg(long, value_enum)]
    pub platform: Option<PlatformArg>,
    /// Build.MANUFACTURER as the phone reports it (required for Android without --device).
    #[arg(long)]
    pub manufacturer: Option<String>,
    /// Build.BRAND: shown for people, decides nothing.
    #[arg(long)]
    pub brand: Option<String>,
    /// Android API level (unknown counts as current Android).
    #[arg(long, value_name = "LEVEL")]
    pub api: Option<u32>,
    /// Google Play services are usable on the device.
    #[arg(long)]
    pub gms: bool,
    /// HonorPushClient.checkSupportHonorPush() is true on the device.
    #[arg(long)]
    pub honor_push: bool,
    /// A system property (getprop), e.g. --prop ro.miui.ui.version.name=V140; repeatable.
    #[arg(long = "prop", value_name = "KEY=VALUE", value_parser = parse_prop)]
    pub props: Vec<(String, String)>,
}

impl DeviceFlags {
    /// The device these flags describe.
    pub fn to_device(&self) -> Result<DeviceInfo, CliError> {
        let platform = match self.platform.unwrap_or(PlatformArg::Android) {
            PlatformArg::Android => Platform::Android,
            PlatformArg::Ios => Platform::Ios,
        };
        let manufacturer = match (&self.manufacturer, platform) {
            (Some(m), _) if !m.trim().is_empty() => m.clone(),
            (Some(_), _) => return Err(CliError::Usage(
                "--manufacturer must not be empty (Build.MANUFACTURER, e.g. --manufacturer Xiaomi)"
                    .to_string(),
            )),
            (None, Platform::Ios) => "Apple".to_string(),
            (None, Platform::Android) => {
                return Err(CliError::Usage(
                    "missing --manufacturer: an Android device needs its Build.MANUFACTURER \
                     (e.g. --manufacturer Xiaomi), or describe it in a file with --device FILE"
                        .to_string(),
                ))
            }
        };
        Ok(DeviceInfo {
            platform,
            manufacturer,
            brand: self.brand.clone(),
            android_api: self.api,
            props: self.props.iter().cloned().collect(),
            gms: self.gms,
            honor_push: self.honor_push,
        })
    }
}

/// `--prop KEY=VALUE`.
pub fn parse_prop(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_string(), value.to_string()))
        }
        Some(_) => Err(format!(
            "expected KEY=VALUE with a property name before '=', got {text:?}"
        )),
        None => Err(format!(
            "expected KEY=VALUE (e.g. ro.miui.ui.version.name=V140), got {text:?}"
        )),
    }
}

/// The two file formats the commands read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Toml,
    Json,
}

/// TOML or JSON: by extension, else by content (a JSON document starts with `{`).
pub fn file_kind(path: &Path, text: &str) -> FileKind {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("json") => FileKind::Json,
        Some("toml") => FileKind::Toml,
        _ if text.trim_start().starts_with('{') => FileKind::Json,
        _ => FileKind::Toml,
    }
}

/// Reads a file the user named; failing to read it is bad input naming the file.
pub fn read_text(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::bad_input(path, format!("cannot read the file: {e}")))
}

/// A TOML error as `line L, column C: message` (one line; serde's backticks dropped).
pub fn toml_error_message(err: &toml::de::Error, text: &str) -> String {
    let message = err.message().trim().replace('`', "").replace('\n', "; ");
    match err.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

/// A JSON error as `line L, column C: message` (serde_json puts the place last).
pub fn json_error_message(err: &serde_json::Error) -> String {
    let full = err.to_string().replace('`', "");
    let message = match full.rfind(" at line ") {
        Some(cut) => full[..cut].to_string(),
        None => full,
    };
    if err.line() == 0 {
        message
    } else {
        format!("line {}, column {}: {message}", err.line(), err.column())
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

/// Parses a TOML or JSON document into a generic value; syntax errors name the file and place.
pub fn parse_document(path: &Path, text: &str) -> Result<serde_json::Value, CliError> {
    match file_kind(path, text) {
        FileKind::Toml => {
            let value: toml::Value = toml::from_str(text).map_err(|e| {
                CliError::bad_input(
                    path,
                    format!("TOML syntax error at {}", toml_error_message(&e, text)),
                )
            })?;
            serde_json::to_value(value).map_err(|e| CliError::bad_input(path, e.to_string()))
        }
        FileKind::Json => serde_json::from_str(text).map_err(|e| {
            CliError::bad_input(
                path,
                format!("JSON syntax error at {}", json_error_message(&e)),
            )
        }),
    }
}

/// A scenario file: only its `[device]` table is read.
#[derive(Deserialize)]
struct ScenarioDevice {
    device: DeviceInfo,
}

/// Reads a device file (TOML or JSON); errors name the file, the place and the key.
pub fn read_device_file(path: &Path) -> Result<DeviceInfo, CliError> {
    let text = read_text(path)?;
    let document = parse_document(path, &text)?;
    let Some(table) = document.as_object() else {
        return Err(CliError::bad_input(
            path,
            "expected a table of device keys (platform, manufacturer, brand, android_api, gms, honor_push, props)",
        ));
    };
    // A scenario file: its [device] table.
    let scenario = table.get("device").is_some_and(|d| d.is_object())
        && !table.contains_key("manufacturer")
        && !table.contains_key("platform");
    let device = match file_kind(path, &text) {
        FileKind::Toml if scenario => toml::from_str::<ScenarioDevice>(&text)
            .map(|s| s.device)
            .map_err(|e| toml_error_message(&e, &text)),
        FileKind::Toml => {
            toml::from_str::<DeviceInfo>(&text).map_err(|e| toml_error_message(&e, &text))
        }
        FileKind::Json if scenario => serde_json::from_str::<ScenarioDevice>(&text)
            .map(|s| s.device)
            .map_err(|e| json_error_message(&e)),
        FileKind::Json => {
            serde_json::from_str::<DeviceInfo>(&text).map_err(|e| json_error_message(&e))
        }
    }
    .map_err(|message| {
        // The key from the document, the place and message from the text.
        let key = if scenario {
            table
                .get("device")
                .and_then(|d| crate::keys::read_at::<DeviceInfo>(d).err())
                .and_then(|e| e.key)
                .map(|k| format!("device.{k}"))
        } else {
            crate::keys::read_at::<DeviceInfo>(&document)
                .err()
                .and_then(|e| e.key)
        };
        let message = match key {
            Some(key) => format!("key `{key}` at {message}"),
            None => message,
        };
        CliError::bad_input(path, format!("device: {message}"))
    })?;
    if device.is_android() && device.manufacturer.trim().is_empty() {
        return Err(CliError::bad_input(
            path,
            "device: manufacturer must not be empty (Build.MANUFACTURER, e.g. \"Xiaomi\")",
        ));
    }
    Ok(device)
}

/// The device a command was given: `--device FILE` or the flags.
pub fn device_from(file: Option<&Path>, flags: &DeviceFlags) -> Result<DeviceInfo, CliError> {
    match file {
        Some(path) => read_device_file(path),
        None => flags.to_device(),
    }
}

/// One line describing the device for people (brand shown, marked as deciding nothing).
pub fn describe(device: &DeviceInfo) -> Vec<String> {
    let mut lines = Vec::new();
    let platform = match device.platform {
        Platform::Android => "android",
        Platform::Ios => "ios",
    };
    let mut first = format!("{platform}, manufacturer {:?}", device.manufacturer);
    if let Some(brand) = &device.brand {
        first.push_str(&format!(
            ", brand {brand:?} (shown for people; the brand decides nothing)"
        ));
    }
    lines.push(first);
    if device.is_android() {
        let api = device
            .android_api
            .map(|a| a.to_string())
            .unwrap_or_else(|| "unknown (counts as current Android)".to_string());
        lines.push(format!(
            "android_api {api}, gms {}, honor_push {}",
            yes_no(device.gms),
            yes_no(device.honor_push)
        ));
    }
    for (key, value) in &device.props {
        lines.push(format!("prop {key} = {value:?}"));
    }
    lines
}

pub fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}
