//! Click payloads in every form of vendors.md §4, from `benches/data/click_forms.json`: what
//! each vendor SDK hands the host when the user taps a notification built by TUIKit.

use pushlane::VendorPlugin;
use pushlane_plugin::click::{normalise_flat, NormalisedClick, UnreadableClick};
use serde_json::Value;

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data/click_forms.json");

/// One payload form.
#[derive(Debug, Clone)]
pub struct ClickForm {
    /// Its name in the bench (`xiaomi_key_message`).
    pub form: String,
    /// The vendor that delivers it (`notification_clicked.source`).
    pub source: String,
    /// The message id as it appears in the payload, if the form carries one.
    pub msg_id: Option<String>,
    pub payload: Value,
}

impl ClickForm {
    /// The payload as the text a host receives it in: what the baseline parses.
    pub fn text(&self) -> String {
        self.payload.to_string()
    }

    /// The payload with its message id replaced by `msg_id` (digits), so that clicks on
    /// different messages are not duplicates (lifecycle.md §8). Forms without an id are
    /// returned as they are.
    pub fn payload_with_msg_id(&self, msg_id: &str) -> Value {
        match &self.msg_id {
            Some(old) => serde_json::from_str(&self.text().replace(old.as_str(), msg_id))
                .unwrap_or_else(|e| panic!("form `{}` with msg_id {msg_id}: {e}", self.form)),
            None => self.payload.clone(),
        }
    }

    /// The source vendor's normaliser, or the flat reading of a source without a plugin.
    pub fn normalise(
        &self,
        plugins: &[&'static dyn VendorPlugin],
    ) -> Result<NormalisedClick, UnreadableClick> {
        match plugins.iter().find(|p| p.name() == self.source) {
            Some(plugin) => plugin.normalise_click(&self.payload),
            None => normalise_flat(&self.payload),
        }
    }
}

/// Every form of the data file. Each must read cleanly (an `ext`, nothing unreadable), so the
/// bench measures the path real clicks take.
pub fn click_forms(plugins: &[&'static dyn VendorPlugin]) -> Vec<ClickForm> {
    let text = std::fs::read_to_string(FILE).unwrap_or_else(|e| panic!("{FILE}: {e}"));
    let list: Vec<Value> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{FILE}: {e}; expected a list of {{form, source, payload}}"));
    let forms: Vec<ClickForm> = list.iter().enumerate().map(read_form).collect();
    for form in &forms {
        let click = form
            .normalise(plugins)
            .unwrap_or_else(|e| panic!("{FILE}: form `{}`: {e}", form.form));
        assert!(
            click.ext.is_some() && click.unreadable.is_empty(),
            "{FILE}: form `{}` must give an `ext` and nothing unreadable, gave {click:?}",
            form.form
        );
    }
    forms
}

/// Entry `index` of the data file: `form`, `source` and `msg_id` (optional) strings, and
/// `payload`.
fn read_form((index, entry): (usize, &Value)) -> ClickForm {
    let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_string);
    let required = |key: &str| {
        text(key)
            .unwrap_or_else(|| panic!("{FILE}: entry {index}: `{key}` missing; expected a string"))
    };
    let known = ["form", "source", "msg_id", "payload"];
    if let Some(unknown) = entry
        .as_object()
        .and_then(|map| map.keys().find(|key| !known.contains(&key.as_str())))
    {
        panic!("{FILE}: entry {index}: unknown key `{unknown}`; expected {known:?}");
    }
    ClickForm {
        form: required("form"),
        source: required("source"),
        msg_id: text("msg_id"),
        payload: entry
            .get("payload")
            .cloned()
            .unwrap_or_else(|| panic!("{FILE}: entry {index}: `payload` missing")),
    }
}
