//! Secrets in the machine's events (issue 10 §4): a token or app secret the machine knows that
//! is quoted in free text (a `vendor_error` reason, an upload error) reaches `vendor_failed`,
//! `warning` and `upload_failed` as its fingerprint. Fields that are a token stay exact.

mod support;
use support::*;

use pushlane::{fingerprint, Effect, Event, Input, PersistedState, WarningCode};

const TOKEN: &str = "mi-token-quoted-1";
const APP_KEY: &str = "5731700000000";

fn vendor_error(h: &mut Harness, at: u64, reason: &str) -> Vec<Event> {
    let out = h.at(
        at,
        Input::VendorError {
            reason: reason.into(),
        },
    );
    events(&out)
}

#[test]
fn a_token_and_app_key_quoted_in_a_vendor_error_are_fingerprints_in_its_events() {
    let mut h = Harness::new(
        all_vendors_with("edition = \"china\""),
        devices::redmi_miui14(),
    );
    h.init(100);
    h.token(200, "xiaomi", TOKEN);
    let events = vendor_error(
        &mut h,
        300,
        &format!("token {TOKEN} rejected for app_key {APP_KEY}"),
    );
    let expected = format!(
        "token {} rejected for app_key {}",
        fingerprint(TOKEN),
        fingerprint(APP_KEY)
    );
    assert!(
        events.contains(&Event::VendorFailed {
            vendor: "xiaomi".into(),
            reason: expected.clone()
        }),
        "{events:?}"
    );
    let detail = events
        .iter()
        .find_map(|e| match e {
            Event::Warning {
                code: WarningCode::VendorUnavailable,
                detail,
            } => Some(detail.clone()),
            _ => None,
        })
        .expect("vendor_unavailable");
    assert!(detail.contains(&expected), "{detail}");
    assert!(!format!("{events:?}").contains(TOKEN));
}

#[test]
fn a_token_from_the_store_is_known_from_the_start() {
    let mut state = PersistedState::default();
    state.tokens.insert("xiaomi".into(), TOKEN.into());
    let mut h = Harness::with_state(
        all_vendors_with("edition = \"china\""),
        devices::redmi_miui14(),
        state,
    );
    h.init(100);
    let events = vendor_error(&mut h, 300, &format!("stale token {TOKEN}"));
    assert!(!format!("{events:?}").contains(TOKEN), "{events:?}");
    assert!(
        format!("{events:?}").contains(&fingerprint(TOKEN)),
        "{events:?}"
    );
}

#[test]
fn an_upload_error_quoting_the_token_is_a_fingerprint_and_the_upload_stays_exact() {
    let mut h = Harness::new(
        all_vendors_with("edition = \"china\""),
        devices::redmi_miui14(),
    );
    h.init(100);
    h.login(200, "alice");
    h.token(300, "xiaomi", TOKEN);
    let upload = h.fire(pushlane::TimerName::TokenUpload);
    let effect_id = effects(&upload)
        .iter()
        .find_map(|e| match e {
            Effect::UploadToken {
                effect_id, token, ..
            } => {
                assert_eq!(token, TOKEN, "the host gets the token itself");
                Some(*effect_id)
            }
            _ => None,
        })
        .expect("an upload");
    let out = h.at(
        6_000,
        Input::EffectDone {
            effect_id,
            ok: false,
            error: Some(format!("server refused {TOKEN}")),
        },
    );
    let failed = events(&out)
        .into_iter()
        .find(|e| matches!(e, Event::UploadFailed { .. }))
        .expect("upload_failed");
    assert_eq!(
        failed,
        Event::UploadFailed {
            attempt: 1,
            retry_in_ms: Some(1_000),
            error: Some(format!("server refused {}", fingerprint(TOKEN))),
        }
    );
}
