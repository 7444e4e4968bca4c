//! `--format mermaid`: the run as a Mermaid sequence diagram between the app (host), the
//! engine, the Chat server and the vendor SDK (scenario.md "`--format mermaid`", which has the
//! table of who sends what). Paste it into a ```` ```mermaid ```` block and GitHub draws it.

use super::{head, is_warning, seconds, Run};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write as _;

/// The four participants, left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    /// The app that embeds the engine.
    Host,
    /// pushlane.
    Engine,
    /// The Chat SDK and its server.
    Chat,
    /// The vendor's push SDK.
    Vendor,
}

impl Party {
    /// The participant's id in the diagram.
    pub fn id(self) -> &'static str {
        match self {
            Party::Host => "Host",
            Party::Engine => "Engine",
            Party::Chat => "Chat",
            Party::Vendor => "Vendor",
        }
    }
}

/// The diagram's participant lines, in order.
const PARTICIPANTS: &str = "    participant Host as App (host)
    participant Engine as pushlane
    participant Chat as Chat server
    participant Vendor as Vendor SDK
";

/// Who sends an input (lifecycle.md §1) to the engine. `effect_done` comes from whoever
/// carried out its effect ([`diagram`] looks it up by `effect_id`); this is the Chat server,
/// which carries out the only effects with a result. `timer` comes from the engine's own
/// clock. `None` for a type this does not know (and for the simulator's `restart`, a note).
pub fn input_sender(item_type: &str) -> Option<Party> {
    match item_type {
        "plugin_init"
        | "login"
        | "logout"
        | "app_state"
        | "unread"
        | "permission"
        | "push_enabled"
        | "notification_clicked"
        | "ui_ready"
        | "conversation_shown"
        | "message_received" => Some(Party::Host),
        "sdk_initialized" | "kicked_offline" | "user_sig_expired" | "effect_done" => {
            Some(Party::Chat)
        }
        "vendor_token" | "vendor_error" => Some(Party::Vendor),
        "timer" => Some(Party::Engine),
        _ => None,
    }
}

/// Who carries out an effect (lifecycle.md §2); timers are the engine's own. `None` for a type
/// this does not know.
pub fn effect_receiver(item_type: &str) -> Option<Party> {
    match item_type {
        "register_vendor" | "fetch_token" => Some(Party::Vendor),
        "upload_token" | "clear_token" | "report_foreground" | "report_background"
        | "disable_sdk_badge" => Some(Party::Chat),
        "create_channel"
        | "request_permission"
        | "set_badge"
        | "clear_notifications"
        | "show_notification"
        | "deliver_click" => Some(Party::Host),
        "arm_timer" | "cancel_timer" => Some(Party::Engine),
        _ => None,
    }
}

/// Whether the diagram has a place for an item of this kind and type: every event does, the
/// inputs and effects of [`input_sender`] and [`effect_receiver`] do, and so does `restart`.
pub fn is_known(kind: &str, item_type: &str) -> bool {
    match kind {
        "input" => item_type == "restart" || input_sender(item_type).is_some(),
        "effect" => effect_receiver(item_type).is_some(),
        "event" => true,
        _ => false,
    }
}

/// The whole diagram, one statement a line, ending in a newline.
pub fn diagram(run: &Run) -> String {
    let mut out = String::from("sequenceDiagram\n");
    if !run.title.is_empty() {
        let _ = writeln!(out, "    title {}", text(run.title));
    }
    out.push_str(PARTICIPANTS);
    // Who carried out each effect with an id, for its `effect_done`; ids restart per engine.
    let mut carried_out: HashMap<u64, Party> = HashMap::new();
    let mut clock = None;
    for item in run.items {
        let (at_ms, kind, item_type) = head(item);
        if clock != Some(at_ms) {
            clock = Some(at_ms);
            let _ = writeln!(out, "    Note over Host,Vendor: {}", seconds(at_ms));
        }
        let line = statement(item, kind, item_type, &mut carried_out);
        let _ = writeln!(out, "    {line}");
    }
    for note in run.notes {
        let _ = writeln!(out, "    Note over Host,Vendor: {}", text(note));
    }
    out
}

/// One item as one Mermaid statement.
fn statement(
    item: &Value,
    kind: &str,
    item_type: &str,
    carried_out: &mut HashMap<u64, Party>,
) -> String {
    let effect_id = item.get("effect_id").and_then(Value::as_u64);
    match kind {
        "input" if item_type == "restart" => {
            carried_out.clear();
            "Note over Host,Vendor: restart".to_string()
        }
        "input" => {
            let known = effect_id.and_then(|id| carried_out.get(&id).copied());
            let sender = match (item_type, known) {
                ("effect_done", Some(party)) => Some(party),
                _ => input_sender(item_type),
            };
            match sender {
                Some(party) => format!("{}->>Engine: {}", party.id(), label(item, item_type)),
                None => format!("Note over Engine: unknown input {}", text(item_type)),
            }
        }
        "effect" => match effect_receiver(item_type) {
            Some(party) => {
                if let Some(id) = effect_id {
                    carried_out.insert(id, party);
                }
                format!("Engine->>{}: {}", party.id(), label(item, item_type))
            }
            None => format!("Note over Engine: unknown effect {}", text(item_type)),
        },
        _ if item_type == "state_changed" => {
            let field = |name: &str| item.get(name).map(value_text).unwrap_or_default();
            let change = format!("{}: {} → {}", field("region"), field("from"), field("to"));
            format!("Note right of Engine: {}", text(&change))
        }
        _ if is_warning(item_type) => {
            format!("Note over Engine: ⚠ {}", label(item, item_type))
        }
        _ => format!("Engine-->>Host: {}", label(item, item_type)),
    }
}

/// Fields shown as their value alone: their name adds nothing.
const BARE: [&str; 6] = ["timer", "vendor", "state", "code", "user_id", "source"];
/// How many characters of one value a label shows.
const VALUE_CHARS: usize = 28;
/// How many characters a whole label shows.
const LABEL_CHARS: usize = 120;

/// `upload_token effect_id=1 xiaomi business_id=10001 token=mi-t…[fp:9fca05e3]`: the type and
/// its fields, each value cut short, escaped for Mermaid.
fn label(item: &Value, item_type: &str) -> String {
    let mut parts = vec![item_type.to_string()];
    if let Value::Object(fields) = item {
        for (key, value) in fields {
            let skip = matches!(key.as_str(), "at_ms" | "kind" | "type")
                // A warning's code says it; its detail is a sentence for people.
                || (item_type == "warning" && key == "detail");
            if skip {
                continue;
            }
            let value = shorten(&value_text(value), VALUE_CHARS);
            if BARE.contains(&key.as_str()) {
                parts.push(value);
            } else {
                parts.push(format!("{key}={value}"));
            }
        }
    }
    text(&shorten(&parts.join(" "), LABEL_CHARS))
}

/// A string as it is, anything else as compact JSON.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// At most `max` characters, the last one `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// Text that Mermaid reads as text: one line, with the characters that end a statement or
/// start an entity or a comment (`;`, `#`, `%`) and markup (`<`, `>`) as Mermaid entities.
pub fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '%' => out.push_str("#37;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn draw(items: &[Value]) -> String {
        diagram(&Run {
            title: "t; #1",
            items,
            notes: &[],
        })
    }

    #[test]
    fn effect_done_comes_from_whoever_carried_out_the_effect() {
        let items = [
            json!({"at_ms": 0, "kind": "effect", "type": "register_vendor", "effect_id": 7, "vendor": "x"}),
            json!({"at_ms": 0, "kind": "input", "type": "effect_done", "effect_id": 7, "ok": true}),
            json!({"at_ms": 1, "kind": "input", "type": "restart"}),
            json!({"at_ms": 1, "kind": "input", "type": "effect_done", "effect_id": 7, "ok": true}),
        ];
        let text = draw(&items);
        assert!(
            text.contains("Vendor->>Engine: effect_done effect_id=7 ok=true"),
            "{text}"
        );
        // After a restart ids count again: an unknown id falls back to the Chat server.
        assert!(
            text.contains("Chat->>Engine: effect_done effect_id=7 ok=true"),
            "{text}"
        );
        assert!(text.contains("title t#59; #35;1"), "{text}");
    }

    #[test]
    fn labels_stay_on_one_line_and_escape_what_mermaid_reads() {
        let items = [
            json!({"at_ms": 0, "kind": "input", "type": "message_received",
                "message": {"text": "a;b #c <d> 1%"}}),
            json!({"at_ms": 0, "kind": "input", "type": "vendor_error", "reason": "x\ny"}),
        ];
        let text = draw(&items);
        assert!(
            text.contains(
                r#"Host->>Engine: message_received message={"text":"a#59;b #35;c #lt;d#gt; 1#37;"}"#
            ),
            "{text}"
        );
        assert!(
            text.contains("Vendor->>Engine: vendor_error reason=x y\n"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 1 + 1 + 4 + 1 + 2, "{text}");
    }

    #[test]
    fn unknown_types_are_said_not_guessed() {
        let items = [
            json!({"at_ms": 0, "kind": "input", "type": "telepathy"}),
            json!({"at_ms": 0, "kind": "effect", "type": "teleport"}),
        ];
        let text = draw(&items);
        assert!(
            text.contains("Note over Engine: unknown input telepathy"),
            "{text}"
        );
        assert!(
            text.contains("Note over Engine: unknown effect teleport"),
            "{text}"
        );
        assert!(!is_known("input", "telepathy") && is_known("input", "restart"));
    }
}
