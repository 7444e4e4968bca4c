//! [`Finding`] and [`Severity`].

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The push will not arrive, or the vendor refuses it.
    Error,
    /// The push arrives degraded (wrong channel, truncated, no sound) or is likely throttled.
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem with a push: a stable `code`, how bad it is, the vendor it concerns (none for
/// cross-vendor rules), and one line each on why it matters and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub vendor: Option<&'static str>,
    pub why: String,
    pub fix: String,
}

impl Finding {
    /// An error-severity finding about `vendor`'s channel.
    pub fn error(code: &'static str, vendor: &'static str) -> FindingBuilder {
        FindingBuilder::new(code, Severity::Error, Some(vendor))
    }

    /// A finding of a cross-vendor rule (no `vendor`).
    pub fn cross_vendor(code: &'static str, severity: Severity) -> FindingBuilder {
        FindingBuilder::new(code, severity, None)
    }

    /// A warning-severity finding about `vendor`'s channel.
    pub fn warning(code: &'static str, vendor: &'static str) -> FindingBuilder {
        FindingBuilder::new(code, Severity::Warning, Some(vendor))
    }
}

impl std::fmt::Display for Finding {
    /// `error[oppo] ext_not_json: why (fix: …)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.severity.as_str())?;
        if let Some(vendor) = self.vendor {
            write!(f, "[{vendor}]")?;
        }
        write!(f, " {}: {} (fix: {})", self.code, self.why, self.fix)
    }
}

/// Builds a [`Finding`]: `Finding::error("ext_not_json", "oppo").why(…).fix(…)`.
#[derive(Debug)]
#[must_use = "call .fix(…) to get the Finding"]
pub struct FindingBuilder {
    code: &'static str,
    severity: Severity,
    vendor: Option<&'static str>,
    why: String,
}

impl FindingBuilder {
    pub(crate) fn new(
        code: &'static str,
        severity: Severity,
        vendor: Option<&'static str>,
    ) -> Self {
        FindingBuilder {
            code,
            severity,
            vendor,
            why: String::new(),
        }
    }

    pub fn why(mut self, why: impl Into<String>) -> Self {
        self.why = why.into();
        self
    }

    pub fn fix(self, fix: impl Into<String>) -> Finding {
        Finding {
            code: self.code,
            severity: self.severity,
            vendor: self.vendor,
            why: self.why,
            fix: fix.into(),
        }
    }
}
