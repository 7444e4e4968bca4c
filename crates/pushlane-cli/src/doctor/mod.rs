//! `pushlane doctor CONFIG [--device FILE]`: checks a plugin config against vendors.md and the
//! delivery pitfalls it records, and reports every finding (not only the first).
//!
//! The file is read as a generic value first, so that one problem does not hide the others:
//! the top-level keys are checked one by one against [`PluginConfig`]'s own fields
//! ([`entries::check_top_level`]), each `[[vendors]]` entry on its own through the plugins'
//! config types ([`entries::check_entry`]), then the checks across entries and the knowledge
//! checks ([`knowledge`]), and with `--device` the device-specific ones ([`device`]).
//!
//! Severities: `error` (delivery will not work, or the engine refuses the config), `warning`
//! (works, but degraded), `info` (things to know). Exit 0 without error findings, 1 with any,
//! 2 when the file cannot be read or parsed at all.

pub mod device;
pub mod entries;
pub mod knowledge;

use crate::device_args;
use crate::error::CliError;
use pushlane::plugin::{PluginConfig, VendorConfig, VendorPlugin};
use serde_json::{Map, Value};
use std::path::Path;
use std::process::ExitCode;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Delivery will not work, or the engine refuses the config.
    Error,
    /// Works, but degraded.
    Warning,
    /// Something to know.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding: what is wrong, why it matters for delivery, and the fix.
#[derive(Clone, Debug)]
pub struct Finding {
    pub severity: Severity,
    /// A stable code, e.g. `missing_field`, `oppo_channel_missing`.
    pub code: String,
    /// What the finding is about: `config`, `launcher_class`, `oppo (vendors[2])`.
    pub subject: String,
    pub what: String,
    pub why: String,
    pub fix: String,
}

impl Finding {
    pub fn new(
        severity: Severity,
        code: impl Into<String>,
        subject: impl Into<String>,
        what: impl Into<String>,
        why: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Finding {
            severity,
            code: code.into(),
            subject: subject.into(),
            what: what.into(),
            why: why.into(),
            fix: fix.into(),
        }
    }

    pub fn error(
        code: impl Into<String>,
        subject: impl Into<String>,
        what: impl Into<String>,
        why: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Finding::new(Severity::Error, code, subject, what, why, fix)
    }

    pub fn warning(
        code: impl Into<String>,
        subject: impl Into<String>,
        what: impl Into<String>,
        why: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Finding::new(Severity::Warning, code, subject, what, why, fix)
    }

    pub fn info(
        code: impl Into<String>,
        subject: impl Into<String>,
        what: impl Into<String>,
        why: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Finding::new(Severity::Info, code, subject, what, why, fix)
    }
}

/// One `[[vendors]]` entry as written, with what its own check found.
pub struct Entry {
    pub index: usize,
    /// The `vendor` tag, when it is a string.
    pub vendor: Option<String>,
    /// The entry's table (empty when the entry is not a table).
    pub raw: Map<String, Value>,
    /// The vendor config, when the entry is valid as written.
    pub config: Option<Box<dyn VendorConfig>>,
}

impl Entry {
    /// `oppo (vendors[2])`.
    pub fn label(&self) -> String {
        match &self.vendor {
            Some(vendor) => format!("{vendor} (vendors[{}])", self.index),
            None => format!("vendors[{}]", self.index),
        }
    }

    /// A string field, when set and not blank.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.raw
            .get(key)
            .and_then(|v| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }
}

/// The config as doctor sees it: the raw top level, and the parts that passed their checks.
pub struct Checked {
    pub plugins: Vec<&'static dyn VendorPlugin>,
    pub top: Map<String, Value>,
    /// The config built from the top-level keys that passed and the entries valid as written
    /// (the first entry of each vendor): what would serve if the errors were fixed.
    pub usable: PluginConfig,
    pub entries: Vec<Entry>,
}

impl Checked {
    /// The first entry of a vendor, as written.
    pub fn entry(&self, vendor: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.vendor.as_deref() == Some(vendor))
    }

    /// A top-level string field, when set and not blank.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.top
            .get(key)
            .and_then(|v| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }
}

pub fn run(config: &Path, device: Option<&Path>) -> Result<ExitCode, CliError> {
    let plugins = pushlane::linked_vendors().map_err(|e| CliError::Engine(e.to_string()))?;
    let text = device_args::read_text(config)?;
    let document = device_args::parse_document(config, &text)?;
    let Value::Object(top) = document else {
        return Err(CliError::bad_input(
            config,
            "expected a table of plugin config keys (edition, package_name, launcher_class, [[vendors]] …)",
        ));
    };
    // Read the device before any report, so a bad device file is bad input (exit 2).
    let device = device.map(device_args::read_device_file).transpose()?;

    let mut findings = Vec::new();
    let checked = check(plugins, top, &mut findings);
    let engine_verdict = PluginConfig::from_value(Value::Object(checked.top.clone()));
    if let Err(err) = &engine_verdict {
        if !findings.iter().any(|f| f.severity == Severity::Error) {
            // The checks above should have said why; never let a refused config pass.
            findings.push(Finding::error(
                "config_refused",
                "config",
                format!("the engine refuses this config: {err}"),
                "no vendor channel starts with a config the engine refuses",
                "fix the field the message names",
            ));
        }
    }
    let mut out = format!("pushlane doctor: {}\n", config.display());
    if let Some(device) = &device {
        out.push('\n');
        out.push_str(&device::section(
            &checked,
            device,
            engine_verdict.is_ok(),
            &mut findings,
        ));
    }
    out.push('\n');
    out.push_str(&render(&findings));
    let errors = count(&findings, Severity::Error);
    out.push_str(&format!(
        "\n{}, {}, {}: {}\n",
        plural(errors, "error"),
        plural(count(&findings, Severity::Warning), "warning"),
        plural(count(&findings, Severity::Info), "info"),
        if engine_verdict.is_err() {
            "the engine refuses this config as it is"
        } else if errors > 0 {
            "the engine accepts this config, but delivery will not work everywhere"
        } else {
            "the config is usable"
        }
    ));
    crate::output::print(&out)?;
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Every config-only check, in order: top level, entries, across entries, knowledge.
pub fn check(
    plugins: Vec<&'static dyn VendorPlugin>,
    top: Map<String, Value>,
    findings: &mut Vec<Finding>,
) -> Checked {
    let valid_top = entries::check_top_level(&top, findings);
    let entries = entries::check_vendors(&top, findings);
    let mut usable = PluginConfig::from_value(Value::Object(valid_top)).unwrap_or_default();
    let mut seen: Vec<String> = Vec::new();
    for entry in &entries {
        let Some(vendor) = &entry.vendor else {
            continue;
        };
        if entry.config.is_none() || seen.contains(vendor) {
            continue;
        }
        seen.push(vendor.clone());
        // The entry is valid as written: read it again for the usable config.
        if let Ok(mut read) =
            pushlane::plugin::config::read_vendor_entries(vec![Value::Object(entry.raw.clone())])
        {
            usable.vendors.append(&mut read);
        }
    }
    let checked = Checked {
        plugins,
        top,
        usable,
        entries,
    };
    knowledge::check(&checked, findings);
    checked
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (_, "info") => format!("{n} info"),
        (1, _) => format!("1 {word}"),
        _ => format!("{n} {word}s"),
    }
}

/// The findings for people, errors first.
pub fn render(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no findings\n".to_string();
    }
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| f.severity);
    let mut out = String::new();
    for f in sorted {
        out.push_str(&format!(
            "{}: {}: {} [{}]\n",
            f.severity.as_str(),
            f.subject,
            f.what,
            f.code
        ));
        if !f.why.is_empty() {
            out.push_str(&format!("    why: {}\n", f.why));
        }
        if !f.fix.is_empty() {
            out.push_str(&format!("    fix: {}\n", f.fix));
        }
    }
    out
}
