//! Empty names the spec gives no meaning to (issue 10 §4): an empty `user_id`, an empty
//! `vendor` on `vendor_token`, an empty device `manufacturer`. Reading them (scenario, journal,
//! bindings) refuses them; a machine fed them in code ignores them and says so.

mod support;
use support::*;

use pushlane::{CoreError, DeviceInfo, Event, Input, PersistedState, StoreWrite};
use serde_json::json;

fn ignored(input: &str, reason: &str) -> Event {
    Event::Ignored {
        input: input.into(),
        reason: reason.into(),
    }
}

#[test]
fn login_with_an_empty_user_id_is_ignored_and_nothing_is_uploaded() {
    let mut h = Harness::new(all_vendors_with(""), devices::redmi_miui14());
    h.init(100);
    h.token(200, "xiaomi", "mi-token-1");
    let out = h.login(300, "");
    assert_eq!(events(&out), vec![ignored("login", "empty_user_id")]);
    assert!(effects(&out).is_empty(), "{out:?}");
    assert_eq!(h.machine.status().user_id, None);
    h.at(
        20_000,
        Input::Unread { count: 1 }, // time passes; nothing is due
    );
    assert!(h.uploads().is_empty(), "{:?}", h.effects());
    // A real login afterwards works as always.
    h.login(21_000, "alice");
    assert_eq!(h.uploads().len(), 1, "{:?}", h.effects());
}

#[test]
fn empty_user_id_while_logged_in_keeps_the_session() {
    let mut h = Harness::new(all_vendors_with(""), devices::redmi_miui14());
    h.init(100);
    h.login(200, "alice");
    let out = h.login(300, "");
    assert_eq!(events(&out), vec![ignored("login", "empty_user_id")]);
    assert_eq!(h.machine.status().user_id.as_deref(), Some("alice"));
}

#[test]
fn vendor_token_naming_an_empty_vendor_is_ignored_and_not_stored() {
    let mut h = Harness::new(all_vendors_with(""), devices::redmi_miui14());
    h.init(100);
    h.login(200, "alice");
    for at in [50, 300] {
        let out = h.at(
            at,
            Input::VendorToken {
                token: "mi-token-1".into(),
                vendor: Some(String::new()),
            },
        );
        assert_eq!(events(&out), vec![ignored("vendor_token", "empty_vendor")]);
        assert!(
            !out.iter()
                .any(|o| matches!(o, pushlane::Output::Persist(StoreWrite::Token { .. }))),
            "{out:?}"
        );
    }
    assert!(h.machine.persisted().tokens.is_empty());
}

#[test]
fn an_empty_manufacturer_is_refused_when_the_machine_is_built() {
    for manufacturer in ["", "  "] {
        let err = pushlane::machine(
            all_vendors_with(""),
            DeviceInfo::android(manufacturer),
            PersistedState::default(),
        )
        .err()
        .expect("refused");
        assert!(matches!(err, CoreError::Device { .. }), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("manufacturer"), "{text}");
        assert!(text.contains("Build.MANUFACTURER"), "{text}");
    }
    // Reading a device refuses it too, naming the key.
    let err =
        serde_json::from_value::<DeviceInfo>(json!({"platform": "android", "manufacturer": ""}))
            .unwrap_err()
            .to_string();
    assert!(err.contains("`manufacturer` is empty"), "{err}");
    // iOS devices name their maker as well ("Apple").
    assert!(pushlane::machine(
        all_vendors_with(""),
        DeviceInfo::ios(),
        PersistedState::default()
    )
    .is_ok());
}

#[test]
fn a_click_from_an_unnamed_source_is_still_delivered() {
    // Never lost (lifecycle.md §8): read as a flat map, as from any source without a plugin.
    let mut h = Harness::new(all_vendors_with(""), devices::redmi_miui14());
    h.init(100);
    h.login(200, "alice");
    h.at(300, Input::UiReady);
    let out = h.click(400, "", json!({"ext": "{\"conversationID\":\"c2c_bob\"}"}));
    assert!(
        effects(&out)
            .iter()
            .any(|e| matches!(e, pushlane::Effect::DeliverClick { conversation_id: Some(c), .. } if c == "c2c_bob")),
        "{out:?}"
    );
}
