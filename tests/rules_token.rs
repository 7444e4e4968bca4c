//! lifecycle.md §6 "Token (region `token`)": one or more example tests per rule, named after it.

mod support;
use support::*;

use pushlane::{Effect, Event, Input, Output, PersistedState, StoreWrite, TimerName, UploadRecord};

fn upload(effect_id: u64, token: &str) -> Effect {
    Effect::UploadToken {
        effect_id,
        vendor: "huawei".into(),
        business_id: 1003,
        token: token.into(),
    }
}

fn clear(effect_id: u64) -> Effect {
    Effect::ClearToken {
        effect_id,
        vendor: "huawei".into(),
        business_id: 1003,
    }
}

fn record(user: &str, token: &str) -> UploadRecord {
    UploadRecord {
        user_id: user.into(),
        vendor: "huawei".into(),
        business_id: 1003,
        token: token.into(),
    }
}

fn recorded(user: &str, token: &str) -> Output {
    Output::Persist(StoreWrite::UploadRecord {
        record: Some(record(user, token)),
    })
}

fn uploaded_event() -> Event {
    Event::TokenUploaded {
        vendor: "huawei".into(),
        business_id: 1003,
    }
}

fn failed(attempt: u32, retry_in_ms: Option<u64>) -> Event {
    Event::UploadFailed {
        attempt,
        retry_in_ms,
        error: Some("server said no".into()),
    }
}

fn skipped() -> Event {
    Event::UploadSkipped {
        reason: "already_uploaded".into(),
    }
}

fn push(h: &mut Harness, at_ms: u64, enabled: bool) -> Vec<Output> {
    h.at(at_ms, Input::PushEnabled { enabled })
}

/// A Huawei phone (API 31: no permission request, no channel): init at 100, alice at 200.
fn huawei_alice() -> Harness {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.login(200, "alice");
    h
}

/// `huawei_alice` with `hw-token` uploaded (effect 1 at 5100, ok at 5200).
fn uploaded_alice() -> Harness {
    let mut h = huawei_alice();
    h.token(300, "huawei", "hw-token");
    h.fire(TimerName::TokenUpload);
    h.done(5200, 1, true);
    h
}

// ---- condition U -----------------------------------------------------------------------------

#[test]
fn no_upload_before_init() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.at(0, Input::SdkInitialized);
    h.login(10, "alice");
    h.token(20, "huawei", "hw-token");
    assert!(h.machine.armed_timers().is_empty());
    let out = h.at(100, Input::PluginInit);
    assert!(effects(&out).contains(&Effect::ArmTimer {
        timer: TimerName::TokenUpload,
        deadline_ms: 5100
    }));
}

#[test]
fn no_upload_while_logged_out() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    h.token(300, "huawei", "hw-token");
    h.at(10_000, Input::UiReady);
    assert!(h.uploads().is_empty());
    assert_eq!(armed(&h, TimerName::TokenUpload), None);
    let out = h.login(20_000, "alice");
    assert_eq!(effects(&out), vec![upload(1, "hw-token")]);
}

#[test]
fn no_upload_when_the_vendor_is_local() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::uncertified());
    h.init(100);
    h.login(200, "alice");
    h.token(300, "huawei", "stray-token");
    h.at(
        400,
        Input::VendorToken {
            token: "t".into(),
            vendor: None,
        },
    );
    assert!(h.uploads().is_empty());
    assert!(h.machine.armed_timers().is_empty());
}

#[test]
fn no_upload_without_a_token() {
    let mut h = huawei_alice();
    h.token(300, "huawei", "");
    assert_eq!(armed(&h, TimerName::TokenUpload), None);
    assert!(h.uploads().is_empty());
}

#[test]
fn no_upload_while_push_disabled() {
    let mut h = huawei_alice();
    push(&mut h, 250, false);
    h.token(300, "huawei", "hw-token");
    assert!(
        h.machine.armed_timers().is_empty(),
        "{:?}",
        h.machine.armed_timers()
    );
    assert!(h.uploads().is_empty());
}

// ---- delay -----------------------------------------------------------------------------------

#[test]
fn upload_waits_for_init_plus_upload_delay() {
    let mut h = huawei_alice();
    let out = h.token(300, "huawei", "hw-token");
    assert_eq!(
        effects(&out),
        vec![
            Effect::CancelTimer {
                timer: TimerName::TokenFetch
            },
            Effect::ArmTimer {
                timer: TimerName::TokenUpload,
                deadline_ms: 5100
            },
        ]
    );
    let out = h.fire(TimerName::TokenUpload);
    assert_eq!(h.now, 5100);
    assert_eq!(effects(&out), vec![upload(1, "hw-token")]);
    assert_eq!(h.uploads(), vec![(5100, 1, "hw-token".to_string())]);
}

#[test]
fn upload_goes_out_at_once_when_the_delay_has_passed() {
    let mut h = huawei_alice();
    let out = h.token(9000, "huawei", "hw-token");
    assert_eq!(
        effects(&out),
        vec![
            Effect::CancelTimer {
                timer: TimerName::TokenFetch
            },
            upload(1, "hw-token")
        ]
    );
}

#[test]
fn upload_delay_is_configurable() {
    let mut h = Harness::new(
        all_vendors_with("upload_delay_ms = 1500"),
        devices::huawei(),
    );
    h.init(100);
    h.login(200, "alice");
    h.token(300, "huawei", "hw-token");
    assert_eq!(armed(&h, TimerName::TokenUpload), Some(1600));

    let mut h = Harness::new(all_vendors_with("upload_delay_ms = 0"), devices::huawei());
    h.init(100);
    h.login(200, "alice");
    let out = h.token(300, "huawei", "hw-token");
    assert!(effects(&out).contains(&upload(1, "hw-token")));
}

#[test]
fn token_region_walks_none_known_scheduled_uploading_uploaded() {
    let mut h = Harness::new(config(ALL_VENDORS), devices::huawei());
    h.init(100);
    let token_changes = |out: &[Output]| -> Vec<(String, String)> {
        state_changes(out)
            .into_iter()
            .filter(|(r, _, _)| r == "token")
            .map(|(_, f, t)| (f, t))
            .collect()
    };
    let out = h.token(150, "huawei", "hw-token");
    assert_eq!(token_changes(&out), vec![("none".into(), "known".into())]);
    let out = h.login(200, "alice");
    assert_eq!(
        token_changes(&out),
        vec![("known".into(), "scheduled".into())]
    );
    let out = h.fire(TimerName::TokenUpload);
    assert_eq!(
        token_changes(&out),
        vec![("scheduled".into(), "uploading".into())]
    );
    let out = h.done(5200, 1, true);
    assert_eq!(
        token_changes(&out),
        vec![("uploading".into(), "uploaded".into())]
    );
}

// ---- dedup -----------------------------------------------------------------------------------

#[test]
fn restart_with_same_user_and_token_skips_upload() {
    let state = stored("huawei", "hw-token", 1003, Some("alice"));
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state);
    h.init(100);
    let out = h.login(200, "alice");
    assert_eq!(plain_events(&out), vec![skipped()]);
    assert!(effects(&out).is_empty());
    // The vendor reports the same token again: nothing, and no second skip event.
    let out = h.token(300, "huawei", "hw-token");
    assert!(plain_events(&out).is_empty(), "{out:?}");
    h.at(20_000, Input::UiReady);
    assert!(h.uploads().is_empty());
    assert_eq!(h.machine.armed_timers().len(), 0);
}

#[test]
fn restart_with_another_token_or_user_uploads() {
    // Another token.
    let state = stored("huawei", "hw-token", 1003, Some("alice"));
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state);
    h.init(100);
    h.login(200, "alice");
    h.token(300, "huawei", "hw-token-2");
    h.fire(TimerName::TokenUpload);
    assert_eq!(h.uploads(), vec![(5100, 1, "hw-token-2".to_string())]);

    // Another user.
    let state = stored("huawei", "hw-token", 1003, Some("alice"));
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state);
    h.init(100);
    h.login(200, "bob");
    h.fire(TimerName::TokenUpload);
    assert_eq!(h.uploads(), vec![(5100, 1, "hw-token".to_string())]);

    // Another business id (the console certificate changed).
    let state = stored("huawei", "hw-token", 999, Some("alice"));
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state);
    h.init(100);
    h.login(200, "alice");
    h.fire(TimerName::TokenUpload);
    assert_eq!(h.uploads(), vec![(5100, 1, "hw-token".to_string())]);
}

#[test]
fn upload_skipped_once_each_time_u_starts_to_hold() {
    let state = stored("huawei", "hw-token", 1003, Some("alice"));
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state);
    h.init(100);
    h.login(200, "alice");
    // Push off and on again while the clear is still on its way: U stops and holds again.
    push(&mut h, 300, false); // clear_token 1 in flight
    h.done(400, 1, false); // the clear failed, backoff
    let out = push(&mut h, 500, true);
    assert_eq!(plain_events(&out), vec![skipped()]);
    assert_eq!(
        h.events().iter().filter(|e| **e == skipped()).count(),
        2,
        "once per period of U"
    );
}

#[test]
fn login_after_logout_uploads_again() {
    let mut h = uploaded_alice();
    h.at(6000, Input::Logout);
    let out = h.login(7000, "alice");
    assert_eq!(effects(&out), vec![upload(2, "hw-token")]);
    assert!(!h.events().contains(&skipped()));
    let out = h.done(7100, 2, true);
    assert_eq!(out[0], recorded("alice", "hw-token"));
}

// ---- one upload in flight --------------------------------------------------------------------

#[test]
fn one_upload_in_flight_token_change_uploads_after_result() {
    // Success of the first upload.
    let mut h = huawei_alice();
    h.token(300, "huawei", "token-1");
    h.fire(TimerName::TokenUpload);
    let out = h.token(5150, "huawei", "token-2");
    assert!(effects(&out).is_empty(), "one upload in flight: {out:?}");
    let out = h.done(5200, 1, true);
    assert_eq!(out[0], recorded("alice", "token-1"));
    assert_eq!(plain_events(&out), vec![uploaded_event()]);
    assert_eq!(effects(&out), vec![upload(2, "token-2")]);

    // Failure of the first upload: no retry of the old token, the new one at once, attempts
    // counted from 1 again.
    let mut h = huawei_alice();
    h.token(300, "huawei", "token-1");
    h.fire(TimerName::TokenUpload);
    h.token(5150, "huawei", "token-2");
    let out = h.done(5200, 1, false);
    assert_eq!(plain_events(&out), vec![failed(1, None)]);
    assert_eq!(effects(&out), vec![upload(2, "token-2")]);
    let out = h.done(5300, 2, false);
    assert_eq!(plain_events(&out), vec![failed(1, Some(1000))]);
}

#[test]
fn token_change_during_backoff_uploads_at_once_with_attempt_reset() {
    let mut h = huawei_alice();
    h.token(300, "huawei", "token-1");
    h.fire(TimerName::TokenUpload);
    h.done(5200, 1, false);
    h.fire(TimerName::UploadRetry); // 6200
    h.done(6300, 2, false); // attempt 2, retry in 2 s
    assert_eq!(armed(&h, TimerName::UploadRetry), Some(8300));
    let out = h.token(7000, "huawei", "token-2");
    assert_eq!(
        effects(&out),
        vec![
            Effect::CancelTimer {
                timer: TimerName::UploadRetry
            },
            upload(3, "token-2")
        ]
    );
    let out = h.done(7100, 3, false);
    assert_eq!(plain_events(&out), vec![failed(1, Some(1000))]);
}

#[test]
fn result_after_session_end_is_ignored() {
    let mut h = huawei_alice();
    h.token(300, "huawei", "hw-token");
    h.fire(TimerName::TokenUpload);
    h.at(5150, Input::Logout);
    let out = h.done(5200, 1, true);
    assert_eq!(
        plain_events(&out),
        vec![Event::Ignored {
            input: "effect_done".into(),
            reason: "session_ended".into()
        }]
    );
    assert!(out.iter().all(|o| !matches!(o, Output::Persist(_))));
    assert_eq!(h.machine.persisted().upload_record, None);
    // Also when the same user is already back: that is a new session.
    let mut h = huawei_alice();
    h.token(300, "huawei", "hw-token");
    h.fire(TimerName::TokenUpload);
    h.at(5150, Input::KickedOffline);
    h.login(5160, "alice");
    let out = h.done(5200, 1, true);
    assert_eq!(
        plain_events(&out),
        vec![Event::Ignored {
            input: "effect_done".into(),
            reason: "session_ended".into()
        }]
    );
    assert_eq!(effects(&out), vec![upload(2, "hw-token")]);
}

#[test]
fn unknown_effect_done_is_ignored() {
    let mut h = huawei_alice();
    let out = h.done(300, 42, true);
    assert_eq!(
        plain_events(&out),
        vec![Event::Ignored {
            input: "effect_done".into(),
            reason: "unknown_effect".into()
        }]
    );
}

// ---- failure and backoff ---------------------------------------------------------------------

#[test]
fn backoff_doubles_to_60s_cap() {
    let mut h = huawei_alice();
    h.token(300, "huawei", "hw-token");
    h.fire(TimerName::TokenUpload);
    let mut id = 1;
    let expected = [
        1000u64, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ];
    for (n, delay) in expected.into_iter().enumerate() {
        let attempt = n as u32 + 1;
        let at = h.now + 100;
        let out = h.done(at, id, false);
        assert_eq!(plain_events(&out), vec![failed(attempt, Some(delay))]);
        assert_eq!(
            effects(&out),
            vec![Effect::ArmTimer {
                timer: TimerName::UploadRetry,
                deadline_ms: at + delay
            }]
        );
        let out = h.fire(TimerName::UploadRetry);
        assert_eq!(h.now, at + delay);
        id += 1;
        assert_eq!(
            effects(&out),
            vec![upload(id, "hw-token")],
            "no limit on attempts"
        );
    }
    // Success ends it.
    let out = h.done(h.now + 100, id, true);
    assert_eq!(out[0], recorded("alice", "hw-token"));
    assert_eq!(plain_events(&out), vec![uploaded_event()]);
}

#[test]
fn upload_failure_without_u_has_no_retry() {
    let mut h = huawei_alice();
    h.token(300, "huawei", "hw-token");
    h.fire(TimerName::TokenUpload);
    push(&mut h, 5150, false);
    let out = h.done(5200, 1, false);
    assert_eq!(plain_events(&out), vec![failed(1, None)]);
    assert!(h.machine.armed_timers().is_empty());
}

#[test]
fn retry_stops_when_u_stops_holding() {
    let mut h = huawei_alice();
    h.token(300, "huawei", "hw-token");
    h.fire(TimerName::TokenUpload);
    h.done(5200, 1, false);
    let out = push(&mut h, 5500, false);
    assert!(effects(&out).contains(&Effect::CancelTimer {
        timer: TimerName::UploadRetry
    }));
    assert!(h.machine.armed_timers().is_empty());
}

// ---- success ---------------------------------------------------------------------------------

#[test]
fn success_persists_the_record_then_emits_token_uploaded() {
    let mut h = huawei_alice();
    h.token(300, "huawei", "hw-token");
    h.fire(TimerName::TokenUpload);
    let out = h.done(5200, 1, true);
    let persist = out.iter().position(|o| *o == recorded("alice", "hw-token"));
    let event = out
        .iter()
        .position(|o| *o == Output::Event(uploaded_event()));
    assert!(persist.is_some() && event.is_some(), "{out:?}");
    assert!(persist < event, "persisted before token_uploaded: {out:?}");
    assert_eq!(
        h.machine.persisted().upload_record,
        Some(record("alice", "hw-token"))
    );
}

// ---- push_enabled {false} --------------------------------------------------------------------

#[test]
fn push_disabled_persists_and_cancels_upload_timers() {
    let mut h = huawei_alice();
    h.token(300, "huawei", "hw-token");
    let out = push(&mut h, 400, false);
    assert_eq!(
        out[0],
        Output::Persist(StoreWrite::PushEnabled { enabled: false })
    );
    assert_eq!(
        effects(&out),
        vec![Effect::CancelTimer {
            timer: TimerName::TokenUpload
        }]
    );
    h.at(10_000, Input::UiReady);
    assert!(h.uploads().is_empty());
}

#[test]
fn push_disabled_clears_and_retries_clear() {
    let mut h = uploaded_alice();
    let out = push(&mut h, 6000, false);
    assert_eq!(
        out[0],
        Output::Persist(StoreWrite::PushEnabled { enabled: false })
    );
    assert_eq!(effects(&out), vec![clear(2)]);
    assert_eq!(h.machine.status().upload, pushlane::UploadState::Clearing);

    // Retried with the upload policy until it succeeds.
    let mut id = 2;
    for (attempt, delay) in [(1u32, 1000u64), (2, 2000), (3, 4000)] {
        let at = h.now + 100;
        let out = h.done(at, id, false);
        assert_eq!(
            plain_events(&out),
            vec![Event::ClearFailed {
                attempt,
                retry_in_ms: Some(delay),
                error: Some("server said no".into())
            }]
        );
        assert_eq!(armed(&h, TimerName::ClearRetry), Some(at + delay));
        let out = h.fire(TimerName::ClearRetry);
        id += 1;
        assert_eq!(effects(&out), vec![clear(id)]);
    }
    let out = h.done(h.now + 100, id, true);
    assert_eq!(out[0], record_forgotten());
    assert_eq!(
        plain_events(&out),
        vec![Event::TokenCleared {
            vendor: "huawei".into(),
            business_id: 1003
        }]
    );
    assert!(h.machine.armed_timers().is_empty());
}

#[test]
fn push_disabled_without_a_record_on_the_server_clears_nothing() {
    let mut h = huawei_alice();
    h.token(300, "huawei", "hw-token");
    let out = push(&mut h, 400, false);
    assert!(!effect_kinds(&out).contains(&"clear_token"));
}

#[test]
fn push_disabled_while_logged_out_sends_no_clear() {
    let state = stored("huawei", "hw-token", 1003, Some("alice"));
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state);
    h.init(100);
    let out = push(&mut h, 200, false);
    assert!(
        !effect_kinds(&out).contains(&"clear_token"),
        "the Chat SDK accepts it only while logged in"
    );
    // It goes out at alice's login.
    let out = h.login(300, "alice");
    assert_eq!(effects(&out), vec![clear(1)]);
}

#[test]
fn upload_in_flight_when_push_disabled_is_recorded_then_cleared() {
    let mut h = huawei_alice();
    h.token(300, "huawei", "hw-token");
    h.fire(TimerName::TokenUpload);
    push(&mut h, 5150, false);
    let out = h.done(5200, 1, true);
    assert_eq!(out[0], recorded("alice", "hw-token"));
    assert_eq!(plain_events(&out), vec![uploaded_event()]);
    assert_eq!(effects(&out), vec![clear(2)]);
    let out = h.done(5300, 2, true);
    assert_eq!(out[0], record_forgotten());
}

// ---- push_enabled {true} ---------------------------------------------------------------------

#[test]
fn push_enabled_during_clear_backoff_drops_clear_and_dedups() {
    let mut h = uploaded_alice();
    push(&mut h, 6000, false);
    h.done(6100, 2, false);
    assert_eq!(armed(&h, TimerName::ClearRetry), Some(7100));
    let out = push(&mut h, 6500, true);
    assert_eq!(
        out[0],
        Output::Persist(StoreWrite::PushEnabled { enabled: true })
    );
    assert_eq!(
        effects(&out),
        vec![Effect::CancelTimer {
            timer: TimerName::ClearRetry
        }]
    );
    // The token whose clear never succeeded is still on the server: no upload.
    assert_eq!(plain_events(&out), vec![skipped()]);
    h.at(20_000, Input::UiReady);
    assert_eq!(h.uploads().len(), 1);
    assert_eq!(
        h.effects()
            .iter()
            .filter(|e| e.kind() == "clear_token")
            .count(),
        1,
        "the clear waiting in backoff never goes out"
    );
}

#[test]
fn push_enabled_during_clear_in_flight_awaits_it_then_uploads() {
    let mut h = uploaded_alice();
    push(&mut h, 6000, false); // clear 2 in flight
    let out = push(&mut h, 6050, true);
    assert!(
        effects(&out).is_empty(),
        "the clear in flight is awaited: {out:?}"
    );
    let out = h.done(6100, 2, true);
    assert_eq!(
        plain_events(&out),
        vec![Event::TokenCleared {
            vendor: "huawei".into(),
            business_id: 1003
        }]
    );
    assert_eq!(effects(&out), vec![upload(3, "hw-token")]);

    // If that clear fails instead, the token is still on the server: dedup.
    let mut h = uploaded_alice();
    push(&mut h, 6000, false);
    push(&mut h, 6050, true);
    let out = h.done(6100, 2, false);
    assert_eq!(
        plain_events(&out),
        vec![
            Event::ClearFailed {
                attempt: 1,
                retry_in_ms: None,
                error: Some("server said no".into())
            },
            skipped()
        ]
    );
    assert!(effects(&out).is_empty());
}

#[test]
fn restart_with_push_disabled_uploads_nothing() {
    let state = PersistedState {
        push_enabled: false,
        ..stored("huawei", "hw-token", 1003, None)
    };
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state);
    h.init(100);
    h.login(200, "alice");
    h.at(20_000, Input::UiReady);
    assert!(h.uploads().is_empty());
    assert!(h.machine.armed_timers().is_empty());
    assert!(!h.machine.status().push_enabled);
}

#[test]
fn unfinished_clear_goes_out_again_at_the_next_login_of_that_user() {
    let state = PersistedState {
        push_enabled: false,
        ..stored("huawei", "hw-token", 1003, Some("alice"))
    };
    // Another user logs in: not alice's record to clear, and nothing uploads.
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state.clone());
    h.init(100);
    let out = h.login(200, "bob");
    assert!(effects(&out).is_empty(), "{out:?}");

    let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state);
    h.init(100);
    let out = h.login(200, "alice");
    assert_eq!(effects(&out), vec![clear(1)]);
    let out = h.done(300, 1, true);
    assert_eq!(out[0], record_forgotten());
}

#[test]
fn push_enabled_again_after_a_clear_uploads_again() {
    let mut h = uploaded_alice();
    push(&mut h, 6000, false);
    h.done(6100, 2, true);
    let out = push(&mut h, 7000, true);
    assert_eq!(effects(&out), vec![upload(3, "hw-token")]);
}

/// §6 "a clear that never succeeded goes out again at the next login of that user", even when
/// another user's session came and went in between (a session end forgets only its own user's
/// record).
#[test]
fn clear_survives_another_users_session() {
    // Restart state: alice's token is on the server and push is disabled (her clear failed).
    let mut state = stored("huawei", "hw-token", 1003, Some("alice"));
    state.push_enabled = false;
    let mut h = Harness::with_state(config(ALL_VENDORS), devices::huawei(), state);
    h.init(100);
    h.login(200, "bob");
    assert!(
        h.effects().iter().all(|e| e.kind() != "clear_token"),
        "not bob's record"
    );
    h.at(300, Input::Logout);
    assert!(
        h.machine.persisted().upload_record.is_some(),
        "bob's logout keeps alice's record"
    );
    let out = h.login(400, "alice");
    assert!(
        effects(&out).contains(&Effect::ClearToken {
            effect_id: 1,
            vendor: "huawei".into(),
            business_id: 1003
        }),
        "{out:?}"
    );
    h.done(500, 1, true);
    assert_eq!(h.machine.persisted().upload_record, None);
    assert!(h.events().iter().any(|e| e.kind() == "token_cleared"));
}

/// Bad input never panics: a huge upload delay and times near the end of the clock saturate.
#[test]
fn huge_upload_delay_and_late_times_saturate_instead_of_panicking() {
    let mut h = Harness::new(
        all_vendors_with("upload_delay_ms = 9223372036854775807"),
        devices::huawei(),
    );
    let late = u64::MAX - 10;
    h.at(0, Input::SdkInitialized);
    h.at(late, Input::PluginInit);
    h.login(late + 5, "alice");
    h.token(late + 9, "huawei", "hw-token");
    assert_eq!(
        h.machine.armed_timers().get(&TimerName::TokenUpload),
        Some(&u64::MAX)
    );
    assert!(h.uploads().is_empty());
}
