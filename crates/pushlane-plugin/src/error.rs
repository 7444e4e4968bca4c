use thiserror::Error;

/// A vendor config field that failed validation beyond what serde checks.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("field {field}: {problem}")]
pub struct FieldError {
    pub field: &'static str,
    pub problem: String,
}

impl FieldError {
    pub fn new(field: &'static str, problem: impl Into<String>) -> Self {
        FieldError {
            field,
            problem: problem.into(),
        }
    }
}

/// Errors of the plugin API: config that cannot be used, plugins that are not linked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PluginError {
    /// The config text could not be parsed (syntax, unknown key, wrong type).
    #[error("config: {0}")]
    Parse(String),
    /// A vendor entry is missing a field, has a wrong one, or fails validation.
    #[error("{vendor}: {message}")]
    Vendor { vendor: String, message: String },
    /// The config names a vendor whose plugin is not linked into this build.
    #[error(
        "vendor `{vendor}` is not linked into this build (linked: {})",
        PluginError::linked_list(linked)
    )]
    NotLinked { vendor: String, linked: Vec<String> },
    /// The same vendor is configured twice.
    #[error("vendor `{0}` is configured twice in config.vendors; keep one entry")]
    DuplicateVendor(String),
    /// A plugin the facade linked did not reach the inventory registry.
    #[error("vendor plugin `{0}` was linked but its inventory registration is missing (was the crate's link() called in this binary?)")]
    RegistrationMissing(String),
}

impl PluginError {
    /// The linked vendors for a message: `apns, xiaomi`, or `none`.
    pub fn linked_list(linked: &[String]) -> String {
        if linked.is_empty() {
            "none".to_string()
        } else {
            linked.join(", ")
        }
    }
}
