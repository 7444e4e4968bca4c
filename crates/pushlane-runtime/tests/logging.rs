//! `tracing` output: one span per input, state changes at info, effects and events at debug,
//! and never a device token or app secret, at any level.

mod support;

use pushlane::fingerprint;
use std::io::Write;
use std::sync::{Arc, Mutex};
use support::{engine, RecordingHost, Scene, Script, APP_KEY, TOKEN_A, TOKEN_B};
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

impl Capture {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

#[tokio::test(start_paused = true)]
async fn no_token_or_secret_appears_in_captured_tracing_output() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(capture.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let dir = tempfile::tempdir().unwrap();
    let host = RecordingHost::new();
    // The host's error message quotes the token: the engine fingerprints it.
    host.script(
        "upload_token",
        Script {
            fail: 1,
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
    let mut scene = Scene::start_with(engine().journal(dir.path().join("j.jsonl")), host);
    scene.boot();
    scene.at(7_000).await;
    assert!(scene.handle.vendor_token(TOKEN_B, Some("xiaomi")));
    scene.at(8_000).await;
    assert!(scene.handle.push_enabled(false));
    scene.at(12_000).await;
    let status = scene.handle.status().await.unwrap();
    assert_eq!(
        status.token.as_deref(),
        Some(TOKEN_B),
        "status holds the token in full"
    );
    assert_eq!(scene.events("token_cleared").await.len(), 1);
    scene.handle.shutdown().await;
    drop(_guard);

    let logs = capture.text();
    assert!(!logs.is_empty());
    for secret in [TOKEN_A, TOKEN_B, APP_KEY] {
        assert!(
            !logs.contains(secret),
            "{secret} leaked into the logs:\n{logs}"
        );
    }
    assert!(logs.contains(&fingerprint(TOKEN_A)), "{logs}");
    assert!(logs.contains(&fingerprint(TOKEN_B)), "{logs}");
    // One span per input, named by the input's type.
    assert!(logs.contains("input{kind=\"vendor_token\""), "{logs}");
    assert!(logs.contains("input{kind=\"timer\""), "{logs}");
    assert!(logs.contains("input{kind=\"effect_done\""), "{logs}");
    // State changes at info, effects and events at debug.
    assert!(
        logs.lines()
            .any(|l| l.contains(" INFO ") && l.contains("state changed")),
        "{logs}"
    );
    assert!(
        logs.lines()
            .any(|l| l.contains("DEBUG") && l.contains("effect=\"upload_token\"")),
        "{logs}"
    );
    assert!(
        logs.lines()
            .any(|l| l.contains("DEBUG") && l.contains("event=\"upload_failed\"")),
        "{logs}"
    );
}
