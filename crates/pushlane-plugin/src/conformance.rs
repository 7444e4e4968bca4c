//! Checks every vendor crate runs on its own config type, so the rules of vendors.md §2 are
//! tested the same way everywhere: a complete entry parses; each missing required field is
//! `<vendor>: missing field <field>`; an unknown key is refused; a blank required string and a
//! zero `business_id` are refused naming the field; a value of the wrong type is refused naming
//! the field, without showing the value (an entry holds credentials).
//!
//! ```
//! use pushlane_plugin::conformance::{check_config_entry, ConfigEntry};
//!
//! // With no plugin named "nobody" linked, the very first check reports it.
//! let entry = ConfigEntry { vendor: "nobody", fields: &[("business_id", "1")], required_strings: &[] };
//! assert!(check_config_entry(&entry).unwrap_err().contains("nobody"));
//! ```

use crate::config::PluginConfig;

/// A complete, valid config entry of one vendor, as TOML `key = value` pairs.
#[derive(Debug, Clone, Copy)]
pub struct ConfigEntry<'a> {
    pub vendor: &'a str,
    /// Every required field with a valid TOML value (`("app_key", "\"k\"")`); `business_id`
    /// first.
    pub fields: &'a [(&'a str, &'a str)],
    /// The required fields that are strings (checked for blank values).
    pub required_strings: &'a [&'a str],
}

impl ConfigEntry<'_> {
    fn toml(
        &self,
        skip: Option<&str>,
        replace: Option<(&str, &str)>,
        extra: Option<&str>,
    ) -> String {
        let mut text = format!("[[vendors]]\nvendor = \"{}\"\n", self.vendor);
        for (key, value) in self.fields {
            if Some(*key) == skip {
                continue;
            }
            let value = match replace {
                Some((k, v)) if k == *key => v,
                _ => value,
            };
            text.push_str(&format!("{key} = {value}\n"));
        }
        if let Some(extra) = extra {
            text.push_str(extra);
            text.push('\n');
        }
        text
    }

    fn expect_error(&self, text: &str, expected_prefix: &str) -> Result<(), String> {
        match PluginConfig::from_toml_str(text) {
            Ok(_) => Err(format!("accepted, expected `{expected_prefix}…`:\n{text}")),
            Err(err) if err.to_string().starts_with(expected_prefix) => Ok(()),
            Err(err) => Err(format!(
                "error `{err}`, expected `{expected_prefix}…`:\n{text}"
            )),
        }
    }
}

/// Runs the §2 checks on one vendor's entry and returns the complete entry parsed, for the
/// crate's own typed assertions; the error says which check failed and why. Call the crate's
/// `link()` first so its registration is present.
pub fn check_config_entry(entry: &ConfigEntry<'_>) -> Result<PluginConfig, String> {
    let vendor = entry.vendor;
    let full = entry.toml(None, None, None);
    let config = PluginConfig::from_toml_str(&full)
        .map_err(|e| format!("a complete {vendor} entry is refused: {e}\n{full}"))?;
    let parsed = config
        .vendor(vendor)
        .ok_or_else(|| format!("{vendor} entry parsed but not found by name"))?;
    if parsed.business_id() == 0 {
        return Err(format!("{vendor}: business_id read as 0"));
    }
    for (field, _) in entry.fields {
        entry.expect_error(
            &entry.toml(Some(field), None, None),
            &format!("{vendor}: missing field {field}"),
        )?;
    }
    entry.expect_error(
        &entry.toml(None, None, Some("chanel_idd = \"x\"")),
        &format!("{vendor}: unknown field chanel_idd"),
    )?;
    for field in entry.required_strings {
        for blank in ["\"\"", "\"  \""] {
            entry.expect_error(
                &entry.toml(None, Some((field, blank)), None),
                &format!("{vendor}: field {field}: must not be empty"),
            )?;
        }
    }
    entry.expect_error(
        &entry.toml(None, Some(("business_id", "0")), None),
        &format!("{vendor}: field business_id"),
    )?;
    entry.expect_error(
        &entry.toml(None, Some(("business_id", "\"10001\"")), None),
        &format!("{vendor}: field business_id: invalid type: string, expected u32"),
    )?;
    for field in entry.required_strings {
        // A mistyped value is named by its field, and never shown: it may be a credential.
        for (value, kind) in [("987654321", "integer"), ("[\"s3cr3t\"]", "sequence")] {
            entry.expect_error(
                &entry.toml(None, Some((field, value)), None),
                &format!("{vendor}: field {field}: invalid type: {kind}, expected a string"),
            )?;
            let err = PluginConfig::from_toml_str(&entry.toml(None, Some((field, value)), None))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            if err.contains("987654321") || err.contains("s3cr3t") {
                return Err(format!(
                    "{vendor}: the error shows the value of {field}: {err}"
                ));
            }
        }
    }
    Ok(config)
}
