//! Restart lines (journals written by `pushlane simulate`): replay builds a new machine there
//! over what the store holds, or over an empty store after a `store_reset`.

use pushlane::{fingerprint, Effect, Event, WarningCode};
use pushlane_runtime::{parse_journal, replay_items, restart_line, EngineItem, Item};

const HEADER: &str = r#"{"type":"header","version":1,"device":{"platform":"android","manufacturer":"Xiaomi","props":{"ro.miui.ui.version.name":"V140"}},"config":{"edition":"china","vendors":[{"vendor":"xiaomi","business_id":10001,"app_id":"2882303761517000000","app_key":"fp:00000000"}]},"persisted":{}}"#;

/// A session that uploads the token (effect 1), starting at `t`.
fn session(t: u64) -> String {
    let token = fingerprint("mi-token-1");
    [
        format!(r#"{{"at_ms":{t},"type":"sdk_initialized"}}"#),
        format!(r#"{{"at_ms":{},"type":"plugin_init"}}"#, t + 100),
        format!(
            r#"{{"at_ms":{},"type":"vendor_token","token":"{token}","vendor":"xiaomi"}}"#,
            t + 200
        ),
        format!(
            r#"{{"at_ms":{},"type":"login","user_id":"alice"}}"#,
            t + 300
        ),
        format!(
            r#"{{"at_ms":{},"type":"timer","timer":"token_upload"}}"#,
            t + 5300
        ),
        format!(
            r#"{{"at_ms":{},"type":"effect_done","effect_id":1,"ok":true}}"#,
            t + 5400
        ),
    ]
    .join("\n")
}

fn replayed(text: &str) -> Vec<EngineItem> {
    let journal = parse_journal(text).unwrap();
    replay_items(&journal, pushlane::link_vendors()).unwrap()
}

fn uploads(items: &[EngineItem]) -> Vec<u64> {
    items
        .iter()
        .filter(|i| matches!(i.effect(), Some(Effect::UploadToken { .. })))
        .map(|i| i.at_ms)
        .collect()
}

#[test]
fn after_a_restart_the_new_engine_finds_the_stored_upload() {
    let restart = restart_line(20_000, None);
    let text = format!("{HEADER}\n{}\n{restart}\n{}\n", session(0), session(20_100));
    let items = replayed(&text);
    let at = items
        .iter()
        .position(|i| i.item == Item::Restart)
        .expect("the restart is an item");
    assert_eq!(items[at].at_ms, 20_000);
    assert_eq!(
        items[at].trace_line(),
        serde_json::json!({"at_ms":20000,"kind":"input","type":"restart"})
    );
    assert_eq!(
        uploads(&items),
        [5300],
        "the second engine does not upload again"
    );
    assert!(items[at..].iter().any(|i| matches!(
        i.event(),
        Some(Event::UploadSkipped { reason }) if reason.as_str() == "already_uploaded"
    )));
}

#[test]
fn a_restart_with_store_reset_starts_over_an_empty_store_and_warns() {
    let restart = restart_line(20_000, Some("store.db moved aside: not a database"));
    let text = format!("{HEADER}\n{}\n{restart}\n{}\n", session(0), session(20_100));
    let items = replayed(&text);
    let at = items.iter().position(|i| i.item == Item::Restart).unwrap();
    match items[at + 1].event() {
        Some(Event::Warning { code, detail }) => {
            assert_eq!(*code, WarningCode::StoreReset);
            assert_eq!(detail, "store.db moved aside: not a database");
        }
        other => panic!("expected warning store_reset after the restart, got {other:?}"),
    }
    assert_eq!(items[at + 1].at_ms, 20_000);
    assert_eq!(
        uploads(&items),
        [5300, 25_400],
        "nothing stored: upload again"
    );
}

#[test]
fn restart_lines_are_checked_like_inputs() {
    let err = parse_journal(&format!(
        "{HEADER}\n{{\"at_ms\":5,\"type\":\"restart\",\"hard\":true}}\n"
    ))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "journal line 2: restart: unknown field hard (expected at_ms, type, store_reset)"
    );
    let err = parse_journal(&format!(
        "{HEADER}\n{{\"at_ms\":5,\"type\":\"restart\",\"store_reset\":1}}\n"
    ))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "journal line 2: restart: store_reset must be a string, got 1"
    );
    let err = parse_journal(&format!(
        "{HEADER}\n{{\"at_ms\":9,\"type\":\"ui_ready\"}}\n{}\n",
        restart_line(8, None)
    ))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "journal line 3: at_ms 8 is earlier than line 2's at_ms 9; a journal's times never run backwards"
    );
    let journal = parse_journal(&format!("{HEADER}\n{}\n", restart_line(0, None))).unwrap();
    assert_eq!(journal.restarts.len(), 1);
    assert!(journal.entries.is_empty());
}
