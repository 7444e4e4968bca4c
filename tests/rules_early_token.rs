//! lifecycle.md §4, "a `vendor_token` before init is never dropped": FCM's auto-init and HMS
//! hand the app a token before the app's own code has run, and often never hand it out again.
//! An early token (with or without `vendor`) must end up uploaded exactly as a token that
//! arrived just after init, with no `token_fetch` polling for a token already known.

mod support;
use support::*;

use pushlane::{DeviceInfo, Effect, Event, Input, Output, StoreWrite, TimerName, WarningCode};

/// Every vendor with a phone it serves under `ALL_VENDORS`.
fn phones() -> Vec<(&'static str, DeviceInfo)> {
    vec![
        ("apns", devices::iphone()),
        ("fcm", devices::pixel()),
        ("huawei", devices::huawei()),
        ("honor", devices::honor_magic()),
        ("xiaomi", devices::redmi_miui14()),
        ("oppo", devices::oppo()),
        ("vivo", devices::vivo()),
        ("meizu", devices::meizu()),
    ]
}

fn vendor_token(token: &str, vendor: Option<&str>) -> Input {
    Input::VendorToken {
        token: token.to_string(),
        vendor: vendor.map(str::to_string),
    }
}

/// How the token reaches the engine in a run.
#[derive(Clone, Copy, Debug)]
enum Arrival {
    /// Before `sdk_initialized`, naming its vendor.
    EarlyNamed,
    /// Before `sdk_initialized`, naming no vendor.
    EarlyUnnamed,
    /// 1 ms after `plugin_init`, naming its vendor: the reference behaviour.
    JustAfterInit,
}

/// sdk_initialized at 10, plugin_init at 100, login at 200, the token as `arrival` says; then
/// the clock runs to 60 s firing every armed timer, and every upload succeeds.
fn run(vendor: &str, device: DeviceInfo, arrival: Arrival) -> Harness {
    let mut h = Harness::new(config(ALL_VENDORS), device);
    match arrival {
        Arrival::EarlyNamed => {
            h.at(0, vendor_token("early-token", Some(vendor)));
        }
        Arrival::EarlyUnnamed => {
            h.at(0, vendor_token("early-token", None));
        }
        Arrival::JustAfterInit => {}
    }
    h.at(10, Input::SdkInitialized);
    h.at(100, Input::PluginInit);
    if let Arrival::JustAfterInit = arrival {
        h.at(101, vendor_token("early-token", Some(vendor)));
    }
    h.login(200, "alice");
    run_clock(&mut h, 60_000);
    h
}

/// Fires armed timers in deadline order up to `until`, answering uploads with success.
fn run_clock(h: &mut Harness, until: u64) {
    loop {
        let next = h.machine.armed_timers().iter().map(|(t, d)| (*d, *t)).min();
        match next {
            Some((deadline, timer)) if deadline <= until => {
                let out = h.at(deadline.max(h.now), Input::Timer { timer });
                answer_uploads(h, &out);
            }
            _ => break,
        }
    }
}

fn answer_uploads(h: &mut Harness, out: &[Output]) {
    for effect in effects(out) {
        if let Effect::UploadToken { effect_id, .. } = effect {
            let now = h.now;
            let more = h.done(now, effect_id, true);
            answer_uploads(h, &more);
        }
    }
}

/// The upload effects and their results, as (at_ms, effect or event) lines of the trace.
fn upload_story(h: &Harness) -> Vec<serde_json::Value> {
    h.trace()
        .into_iter()
        .filter(|line| {
            matches!(
                line["type"].as_str(),
                Some("upload_token" | "token_uploaded" | "upload_skipped" | "upload_failed")
            )
        })
        .collect()
}

fn fetches(h: &Harness) -> usize {
    h.effects()
        .iter()
        .filter(|e| matches!(e, Effect::FetchToken { .. }))
        .count()
}

#[test]
fn early_token_with_vendor_is_uploaded_as_one_just_after_init_on_every_vendor() {
    for (vendor, device) in phones() {
        let early = run(vendor, device.clone(), Arrival::EarlyNamed);
        let reference = run(vendor, device, Arrival::JustAfterInit);
        let story = upload_story(&early);
        assert_eq!(story, upload_story(&reference), "{vendor}");
        assert_eq!(
            story.len(),
            2,
            "{vendor}: one upload, one success: {story:?}"
        );
        assert_eq!(story[0]["at_ms"], 5100, "{vendor}: 5 s after init");
        assert_eq!(story[0]["vendor"], vendor);
        assert_eq!(story[0]["token"], "early-token");
        assert_eq!(fetches(&early), 0, "{vendor}: no polling for a known token");
        assert!(
            !early.warnings().contains(&WarningCode::TokenUnavailable),
            "{vendor}"
        );
    }
}

#[test]
fn early_token_without_vendor_is_taken_as_the_selected_vendors_token_on_every_vendor() {
    for (vendor, device) in phones() {
        let early = run(vendor, device.clone(), Arrival::EarlyUnnamed);
        let reference = run(vendor, device, Arrival::JustAfterInit);
        let story = upload_story(&early);
        assert_eq!(story, upload_story(&reference), "{vendor}");
        assert_eq!(story[0]["at_ms"], 5100, "{vendor}");
        assert_eq!(story[0]["vendor"], vendor);
        assert_eq!(fetches(&early), 0, "{vendor}");
        assert_eq!(
            armed(&early, TimerName::TokenFetch),
            None,
            "{vendor}: token_fetch never armed"
        );
        assert!(
            !early.effects().iter().any(|e| matches!(
                e,
                Effect::ArmTimer {
                    timer: TimerName::TokenFetch,
                    ..
                }
            )),
            "{vendor}"
        );
        // The token is stored for the selected vendor at init, after `vendor_selected`.
        assert!(
            early.writes().contains(&StoreWrite::Token {
                vendor: vendor.to_string(),
                token: "early-token".to_string()
            }),
            "{vendor}"
        );
    }
}

#[test]
fn early_token_without_vendor_is_kept_not_ignored() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::pixel());
    let out = h.at(0, vendor_token("fcm-early", None));
    assert!(plain_events(&out).is_empty(), "nothing ignored: {out:?}");
    assert_eq!(h.machine.status().token.as_deref(), Some("fcm-early"));
    h.at(10, Input::SdkInitialized);
    let out = h.at(100, Input::PluginInit);
    let selected_at = out
        .iter()
        .position(|o| matches!(o.as_event(), Some(Event::VendorSelected { .. })))
        .expect("vendor_selected");
    let stored_at = out
        .iter()
        .position(|o| matches!(o, Output::Persist(StoreWrite::Token { .. })))
        .expect("the early token is stored at init");
    assert!(selected_at < stored_at, "{out:?}");
    assert_eq!(
        effects(&out),
        vec![Effect::RegisterVendor {
            vendor: "fcm".into()
        }],
        "no token_fetch"
    );
}

#[test]
fn early_token_without_vendor_goes_ahead_of_a_stored_one() {
    let state = stored("huawei", "old-token", 1003, None);
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state);
    h.at(0, vendor_token("fresh-token", None));
    h.init(100);
    h.login(200, "alice");
    let out = h.fire(TimerName::TokenUpload);
    assert_eq!(
        effects(&out),
        vec![Effect::UploadToken {
            effect_id: 1,
            vendor: "huawei".into(),
            business_id: 1003,
            token: "fresh-token".into()
        }]
    );
    assert_eq!(
        h.machine
            .persisted()
            .tokens
            .get("huawei")
            .map(String::as_str),
        Some("fresh-token")
    );
}

#[test]
fn early_token_without_vendor_is_ignored_when_local_is_selected() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::uncertified());
    h.at(0, vendor_token("who-knows", None));
    h.at(10, Input::SdkInitialized);
    let out = h.at(100, Input::PluginInit);
    assert!(plain_events(&out).contains(&Event::Ignored {
        input: "vendor_token".into(),
        reason: "local_has_no_token".into()
    }));
    assert!(h.machine.persisted().tokens.is_empty(), "nothing stored");
    h.login(200, "alice");
    run_clock(&mut h, 60_000);
    assert!(h.uploads().is_empty());
    assert_eq!(h.machine.status().token, None);
}

#[test]
fn early_token_for_another_vendor_is_stored_and_uploads_nothing() {
    // A Redmi (Xiaomi selected) whose host reports an FCM token early: kept for fcm, while the
    // Xiaomi token is still unknown and polled for.
    let mut h = Harness::new(config(ALL_VENDORS), devices::redmi_miui14());
    let out = h.at(0, vendor_token("fcm-token", Some("fcm")));
    assert_eq!(
        out,
        vec![Output::Persist(StoreWrite::Token {
            vendor: "fcm".into(),
            token: "fcm-token".into()
        })]
    );
    h.init(100);
    assert_eq!(armed(&h, TimerName::TokenFetch), Some(2100));
    h.login(200, "alice");
    assert_eq!(armed(&h, TimerName::TokenUpload), None);
    assert!(h.uploads().is_empty());
}

#[test]
fn early_token_matching_the_upload_record_is_skipped() {
    // A restart: the same token the server already has for alice comes before init again.
    let state = stored("huawei", "hw-token", 1003, Some("alice"));
    for vendor in [Some("huawei"), None] {
        let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state.clone());
        h.at(0, vendor_token("hw-token", vendor));
        h.init(100);
        let out = h.login(200, "alice");
        assert!(
            plain_events(&out).contains(&Event::UploadSkipped {
                reason: "already_uploaded".into()
            }),
            "{vendor:?}: {out:?}"
        );
        run_clock(&mut h, 60_000);
        assert!(h.uploads().is_empty(), "{vendor:?}");
    }
}

#[test]
fn early_empty_token_is_ignored_and_polling_goes_on() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    let out = h.at(0, vendor_token("", None));
    assert_eq!(
        plain_events(&out),
        vec![Event::Ignored {
            input: "vendor_token".into(),
            reason: "token_not_available_yet".into()
        }]
    );
    h.init(100);
    assert_eq!(armed(&h, TimerName::TokenFetch), Some(2100));
}

#[test]
fn newest_early_token_without_vendor_is_the_one_taken() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::pixel());
    h.at(0, vendor_token("first", None));
    h.at(5, vendor_token("refreshed", None));
    h.init(100);
    h.login(200, "alice");
    h.fire(TimerName::TokenUpload);
    assert_eq!(h.uploads(), vec![(5100, 1, "refreshed".to_string())]);
}

#[test]
fn early_token_survives_a_deferred_init_and_an_early_login() {
    // plugin_init before sdk_initialized (deferred), login before init: the delay still counts
    // from the init that ran at sdk_initialized.
    let mut h = Harness::new(config(ALL_VENDORS), devices::pixel());
    h.at(0, vendor_token("fcm-early", None));
    h.at(20, Input::PluginInit);
    h.login(30, "alice");
    h.at(400, Input::SdkInitialized);
    assert_eq!(armed(&h, TimerName::TokenUpload), Some(5400));
    assert_eq!(armed(&h, TimerName::TokenFetch), None);
    h.fire(TimerName::TokenUpload);
    assert_eq!(h.uploads(), vec![(5400, 1, "fcm-early".to_string())]);
}

#[test]
fn early_token_is_taken_as_the_fallback_vendors_only_at_init() {
    // FCM selected at init takes the unnamed early token; when FCM then fails and Huawei takes
    // over, that token stays FCM's and Huawei's own token is polled for.
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei().with_gms(true));
    h.at(0, vendor_token("fcm-early", None));
    h.init(100);
    h.at(
        500,
        Input::VendorError {
            reason: "SERVICE_NOT_AVAILABLE".into(),
        },
    );
    assert_eq!(
        h.machine.persisted().tokens.get("fcm").map(String::as_str),
        Some("fcm-early")
    );
    assert_eq!(h.machine.persisted().tokens.get("huawei"), None);
    assert_eq!(armed(&h, TimerName::TokenFetch), Some(2500));
}
