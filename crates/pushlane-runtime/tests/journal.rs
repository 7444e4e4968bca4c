//! The journal: every input as one JSON line with tokens fingerprinted, and replay on a fresh
//! machine giving the same effects and events (lifecycle.md invariant 10).

mod support;

use pushlane::{
    fingerprint, AppLifecycle, Effect, ElemType, Event, Message, PersistedState, UploadRecord,
    WarningCode,
};
use pushlane_runtime::{
    read_journal, replay, replay_items, EngineItem, Item, RuntimeError, StoreChoice,
};
use pushlane_store::MemoryStore;
use serde_json::json;
use std::time::Duration;
use support::{engine, RecordingHost, Scene, Script, APP_KEY, TOKEN_A, TOKEN_B};

/// What the engine's subscribers saw, as a replay yields it (tokens fingerprinted, host
/// failures of effects without a result left out: they are not machine outputs).
fn comparable(items: &[EngineItem]) -> Vec<EngineItem> {
    items
        .iter()
        .filter(|i| !matches!(i.item, Item::HostFailed { .. }))
        .map(EngineItem::redacted)
        .collect()
}

#[tokio::test(start_paused = true)]
async fn journal_replays_to_the_same_inputs_effects_and_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("engine.jsonl");
    // A device that already uploaded token B for alice in an earlier run.
    let mut persisted = PersistedState::default();
    persisted.tokens.insert("xiaomi".into(), TOKEN_B.into());
    persisted.upload_record = Some(UploadRecord {
        user_id: "alice".into(),
        vendor: "xiaomi".into(),
        business_id: 10001,
        token: TOKEN_B.into(),
    });
    let host = RecordingHost::new();
    host.script(
        "upload_token",
        Script {
            fail: 1,
            latency: Duration::from_millis(300),
            ..Script::default()
        },
    );
    host.script(
        "clear_token",
        Script {
            fail: 1,
            ..Script::default()
        },
    );
    host.script(
        "report_background",
        Script {
            fail: 1,
            ..Script::default()
        },
    );
    let mut scene = Scene::start_with(
        engine()
            .journal(&path)
            .store(StoreChoice::custom(MemoryStore::with_state(persisted))),
        host,
    );
    let h = scene.handle.clone();
    assert!(h.sdk_initialized());
    assert!(h.plugin_init());
    assert!(h.login("alice"));
    scene.at(1_000).await;
    assert!(h.vendor_token(TOKEN_B, Some("xiaomi"))); // same as stored: skipped
    scene.at(2_000).await;
    assert!(h.vendor_token("", None));
    assert!(h.vendor_token(TOKEN_A, Some("xiaomi"))); // a new token: uploaded at 5000, fails once
    scene.at(9_000).await;
    assert!(h.app_state(AppLifecycle::Paused));
    assert!(h.unread(3));
    assert!(h.message_received(Message {
        msg_id: "m1".into(),
        sender: "bob".into(),
        nick_name: Some("Bob".into()),
        group_id: None,
        elem_type: ElemType::Text,
        text: Some("hi".into()),
        is_self: false,
        offline_push_info: None,
    }));
    assert!(h.notification_clicked(
        "xiaomi",
        json!({"title": "Bob", "content": "hi", "msgId": "m1", "ext": "{\"conversationID\":\"c2c_bob\"}"}),
    ));
    scene.at(9_500).await;
    assert!(h.app_state(AppLifecycle::Resumed));
    assert!(h.ui_ready());
    assert!(h.conversation_shown(Some("c2c_bob".into())));
    scene.at(12_000).await;
    assert!(h.push_enabled(false)); // clear fails once, retried after 1 s
    scene.at(15_000).await;
    assert!(h.push_enabled(true));
    scene.at(20_000).await;
    assert!(h.logout());
    assert!(h.login("bob"));
    scene.at(30_000).await;
    let items = scene.collect().await.to_vec();
    h.shutdown().await;

    // The run did what the test means to cover.
    let kinds: Vec<&str> = items
        .iter()
        .filter_map(|i| i.event().map(Event::kind))
        .collect();
    for kind in [
        "upload_skipped",
        "upload_failed",
        "token_uploaded",
        "clear_failed",
        "token_cleared",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    assert!(items
        .iter()
        .any(|i| matches!(i.effect(), Some(Effect::DeliverClick { .. }))));
    assert!(items
        .iter()
        .any(|i| matches!(i.item, Item::HostFailed { .. })));

    // Secrets are fingerprinted in the journal.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(TOKEN_A) && !text.contains(TOKEN_B), "{text}");
    assert!(!text.contains(APP_KEY), "{text}");
    assert!(text.contains(&fingerprint(TOKEN_A)));
    let second = text.lines().nth(1).unwrap();
    assert_eq!(second, r#"{"at_ms":0,"type":"sdk_initialized"}"#);

    let journal = read_journal(&path).unwrap();
    let inputs = items
        .iter()
        .filter(|i| matches!(i.item, Item::Input(_)))
        .count();
    assert_eq!(journal.entries.len(), inputs);
    let replayed = replay_items(&journal, pushlane::link_vendors()).unwrap();
    assert_eq!(replayed, comparable(&items));

    // `replay` is the same without the inputs, as (at_ms, Output) for trace printing.
    let outputs = replay(&journal, pushlane::link_vendors()).unwrap();
    let expected: Vec<_> = comparable(&items)
        .iter()
        .filter_map(|i| i.output().map(|o| (i.at_ms, o)))
        .collect();
    assert_eq!(outputs, expected);
    let line = outputs[0].1.trace_line(outputs[0].0).unwrap();
    assert_eq!(line["kind"], "event");
}

#[tokio::test(start_paused = true)]
async fn a_store_reset_is_in_the_journal_header_and_replays_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("push.db");
    let path = dir.path().join("engine.jsonl");
    std::fs::write(&db, b"garbage, not a database ".repeat(100)).unwrap();
    let mut builder = engine()
        .journal(&path)
        .store(StoreChoice::Sqlite(db.clone()));
    let mut rx = builder.subscribe();
    let handle = builder.start(RecordingHost::new()).unwrap();
    handle.sdk_initialized();
    handle.plugin_init();
    tokio::time::sleep(Duration::from_secs(1)).await;
    handle.shutdown().await;
    let mut items = Vec::new();
    while let Ok(item) = rx.try_recv() {
        items.push(item);
    }

    let journal = read_journal(&path).unwrap();
    assert!(journal.header.store_reset.is_some());
    let replayed = replay_items(&journal, pushlane::link_vendors()).unwrap();
    assert!(matches!(
        replayed[0].event(),
        Some(Event::Warning {
            code: WarningCode::StoreReset,
            ..
        })
    ));
    assert_eq!(replayed, comparable(&items));
}

#[test]
fn a_line_that_cannot_be_parsed_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("engine.jsonl");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap();
    rt.block_on(async {
        let scene = Scene::start(engine().journal(&path));
        scene.boot();
        scene.at(100).await;
        scene.handle.shutdown().await;
    });
    let mut text = std::fs::read_to_string(&path).unwrap();
    let good_lines = text.lines().count();
    text.push_str("{\"at_ms\":200,\"type\":\"app_state\",\"state\":\"sleeping\"}\n");
    std::fs::write(&path, text).unwrap();

    let err = read_journal(&path).unwrap_err();
    match &err {
        RuntimeError::Journal { line, message } => {
            assert_eq!(*line, good_lines + 1);
            assert!(message.contains("sleeping"), "{message}");
        }
        other => panic!("expected a journal error, got {other:?}"),
    }
    assert!(err
        .to_string()
        .starts_with(&format!("journal line {}: ", good_lines + 1)));
}
