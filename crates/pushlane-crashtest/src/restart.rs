//! The next run after a crash, in-process: an engine over the store the crash left, on paused
//! time, with a host that succeeds at everything and whose vendor SDK stays silent (so the
//! token can only come from the store). What it does must be what lifecycle §4–§6 say after a
//! restart.

use crate::setup;
use pushlane::{Event, PersistedState, UploadRecord, WarningCode};
use pushlane_runtime::{
    async_trait, EngineItem, Host, HostEffect, HostError, InputSender, Item, StoreChoice,
};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Records every call; every call succeeds; no token is ever handed out.
#[derive(Default)]
struct Recorder {
    calls: Mutex<Vec<HostEffect>>,
}

#[async_trait]
impl Host for Recorder {
    async fn perform(&self, effect: HostEffect, _engine: &InputSender) -> Result<(), HostError> {
        self.calls
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(effect);
        Ok(())
    }
}

/// What the restarted engine did.
#[derive(Debug, Clone, Default)]
pub struct Restarted {
    pub calls: Vec<HostEffect>,
    pub items: Vec<EngineItem>,
    pub vendor: Option<String>,
    pub token: Option<String>,
}

impl Restarted {
    fn calls_of(&self, kind: &str) -> Vec<&HostEffect> {
        self.calls.iter().filter(|c| c.kind() == kind).collect()
    }

    fn events_of(&self, kind: &str) -> Vec<&Event> {
        self.items
            .iter()
            .filter_map(EngineItem::event)
            .filter(|e| e.kind() == kind)
            .collect()
    }
}

/// Runs the engine over `store` for 30 s of paused time: `sdk_initialized`, `plugin_init`,
/// `login(user)`, then `extra` inputs, no vendor token.
pub fn run(
    store: &Path,
    device: &str,
    user: &str,
    extra: &[pushlane::Input],
) -> Result<Restarted, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .map_err(|e| format!("cannot build the tokio runtime: {e}"))?;
    runtime.block_on(async {
        let device = setup::device(device).ok_or("unknown device")?;
        let host = Arc::new(Recorder::default());
        let mut builder = pushlane::engine(setup::plugin_config()?, device)
            .store(StoreChoice::Sqlite(store.to_path_buf()))
            .event_capacity(1 << 16);
        let mut rx = builder.subscribe();
        let handle = builder
            .start(host.clone())
            .map_err(|e| format!("the restarted engine did not start: {e}"))?;
        handle.sdk_initialized();
        handle.plugin_init();
        handle.login(user);
        for input in extra {
            let _ = handle.send(input.clone());
        }
        tokio::time::sleep(Duration::from_secs(30)).await;
        let status = handle.status().await.map_err(|e| format!("status: {e}"))?;
        handle.shutdown().await;
        let mut items = Vec::new();
        while let Ok(item) = rx.try_recv() {
            items.push(item);
        }
        let calls = host.calls.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Ok(Restarted {
            calls,
            items,
            vendor: status.vendor,
            token: status.token,
        })
    })
}

/// Checks what the restarted engine did against the store it started from (`before`, tokens in
/// full) and the store it left (`after`).
pub fn check(
    device: &str,
    user: &str,
    before: &PersistedState,
    run: &Restarted,
    after: &PersistedState,
) -> Vec<String> {
    let mut failures = Vec::new();
    let mut fail = |what: String| failures.push(format!("after the restart: {what}"));
    for item in &run.items {
        match &item.item {
            Item::Event(Event::Warning { code, detail }) if *code == WarningCode::StoreReset => {
                fail(format!("store_reset ({detail})"))
            }
            Item::Event(Event::StoreError { detail }) => fail(format!("store_error ({detail})")),
            _ => {}
        }
    }
    let primary = setup::primary_vendor(device).unwrap_or("?");
    if run.vendor.as_deref() != Some(primary) {
        fail(format!("vendor {:?}, expected {primary}", run.vendor));
        return failures;
    }
    let business_id = setup::plugin_config()
        .ok()
        .and_then(|c| setup::business_id(&c, primary))
        .unwrap_or(0);
    // §4: the stored token counts as known from init on; polling only while none is known.
    let stored = before.tokens.get(primary).filter(|t| !t.is_empty());
    if run.token.as_ref() != stored {
        fail(format!(
            "the stored {primary} token was not kept (status has {}, the store {})",
            fp(run.token.as_deref()),
            fp(stored.map(String::as_str))
        ));
    }
    let fetches = run.calls_of("fetch_token").len();
    match stored {
        Some(_) if fetches > 0 => fail(format!("{fetches} fetch_token with a stored token")),
        None if fetches == 0 => fail("no fetch_token while no token is known".to_string()),
        _ => {}
    }
    let uploads = run.calls_of("upload_token");
    let clears = run.calls_of("clear_token");
    let of_user = |r: &&UploadRecord| r.user_id == user;
    if !before.push_enabled {
        // §6: push off survives the restart; a token left on the server, or maybe on it (an
        // upload whose result the crash cut off, §10), is cleared at login: one clear.
        if !uploads.is_empty() {
            fail(format!("{} upload_token with push off", uploads.len()));
        }
        let pending = before.upload_pending.as_ref().filter(of_user);
        match pending.or(before.upload_record.as_ref().filter(of_user)) {
            Some(target) => {
                let expected = HostEffect::ClearToken {
                    vendor: target.vendor.clone(),
                    business_id: target.business_id,
                };
                if clears != [&expected] {
                    fail(format!(
                        "push off with {user}'s token left on the server ({}): expected one \
                         {expected:?}, got {clears:?}",
                        if pending.is_some() {
                            "pending upload"
                        } else {
                            "record"
                        }
                    ));
                }
                let left = [&after.upload_record, &after.upload_pending]
                    .into_iter()
                    .flatten()
                    .any(|r| r.user_id == user);
                if left {
                    fail(format!(
                        "{user}'s record or pending upload is still stored after the clear \
                         succeeded: {after:?}"
                    ));
                }
            }
            None if !clears.is_empty() => fail(format!("clear_token without a record: {clears:?}")),
            None => {}
        }
    } else {
        if !clears.is_empty() {
            fail(format!("clear_token with push on: {clears:?}"));
        }
        match stored {
            None if !uploads.is_empty() => fail("upload_token without a token".to_string()),
            None => {}
            Some(token) => {
                let desired = UploadRecord {
                    user_id: user.to_string(),
                    vendor: primary.to_string(),
                    business_id,
                    token: token.clone(),
                };
                // A pending upload of the same user that is not this record may have replaced
                // it on the server (§6, §10): then it is not known to be there.
                let in_doubt = before
                    .upload_pending
                    .as_ref()
                    .is_some_and(|p| p.user_id == user && *p != desired);
                if before.upload_record.as_ref() == Some(&desired) && !in_doubt {
                    // §6: the same user and token after a restart upload nothing.
                    if !uploads.is_empty() {
                        fail("re-upload of the record already on the server".to_string());
                    }
                    if run.events_of("upload_skipped").is_empty() {
                        fail("no upload_skipped for the record already on the server".to_string());
                    }
                } else {
                    let expected = HostEffect::UploadToken {
                        vendor: primary.to_string(),
                        business_id,
                        token: token.clone(),
                    };
                    if uploads != [&expected] {
                        fail(format!(
                            "expected one upload of the stored token, got {}",
                            uploads.len()
                        ));
                    }
                    if after.upload_record.as_ref() != Some(&desired) {
                        fail("the upload was not recorded".to_string());
                    }
                    if after.upload_pending.is_some() {
                        fail(format!(
                            "the upload was recorded but is still pending: {:?}",
                            after.upload_pending
                        ));
                    }
                }
            }
        }
    }
    if after.push_enabled != before.push_enabled {
        fail("the push preference changed".to_string());
    }
    if after.tokens != before.tokens {
        fail("the stored tokens changed".to_string());
    }
    failures
}

fn fp(token: Option<&str>) -> String {
    token.map_or_else(|| "none".to_string(), pushlane::fingerprint)
}
