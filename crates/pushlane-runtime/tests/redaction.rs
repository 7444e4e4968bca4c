//! An embedded engine never shows a secret (issue 10 §4): a device token or the app key quoted
//! in free text (a `vendor_error` reason, a host's error message, a chat message, a click) is a
//! fingerprint in every log line (TRACE level), in the events subscribers get, and in the
//! journal; and the journal still replays to the same events.

mod support;

use pushlane::{fingerprint, ElemType, Event, Message};
use pushlane_runtime::{
    async_trait, read_journal, replay_items, Host, HostEffect, HostError, InputSender, Item,
};
use std::io::Write;
use std::sync::{Arc, Mutex};
use support::{engine, Scene, APP_KEY, TOKEN_A};
use tracing_subscriber::fmt::MakeWriter;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;

    fn make_writer(&'a self) -> Capture {
        self.clone()
    }
}

/// A host whose SDKs quote what they were given in their errors: the badge and
/// `report_background` calls fail naming the app key and the token, the first upload names the
/// token.
struct QuotingHost {
    uploads: Mutex<u32>,
}

#[async_trait]
impl Host for QuotingHost {
    async fn perform(&self, effect: HostEffect, _engine: &InputSender) -> Result<(), HostError> {
        match effect {
            HostEffect::UploadToken { token, .. } => {
                let mut uploads = self.uploads.lock().unwrap();
                *uploads += 1;
                if *uploads == 1 {
                    return Err(HostError::new(format!(
                        "setOfflinePushConfig: bad token {token}"
                    )));
                }
                Ok(())
            }
            HostEffect::ReportBackground { .. } => Err(HostError::new(format!(
                "doBackground failed: app_key {APP_KEY} with token {TOKEN_A}"
            ))),
            _ => Ok(()),
        }
    }
}

#[tokio::test(start_paused = true)]
async fn quoted_secrets_are_fingerprints_in_logs_events_and_the_journal() {
    let logs = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(logs.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("engine.jsonl");
    let host = Arc::new(QuotingHost {
        uploads: Mutex::new(0),
    });
    let mut builder = engine().journal(&journal);
    let rx = builder.subscribe();
    let handle = builder.start(host).unwrap();
    let mut scene = Scene {
        start: tokio::time::Instant::now(),
        host: support::RecordingHost::new(),
        handle,
        rx,
        items: Vec::new(),
    };
    scene.boot();
    scene.at(7_000).await;
    assert!(scene.handle.vendor_error(format!(
        "MiPush register failed: token {TOKEN_A} rejected for app_key {APP_KEY}"
    )));
    assert!(scene.handle.app_state(pushlane::AppLifecycle::Paused));
    assert!(scene.handle.message_received(Message {
        msg_id: "m1".into(),
        sender: "bob".into(),
        nick_name: None,
        group_id: None,
        elem_type: ElemType::Text,
        text: Some(format!("here is my token: {TOKEN_A}")),
        is_self: false,
        offline_push_info: None,
    }));
    scene.at(8_000).await;
    let items = scene.collect().await.to_vec();
    scene.handle.shutdown().await;
    drop(_guard);

    // Every log line, at every level.
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains(" WARN "), "{logs}");
    for secret in [TOKEN_A, APP_KEY] {
        for line in logs.lines() {
            assert!(!line.contains(secret), "{secret} in a log line: {line}");
        }
    }
    assert!(logs.contains(&fingerprint(TOKEN_A)), "{logs}");
    assert!(logs.contains(&fingerprint(APP_KEY)), "{logs}");

    // Events and host failures: fingerprints only.
    let mut quoted = 0;
    for item in &items {
        let text = match &item.item {
            Item::Event(event) => format!("{event:?}"),
            Item::HostFailed { error, .. } => error.clone(),
            _ => continue,
        };
        assert!(!text.contains(TOKEN_A) && !text.contains(APP_KEY), "{text}");
        quoted += usize::from(text.contains(&fingerprint(TOKEN_A)));
    }
    // vendor_failed, its warning, upload_failed and the failed report_background.
    assert!(quoted >= 4, "{items:#?}");
    let failed = items.iter().find_map(|i| match &i.item {
        Item::Event(Event::VendorFailed { reason, .. }) => Some(reason.clone()),
        _ => None,
    });
    assert_eq!(
        failed.as_deref(),
        Some(
            format!(
                "MiPush register failed: token {} rejected for app_key {}",
                fingerprint(TOKEN_A),
                fingerprint(APP_KEY)
            )
            .as_str()
        )
    );

    // The journal is stored: fingerprints only, and it replays to the same events.
    let text = std::fs::read_to_string(&journal).unwrap();
    assert!(!text.contains(TOKEN_A) && !text.contains(APP_KEY), "{text}");
    let replayed =
        replay_items(&read_journal(&journal).unwrap(), pushlane::link_vendors()).unwrap();
    let events = |items: &[pushlane_runtime::EngineItem]| -> Vec<Event> {
        items.iter().filter_map(|i| i.event().cloned()).collect()
    };
    assert_eq!(events(&replayed), events(&items));
}
