mod model;
mod support;

// Every failure the model-based property test (tests/invariants.rs) ever found, pinned: each
// test replays the shrunk sequence through the model checker (all invariants, every step), then
// replays it by hand on the harness and asserts what went wrong, so the bug stays fixed even if
// the model changes. The proptest seeds are kept in proptest-regressions/invariants.txt.

use model::{s, Action, Cfg, Device, Initial, StoredRecord, StoredVendor, User, Who, World};
use pushlane::{Effect, Event, Input, Output, TimerName};
use support::{effects, events};

/// Runs the shrunk case through the model checker.
fn holds(world: &World, steps: &[model::Step]) {
    if let Err(v) = model::run(world, steps) {
        panic!(
            "invariant {} broken at step {}: {}",
            v.invariant, v.step, v.detail
        );
    }
}

fn upload_failed(out: &[Output]) -> Option<(u32, Option<u64>)> {
    events(out).into_iter().find_map(|e| match e {
        Event::UploadFailed {
            attempt,
            retry_in_ms,
            ..
        } => Some((attempt, retry_in_ms)),
        _ => None,
    })
}

fn uploads(out: &[Output]) -> Vec<(u64, String, String)> {
    effects(out)
        .into_iter()
        .filter_map(|e| match e {
            Effect::UploadToken {
                effect_id,
                vendor,
                token,
                ..
            } => Some((effect_id, vendor, token)),
            _ => None,
        })
        .collect()
}

/// Found: an FCM upload in flight, FCM fails (`vendor_error`) and the Huawei family vendor takes
/// over with a stored token of the same text; the FCM upload then fails. The machine compared
/// only token texts, so it announced a 1 s retry of the FCM upload (`retry_in_ms: 1000`) instead
/// of sending Huawei's token at once, and would have counted Huawei's attempts on from FCM's
/// (§6: "a token that changes during an upload is uploaded as soon as the result arrives, success
/// or failure, with the attempt count reset"). Fix: compare whole upload records (user, vendor,
/// business id, token) in `upload_done` and for the attempt count.
#[test]
fn vendor_switch_during_a_failing_upload_sends_the_new_vendors_token_at_once() {
    let world = World::new(
        Device::HuaweiGms,
        Cfg::AppManagesBadge,
        Initial::Stored {
            vendor: StoredVendor::Named("huawei"),
            token: "tok-a",
            record: StoredRecord::None,
            push_enabled: true,
        },
    );
    holds(
        &world,
        &[
            s(0, Action::SdkInitialized),
            s(100, Action::PluginInit),
            s(50, Action::Login(User::Alice)),
            s(
                300,
                Action::VendorToken {
                    token: "tok-a",
                    vendor: Who::Selected,
                },
            ),
            s(0, Action::FireTimer(0)),
            s(0, Action::VendorError),
            s(
                0,
                Action::EffectDone {
                    pick: Some(0),
                    ok: false,
                },
            ),
        ],
    );

    let mut h = world.harness();
    h.init(100);
    assert_eq!(h.machine.status().vendor.as_deref(), Some("fcm"));
    h.login(150, "alice");
    h.token(450, "fcm", "tok-a");
    let out = h.fire(TimerName::TokenUpload);
    assert_eq!(uploads(&out), [(1, "fcm".into(), "tok-a".into())]);
    h.at(
        5100,
        Input::VendorError {
            reason: "SERVICE_NOT_AVAILABLE".into(),
        },
    );
    assert_eq!(h.machine.status().vendor.as_deref(), Some("huawei"));

    let out = h.done(5100, 1, false);
    assert_eq!(
        upload_failed(&out),
        Some((1, None)),
        "no retry of the FCM upload"
    );
    assert_eq!(uploads(&out), [(2, "huawei".into(), "tok-a".into())]);
    assert!(!h
        .machine
        .armed_timers()
        .contains_key(&TimerName::UploadRetry));

    let out = h.done(5200, 2, false);
    assert_eq!(
        upload_failed(&out),
        Some((1, Some(1_000))),
        "Huawei's attempts start at 1"
    );
}

/// Found when the machine changed under the model (the unread count now resets at a session
/// end): `unread 1` before any login, bob logs in, alice logs in (ending bob's session), the app
/// goes to background, and the machine reports `report_background {unread: 0}`. Not a machine
/// bug: the count was bob's (the Chat SDK's total unread is per user), and alice's arrives with
/// her next `unread`. lifecycle.md §7 does not say so; the model was fixed to reset the count at
/// every session end, and this pins the behaviour.
#[test]
fn unread_count_of_an_ended_session_is_not_reported_for_the_next_user() {
    let world = World::new(Device::Iphone, Cfg::AllVendors, Initial::Empty);
    holds(
        &world,
        &[
            s(0, Action::Unread(1)),
            s(0, Action::Login(User::Bob)),
            s(0, Action::Login(User::Alice)),
            s(0, Action::AppState(pushlane::AppLifecycle::Inactive)),
        ],
    );

    let mut h = world.harness();
    h.at(0, Input::Unread { count: 1 });
    h.login(0, "bob");
    h.login(0, "alice");
    let out = h.app(0, pushlane::AppLifecycle::Inactive);
    assert_eq!(effects(&out), [Effect::ReportBackground { unread: 0 }]);
}

/// Reported (issue: "lose no token"), and found again at once by the model after it learned
/// tokens from inputs alone: a `vendor_token` without `vendor` before init was
/// `ignored (before_init)`, so the machine then polled `fetch_token` ten times and warned
/// `token_unavailable` while it had the token all along (FCM auto-init and HMS hand their token
/// over before the app's code runs). Fix: the token is kept and taken at init as the selected
/// vendor's (lifecycle.md §4).
#[test]
fn early_token_without_vendor_is_taken_at_init_not_polled_for() {
    let world = World::new(Device::PixelGms, Cfg::AllVendors, Initial::Empty);
    let steps = [
        s(
            0,
            Action::VendorToken {
                token: "tok-a",
                vendor: Who::Absent,
            },
        ),
        s(0, Action::SdkInitialized),
        s(100, Action::PluginInit),
        s(50, Action::Login(User::Alice)),
        s(5_000, Action::FireTimer(0)),
    ];
    holds(&world, &steps);

    let mut h = world.harness();
    h.at(
        0,
        Input::VendorToken {
            token: "tok-a".into(),
            vendor: None,
        },
    );
    h.at(0, Input::SdkInitialized);
    let out = h.at(100, Input::PluginInit);
    assert!(
        !h.machine
            .armed_timers()
            .contains_key(&TimerName::TokenFetch),
        "{out:?}"
    );
    h.login(150, "alice");
    let out = h.fire(TimerName::TokenUpload);
    assert_eq!(
        uploads(&out),
        vec![(1, "fcm".to_string(), "tok-a".to_string())]
    );
}
