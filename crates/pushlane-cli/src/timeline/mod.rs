//! A whole run drawn for people (scenario.md "Trace"): `--format html`, a self-contained page
//! with the run as a timeline ([`html`]), and `--format mermaid`, a sequence diagram of who
//! tells whom what ([`sequence`]).
//!
//! Both take the trace lines as people see them (tokens shortened, secrets as fingerprints:
//! [`crate::trace::TraceWriter`] does that) and which items count as warnings, uploads and
//! clicks from here, so the page and the diagram agree.

pub mod html;
pub mod sequence;

use serde_json::Value;

/// One run to draw.
pub struct Run<'a> {
    /// The scenario's name, or the journal's file name.
    pub title: &'a str,
    /// The trace lines, in order, as people see them.
    pub items: &'a [Value],
    /// Notes for people (e.g. timers still pending when the clock stopped).
    pub notes: &'a [String],
}

/// Item types drawn as uploads: the token reaching, or leaving, the Chat server.
pub const UPLOAD_TYPES: [&str; 7] = [
    "upload_token",
    "token_uploaded",
    "upload_failed",
    "upload_skipped",
    "clear_token",
    "token_cleared",
    "clear_failed",
];

/// Item types drawn as clicks: a tap on a notification and what became of it.
pub const CLICK_TYPES: [&str; 5] = [
    "notification_clicked",
    "deliver_click",
    "click_deferred",
    "click_ignored",
    "click_superseded",
];

/// Item types drawn as warnings, besides every type ending in [`FAILED_SUFFIX`].
pub const WARN_TYPES: [&str; 3] = ["warning", "store_error", "ignored"];

/// A type ending in this (`upload_failed`, `vendor_failed`, …) is a warning too.
pub const FAILED_SUFFIX: &str = "_failed";

/// Whether an item of this type is highlighted as a warning.
pub fn is_warning(item_type: &str) -> bool {
    WARN_TYPES.contains(&item_type) || item_type.ends_with(FAILED_SUFFIX)
}

/// `5.100 s`: a virtual-clock time in seconds with milliseconds.
pub fn seconds(at_ms: u64) -> String {
    format!("{}.{:03} s", at_ms / 1000, at_ms % 1000)
}

/// An item's `at_ms`, `kind` and `type` (0 and `?` when missing).
fn head(item: &Value) -> (u64, &str, &str) {
    let at_ms = item.get("at_ms").and_then(Value::as_u64).unwrap_or(0);
    let kind = item.get("kind").and_then(Value::as_str).unwrap_or("?");
    let item_type = item.get("type").and_then(Value::as_str).unwrap_or("?");
    (at_ms, kind, item_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_named_or_failed() {
        for t in [
            "warning",
            "store_error",
            "ignored",
            "upload_failed",
            "vendor_failed",
        ] {
            assert!(is_warning(t), "{t}");
        }
        for t in ["token_uploaded", "state_changed", "failed_once"] {
            assert!(!is_warning(t), "{t}");
        }
    }

    #[test]
    fn seconds_keep_milliseconds() {
        assert_eq!(seconds(5100), "5.100 s");
        assert_eq!(seconds(0), "0.000 s");
        assert_eq!(seconds(61_005), "61.005 s");
    }
}
