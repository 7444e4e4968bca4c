//! lifecycle.md §6 and §10, "an upload that may be on the server": an `upload_token` whose
//! result never arrived because the process died is remembered in the store, so that after the
//! restart a push switched off still clears it.
//!
//! Each test runs a first process up to the crash (the machine is simply dropped, as a killed
//! app would be) and a second one over the persisted state it left.

mod support;
use support::*;

use pushlane::{Effect, Event, Input, Output, PersistedState, TimerName};

fn clear(effect_id: u64) -> Effect {
    Effect::ClearToken {
        effect_id,
        vendor: "huawei".into(),
        business_id: 1003,
    }
}

fn upload(effect_id: u64, token: &str) -> Effect {
    Effect::UploadToken {
        effect_id,
        vendor: "huawei".into(),
        business_id: 1003,
        token: token.into(),
    }
}

fn push(h: &mut Harness, at_ms: u64, enabled: bool) -> Vec<Output> {
    h.at(at_ms, Input::PushEnabled { enabled })
}

/// The clears and uploads a run sent, in order.
fn token_calls(h: &Harness) -> Vec<Effect> {
    h.effects()
        .into_iter()
        .filter(|e| matches!(e, Effect::UploadToken { .. } | Effect::ClearToken { .. }))
        .collect()
}

/// The first process on a Huawei phone: init at 100, `user` logs in at 200, the token comes at
/// 300 and its upload (effect 1) goes out at 5100. Nothing answers it: the app dies here.
fn upload_in_flight(user: &str) -> Harness {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.login(200, user);
    h.token(300, "huawei", "hw-token");
    h.fire(TimerName::TokenUpload);
    assert_eq!(token_calls(&h), vec![upload(1, "hw-token")]);
    h
}

/// The next process over what `before` persisted: init at 100.
fn restart(before: &Harness) -> Harness {
    let state: PersistedState = before.machine.persisted().clone();
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state);
    h.init(100);
    h
}

#[test]
fn push_off_during_an_upload_then_a_crash_clears_at_the_next_login() {
    let mut first = upload_in_flight("alice");
    push(&mut first, 5500, false);
    // The server accepted the upload, but the app was killed before it heard so.

    let mut second = restart(&first);
    let out = second.login(200, "alice");
    assert_eq!(
        effects(&out),
        vec![clear(1)],
        "the token may be on the server and push is off: one clear"
    );
    let out = second.done(300, 1, true);
    assert!(plain_events(&out).contains(&Event::TokenCleared {
        vendor: "huawei".into(),
        business_id: 1003
    }));
    second.at(30_000, Input::UiReady);
    assert_eq!(token_calls(&second), vec![clear(1)], "one clear, no upload");

    // Once cleared it is forgotten: the process after that sends nothing.
    let mut third = restart(&second);
    third.login(200, "alice");
    third.at(30_000, Input::UiReady);
    assert_eq!(token_calls(&third), vec![]);
}

#[test]
fn push_switched_off_in_the_next_process_after_a_crash_during_an_upload_clears() {
    let first = upload_in_flight("alice");

    let mut second = restart(&first);
    second.login(200, "alice");
    // Before the new upload is due (5100), the user switches push off.
    let out = push(&mut second, 1000, false);
    assert!(effects(&out).contains(&clear(1)), "{out:?}");
    second.done(1100, 1, true);
    second.at(30_000, Input::UiReady);
    assert_eq!(token_calls(&second), vec![clear(1)]);
}

#[test]
fn restart_with_push_on_uploads_once_and_clears_nothing() {
    let first = upload_in_flight("alice");

    let mut second = restart(&first);
    second.login(200, "alice");
    second.fire(TimerName::TokenUpload);
    assert_eq!(
        token_calls(&second),
        vec![upload(1, "hw-token")],
        "not known to be on the server: uploaded again, once"
    );
    let out = second.done(5200, 1, true);
    assert!(plain_events(&out).contains(&Event::TokenUploaded {
        vendor: "huawei".into(),
        business_id: 1003
    }));
    second.at(30_000, Input::UiReady);
    assert_eq!(token_calls(&second), vec![upload(1, "hw-token")]);

    // Now it is known to be there: the next restart skips it.
    let mut third = restart(&second);
    third.login(200, "alice");
    third.at(30_000, Input::UiReady);
    assert_eq!(token_calls(&third), vec![]);
    assert!(third
        .events()
        .iter()
        .any(|e| matches!(e, Event::UploadSkipped { .. })));
}

#[test]
fn another_users_pending_upload_is_cleared_at_that_users_next_login() {
    let mut first = upload_in_flight("alice");
    push(&mut first, 5500, false);

    // Bob logs in and out: not his token, nothing to clear; his logout keeps alice's entry.
    let mut second = restart(&first);
    second.login(200, "bob");
    second.at(300, Input::Logout);
    let out = second.login(400, "alice");
    assert_eq!(effects(&out), vec![clear(1)], "{out:?}");
    second.done(500, 1, true);
    second.at(30_000, Input::UiReady);
    assert_eq!(token_calls(&second), vec![clear(1)]);
}

#[test]
fn a_failed_upload_is_not_on_the_server_so_the_restart_clears_nothing() {
    let mut first = upload_in_flight("alice");
    push(&mut first, 5500, false);
    first.done(5600, 1, false);

    let mut second = restart(&first);
    second.login(200, "alice");
    second.at(30_000, Input::UiReady);
    assert_eq!(token_calls(&second), vec![]);
}

#[test]
fn a_logout_during_an_upload_forgets_it_so_the_restart_clears_nothing() {
    let mut first = upload_in_flight("alice");
    push(&mut first, 5500, false);
    first.at(5600, Input::Logout);

    let mut second = restart(&first);
    second.login(200, "alice");
    second.at(30_000, Input::UiReady);
    assert_eq!(token_calls(&second), vec![]);
}

/// The store's record says `hw-old` is on the server, but a later upload of `hw-token` may have
/// replaced it: when the vendor hands out `hw-old` again, it is uploaded, not skipped.
#[test]
fn a_record_followed_by_an_unanswered_upload_no_longer_dedups() {
    let mut first = Harness::new(config(ALL_VENDORS), devices::huawei());
    first.init(100);
    first.login(200, "alice");
    first.token(300, "huawei", "hw-old");
    first.fire(TimerName::TokenUpload);
    first.done(5200, 1, true);
    first.token(6000, "huawei", "hw-token");
    assert_eq!(
        token_calls(&first),
        vec![upload(1, "hw-old"), upload(2, "hw-token")]
    );

    let mut second = restart(&first);
    second.login(200, "alice");
    let out = second.token(300, "huawei", "hw-old");
    assert!(
        armed(&second, TimerName::TokenUpload).is_some(),
        "hw-old may no longer be on the server, so it is uploaded again: {out:?}"
    );
    second.fire(TimerName::TokenUpload);
    assert_eq!(token_calls(&second), vec![upload(1, "hw-old")]);
}
