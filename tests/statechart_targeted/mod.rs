//! Targeted sequences for `tests/statechart_exploration.rs`: the changes of state that random
//! sequences reach only rarely, each written out once so that the exploration reaches every
//! transition of the table with a wide margin. Each names the change it makes, and the
//! exploration checks that it still does.
//! Depends on `model` being declared next to it (`mod model; mod statechart_targeted;`).

use crate::model::{s, Action, Cfg, Device, Initial, Step, StoredRecord, StoredVendor};
use crate::model::{User, Who, World};

/// A change of state (`region: from --> to : trigger`), and a run that makes it.
pub struct Targeted {
    pub makes: String,
    pub world: World,
    pub steps: Vec<Step>,
}

/// What the store holds at the start: `token` for `vendor`, an upload record, the push
/// preference.
fn stored(
    device: Device,
    config: Cfg,
    vendor: StoredVendor,
    token: &'static str,
    record: StoredRecord,
    push_enabled: bool,
) -> World {
    World::new(
        device,
        config,
        Initial::Stored {
            vendor,
            token,
            record,
            push_enabled,
        },
    )
}

/// `sdk_initialized`, then `plugin_init` at 100 ms: the upload delay ends at 5100 ms.
fn init() -> Vec<Step> {
    vec![s(0, Action::SdkInitialized), s(100, Action::PluginInit)]
}

/// `action` 50 ms after the step before.
fn soon(action: Action) -> Step {
    s(50, action)
}

/// `action` 6 s after the step before: after the upload delay.
fn late(action: Action) -> Step {
    s(6_000, action)
}

fn login() -> Action {
    Action::Login(User::Alice)
}

fn token(token: &'static str, vendor: Who) -> Action {
    Action::VendorToken { token, vendor }
}

/// The result of the upload or clear in flight.
fn done(ok: bool) -> Step {
    soon(Action::EffectDone { pick: Some(0), ok })
}

/// The first armed timer fires at its deadline.
fn fire() -> Step {
    s(0, Action::FireTimer(0))
}

fn seq(makes: impl Into<String>, world: World, steps: Vec<Vec<Step>>) -> Targeted {
    Targeted {
        makes: makes.into(),
        world,
        steps: steps.concat(),
    }
}

/// FCM fails on a Huawei phone with Google services, and the family's vendor (`huawei`) takes
/// over with the token stored for it, or with none (lifecycle.md §4).
fn fcm_falls_back() -> Vec<Targeted> {
    let world = |vendor, token, record| {
        stored(
            Device::HuaweiGms,
            Cfg::AllVendors,
            vendor,
            token,
            record,
            true,
        )
    };
    let huawei = StoredVendor::Named("huawei");
    let fcm = StoredVendor::Selected;
    let (nothing, alice) = (StoredRecord::None, StoredRecord::Same(User::Alice));
    let empty = || World::new(Device::HuaweiGms, Cfg::AllVendors, Initial::Empty);
    let fails = Action::VendorError;
    let fcm_token = || soon(token("tok-a", Who::Selected));
    let huawei_token = || soon(token("tok-b", Who::Named("huawei")));
    let retrying = || vec![soon(login()), fcm_token(), fire(), done(false)];
    vec![
        seq(
            "token: none --> known : vendor_error",
            world(huawei, "tok-a", nothing),
            vec![init(), vec![soon(fails.clone())]],
        ),
        seq(
            "token: none --> scheduled : vendor_error",
            world(huawei, "tok-a", nothing),
            vec![init(), vec![soon(login()), soon(fails.clone())]],
        ),
        seq(
            "token: none --> uploading : vendor_error",
            world(huawei, "tok-a", nothing),
            vec![init(), vec![soon(login()), late(fails.clone())]],
        ),
        seq(
            "token: none --> uploaded : vendor_error",
            world(huawei, "tok-a", alice),
            vec![init(), vec![soon(login()), soon(fails.clone())]],
        ),
        seq(
            "token: known --> none : vendor_error",
            empty(),
            vec![init(), vec![fcm_token(), soon(fails.clone())]],
        ),
        seq(
            "token: scheduled --> none : vendor_error",
            empty(),
            vec![
                init(),
                vec![soon(login()), fcm_token(), soon(fails.clone())],
            ],
        ),
        seq(
            "token: scheduled --> uploading : vendor_error",
            world(huawei, "tok-b", nothing),
            vec![
                init(),
                vec![soon(login()), fcm_token(), late(fails.clone())],
            ],
        ),
        seq(
            "token: scheduled --> uploaded : vendor_error",
            world(huawei, "tok-b", alice),
            vec![
                init(),
                vec![soon(login()), fcm_token(), soon(fails.clone())],
            ],
        ),
        seq(
            "token: uploaded --> none : vendor_error",
            world(fcm, "tok-a", alice),
            vec![init(), vec![soon(login()), soon(fails.clone())]],
        ),
        seq(
            "token: uploaded --> scheduled : vendor_error",
            world(fcm, "tok-a", alice),
            vec![
                init(),
                vec![soon(login()), huawei_token(), soon(fails.clone())],
            ],
        ),
        seq(
            "token: uploaded --> uploading : vendor_error",
            world(fcm, "tok-a", alice),
            vec![
                init(),
                vec![soon(login()), huawei_token(), late(fails.clone())],
            ],
        ),
        seq(
            "token: retrying --> none : vendor_error",
            empty(),
            vec![init(), retrying(), vec![soon(fails.clone())]],
        ),
        seq(
            "token: retrying --> uploading : vendor_error",
            world(huawei, "tok-b", nothing),
            vec![init(), retrying(), vec![soon(fails.clone())]],
        ),
        seq(
            "token: retrying --> uploaded : vendor_error",
            world(huawei, "tok-b", alice),
            vec![init(), retrying(), vec![soon(fails)]],
        ),
    ]
}

/// Uploads and clears on a Pixel (FCM), the stored token being `tok-a`: a token on the server
/// already, a token that changes back, push switched on or off while an upload or a clear is
/// in flight or waits to be retried.
fn uploads_and_clears() -> Vec<Targeted> {
    let world = |token, record, push_enabled| {
        stored(
            Device::PixelGms,
            Cfg::AllVendors,
            StoredVendor::Selected,
            token,
            record,
            push_enabled,
        )
    };
    // The record on the server holds the stored token, or an older one (`tok-old`).
    let (same, older) = (
        StoredRecord::Same(User::Alice),
        StoredRecord::OtherToken(User::Alice),
    );
    let push = |enabled| soon(Action::PushEnabled(enabled));
    let selected = |t| soon(token(t, Who::Selected));
    vec![
        seq(
            "token: none --> uploaded : vendor_token",
            world("", older, true),
            vec![init(), vec![soon(login()), selected("tok-old")]],
        ),
        seq(
            "token: none --> uploaded : plugin_init",
            world("tok-a", same, true),
            vec![vec![
                s(0, Action::SdkInitialized),
                soon(login()),
                soon(Action::PluginInit),
            ]],
        ),
        seq(
            "token: none --> uploaded : sdk_initialized",
            world("tok-a", same, true),
            vec![vec![
                s(0, Action::PluginInit),
                soon(login()),
                soon(Action::SdkInitialized),
            ]],
        ),
        seq(
            "token: none --> uploading : plugin_init",
            // No upload delay (OPPO is the family's vendor).
            stored(
                Device::Oppo,
                Cfg::Quirky,
                StoredVendor::Selected,
                "tok-a",
                StoredRecord::None,
                true,
            ),
            vec![vec![
                s(0, Action::SdkInitialized),
                soon(login()),
                soon(Action::PluginInit),
            ]],
        ),
        seq(
            "token: none --> uploading : sdk_initialized",
            stored(
                Device::Oppo,
                Cfg::Quirky,
                StoredVendor::Selected,
                "tok-a",
                StoredRecord::None,
                true,
            ),
            vec![vec![
                s(0, Action::PluginInit),
                soon(login()),
                soon(Action::SdkInitialized),
            ]],
        ),
        seq(
            "token: scheduled --> uploaded : vendor_token",
            world("tok-a", same, true),
            vec![
                init(),
                vec![soon(login()), selected("tok-b"), selected("tok-a")],
            ],
        ),
        seq(
            "token: retrying --> uploaded : vendor_token",
            world("tok-a", same, true),
            vec![
                init(),
                vec![soon(login()), late(token("tok-b", Who::Selected))],
                vec![done(false), selected("tok-a")],
            ],
        ),
        seq(
            "token: retrying --> clearing : push_enabled",
            world("tok-a", older, true),
            vec![
                init(),
                vec![soon(login()), fire(), done(false), push(false)],
            ],
        ),
        seq(
            "token: clearing --> scheduled : push_enabled",
            world("tok-a", older, false),
            vec![init(), vec![soon(login()), done(false), push(true)]],
        ),
        seq(
            "token: clearing --> scheduled : effect_done ok",
            world("tok-a", same, false),
            vec![init(), vec![soon(login()), push(true), done(true)]],
        ),
        seq(
            "token: clearing --> scheduled : effect_done failed",
            world("tok-a", older, false),
            vec![init(), vec![soon(login()), push(true), done(false)]],
        ),
        seq(
            "token: clearing --> uploaded : push_enabled",
            world("tok-a", same, false),
            vec![init(), vec![soon(login()), done(false), push(true)]],
        ),
        seq(
            "token: clearing --> uploaded : effect_done failed",
            world("tok-a", same, false),
            vec![init(), vec![soon(login()), push(true), done(false)]],
        ),
        seq(
            "token: clearing --> uploading : effect_done failed",
            world("tok-a", older, false),
            vec![init(), vec![late(login()), push(true), done(false)]],
        ),
        seq(
            "token: clearing --> uploading : push_enabled",
            world("tok-a", older, false),
            vec![init(), vec![late(login()), done(false), push(true)]],
        ),
        seq(
            "token: known --> scheduled : push_enabled",
            world("tok-a", StoredRecord::None, false),
            vec![init(), vec![soon(login()), push(true)]],
        ),
        seq(
            "token: scheduled --> clearing : push_enabled",
            world("tok-a", older, true),
            vec![init(), vec![soon(login()), push(false)]],
        ),
        seq(
            "token: uploading --> uploaded : effect_done failed",
            world("tok-a", same, true),
            vec![
                init(),
                vec![soon(login()), late(token("tok-b", Who::Selected))],
                vec![selected("tok-a"), done(false)],
            ],
        ),
        // Before init, the user's clear goes out at login; push is switched on while it waits
        // to be retried.
        seq(
            "token: clearing --> none : push_enabled",
            world("tok-a", same, false),
            vec![vec![soon(login()), done(false), push(true)]],
        ),
    ]
}

/// Each way a session ends (a login of another user ends the old session first), while a clear
/// waits to be retried (before init, and after it) and while an upload does.
fn session_ends() -> Vec<Targeted> {
    let world = |record, push_enabled| {
        stored(
            Device::PixelGms,
            Cfg::AllVendors,
            StoredVendor::Selected,
            "tok-a",
            record,
            push_enabled,
        )
    };
    let alice = StoredRecord::Same(User::Alice);
    let mut all = Vec::new();
    for (end, name) in [
        (Action::Logout, "logout"),
        (Action::KickedOffline, "kicked_offline"),
        (Action::UserSigExpired, "user_sig_expired"),
        (Action::Login(User::Bob), "login"),
    ] {
        all.push(seq(
            format!("token: clearing --> none : {name}"),
            world(alice, false),
            vec![vec![soon(login()), done(false), soon(end.clone())]],
        ));
        all.push(seq(
            format!("token: clearing --> known : {name}"),
            world(alice, false),
            vec![init(), vec![soon(login()), done(false), soon(end.clone())]],
        ));
        all.push(seq(
            format!("token: retrying --> known : {name}"),
            world(StoredRecord::None, true),
            vec![init(), vec![soon(login()), fire(), done(false), soon(end)]],
        ));
    }
    all
}

/// Every targeted sequence.
pub fn all() -> Vec<Targeted> {
    let mut all = fcm_falls_back();
    all.extend(uploads_and_clears());
    all.extend(session_ends());
    all
}
