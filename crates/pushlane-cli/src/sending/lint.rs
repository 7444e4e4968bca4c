//! `pushlane lint FILE [--format pretty|json]`: checks a message's offline-push info against
//! the cross-vendor rules and each target vendor's own sending rules.
//!
//! Exit status: 0 when no finding is an error (warnings only: the push arrives, degraded),
//! 1 when one is (the push will not arrive or is refused), 2 when the file cannot be read or
//! is malformed.

use super::push_file::{self, PushFile};
use crate::error::CliError;
use crate::output;
use crate::suggest::suggest;
use anstyle::{AnsiColor, Style};
use clap::ValueEnum;
use pushlane::payload::{has_errors, lint, Finding, Severity};
use pushlane::plugin::{PluginError, VendorPlugin};
use std::path::Path;
use std::process::ExitCode;

/// How findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// For people: a line per finding and its fix, then a summary (colours only on a terminal).
    Pretty,
    /// A JSON array of findings (`code`, `severity`, `vendor` (null for cross-vendor rules),
    /// `why`, `fix`).
    Json,
}

/// What the vendor column shows for a cross-vendor finding.
const ALL_VENDORS: &str = "all";

pub fn run(file: &Path, format: LintFormat) -> Result<ExitCode, CliError> {
    let push = push_file::load(file)?;
    let targets = targets(file, &push)?;
    let findings = lint(&push.info, &push.message, &targets);
    let text = match format {
        LintFormat::Pretty => render(&findings, &targets),
        LintFormat::Json => json(&findings)?,
    };
    let mut out = anstream::AutoStream::auto(std::io::stdout()).lock();
    output::write_to(&mut out, &text)?;
    Ok(if has_errors(&findings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The linked vendor plugins the file targets (all of them without `targets`); an unknown
/// name is bad input listing the linked ones.
pub fn targets(file: &Path, push: &PushFile) -> Result<Vec<&'static dyn VendorPlugin>, CliError> {
    pushlane::sending_targets(&push.targets).map_err(|err| match &err {
        PluginError::NotLinked { vendor, linked } => {
            let index = push.targets.iter().position(|t| t == vendor).unwrap_or(0);
            let hint = suggest(vendor, linked.iter().map(String::as_str))
                .map(|best| format!("; did you mean `{best}`?"))
                .unwrap_or_default();
            CliError::bad_input(file, format!("key `targets[{index}]`: {err}{hint}"))
        }
        _ => CliError::bad_input(file, format!("key `targets`: {err}")),
    })
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const CODE: Style = Style::new().bold();
const FIX: Style = Style::new().dimmed();

/// The findings for people, in lint's order (cross-vendor first, then the targets in order):
///
/// ```text
/// error    oppo    ext_not_json  OPPO refuses a push whose ext is not JSON …
///   fix: send ext as a JSON object …
/// ```
///
/// then a summary line. Styles are escape codes; the output stream drops them when it is not a
/// terminal.
pub fn render(findings: &[Finding], targets: &[&'static dyn VendorPlugin]) -> String {
    let vendor_width = findings
        .iter()
        .map(|f| f.vendor.unwrap_or(ALL_VENDORS).len())
        .max()
        .unwrap_or(0);
    let code_width = findings.iter().map(|f| f.code.len()).max().unwrap_or(0);
    let mut out = String::new();
    for f in findings {
        let style = match f.severity {
            Severity::Error => ERROR,
            Severity::Warning => WARNING,
        };
        let severity = f.severity.as_str();
        let vendor = f.vendor.unwrap_or(ALL_VENDORS);
        out.push_str(&format!(
            "{style}{severity:<7}{style:#}  {vendor:<vendor_width$}  {CODE}{code:<code_width$}{CODE:#}  {why}\n",
            code = f.code,
            why = f.why,
        ));
        if !f.fix.is_empty() {
            out.push_str(&format!("  {FIX}fix:{FIX:#} {}\n", f.fix));
        }
    }
    if !findings.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(findings, targets));
    out
}

/// `1 error, 2 warnings (targets: oppo, vivo)` or `no findings (targets: …)`.
fn summary(findings: &[Finding], targets: &[&'static dyn VendorPlugin]) -> String {
    let names: Vec<&str> = targets.iter().map(|t| t.name()).collect();
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    let counts = if findings.is_empty() {
        "no findings".to_string()
    } else {
        format!(
            "{}, {}",
            plural(count(Severity::Error), "error"),
            plural(count(Severity::Warning), "warning")
        )
    };
    format!("{counts} (targets: {})\n", names.join(", "))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The findings as a JSON array, one line per finding's field (pretty-printed).
fn json(findings: &[Finding]) -> Result<String, CliError> {
    let mut text = serde_json::to_string_pretty(findings)
        .map_err(|e| CliError::Engine(format!("cannot write the findings as JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane::payload::{Message, OfflinePushInfo};

    fn oppo_findings() -> (Vec<Finding>, Vec<&'static dyn VendorPlugin>) {
        let targets = pushlane::sending_targets(&["oppo"]).unwrap();
        let info = OfflinePushInfo {
            desc: "hi".into(),
            ext: "not json".into(),
            ..OfflinePushInfo::default()
        };
        let findings = lint(&info, &Message::text("alice", "hi"), &targets);
        (findings, targets)
    }

    #[test]
    fn plain_text_has_no_escape_codes_once_stripped_and_ends_with_the_summary() {
        let (findings, targets) = oppo_findings();
        let rendered = render(&findings, &targets);
        let plain = anstream::adapter::strip_str(&rendered).to_string();
        let lines: Vec<&str> = plain.lines().collect();
        let at = lines
            .iter()
            .position(|l| {
                l.split_whitespace()
                    .take(3)
                    .eq(["error", "oppo", "ext_not_json"])
            })
            .unwrap_or_else(|| panic!("no oppo ext_not_json line in:\n{plain}"));
        assert!(lines[at + 1].starts_with("  fix: "), "{plain}");
        assert!(plain.ends_with("(targets: oppo)\n"), "{plain}");
        assert!(plain.contains("\n\n1 error, "), "{plain}");
        assert!(rendered.contains('\u{1b}'));
    }

    #[test]
    fn no_findings_says_so_with_the_targets() {
        let targets = pushlane::sending_targets(&["fcm", "apns"]).unwrap();
        assert_eq!(render(&[], &targets), "no findings (targets: apns, fcm)\n");
    }

    #[test]
    fn json_has_a_null_vendor_for_cross_vendor_findings() {
        let info = OfflinePushInfo::default();
        let message = Message::new("alice", pushlane::payload::ElemType::Custom);
        let findings = lint(&info, &message, &["fcm"]);
        let value: serde_json::Value = serde_json::from_str(&json(&findings).unwrap()).unwrap();
        assert_eq!(value[0]["code"], "custom_without_desc");
        assert_eq!(value[0]["severity"], "error");
        assert!(value[0]["vendor"].is_null());
        assert!(value[0]["why"].is_string() && value[0]["fix"].is_string());
    }
}
