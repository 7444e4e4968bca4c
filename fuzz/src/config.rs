//! Target `config`: the plugin config parsers (TOML and JSON) on arbitrary text, and, for every
//! config they accept, what the engine then does with it.
//!
//! A config that parses must also
//!
//! - build a machine over the linked vendors (the registry check the engine makes) on every
//!   device family, and run a short session on it: init, login, token, background, a message,
//!   every armed timer, every upload answered;
//! - survive the journal: serialised into a journal header (secrets fingerprinted) it is read
//!   back by `replay` into a config that builds the same machine, and serialising the config
//!   read back gives the same JSON (a journal of a journal is the same journal).

use pushlane::runtime::{parse_journal, JournalHeader};
use pushlane::{
    AppLifecycle, DeviceInfo, Effect, ElemType, Input, Machine, Message, PersistedState,
    PluginConfig,
};

pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parsed = [
        pushlane::parse_config_toml(&text),
        pushlane::parse_config_json(&text),
    ];
    for config in parsed.into_iter().flatten() {
        accepted(config);
    }
}

/// Everything the engine does with a config it accepted.
fn accepted(config: PluginConfig) {
    let json = serde_json::to_value(&config).expect("a parsed config serialises");
    for device in devices() {
        let config = PluginConfig::from_value(json.clone())
            .unwrap_or_else(|e| panic!("a parsed config does not read back: {e}\n  {json}"));
        let mut machine = pushlane::machine(config, device, PersistedState::default())
            .unwrap_or_else(|e| panic!("a parsed config builds no machine: {e}\n  {json}"));
        session(&mut machine);
        journal_round_trip(&machine);
    }
}

/// The device families of vendors.md §1, and a phone of no family.
fn devices() -> Vec<DeviceInfo> {
    vec![
        DeviceInfo::ios(),
        DeviceInfo::android("Google").with_api(34).with_gms(true),
        DeviceInfo::android("HUAWEI")
            .with_api(31)
            .with_prop("ro.build.version.emui", "EmotionUI_12.0.0"),
        DeviceInfo::android("HONOR")
            .with_api(34)
            .with_honor_push(true)
            .with_prop("ro.build.version.emui", "MagicOS_7.1.0"),
        DeviceInfo::android("Xiaomi")
            .with_api(28)
            .with_prop("ro.miui.ui.version.name", "V10"),
        DeviceInfo::android("OPPO")
            .with_api(31)
            .with_prop("ro.build.version.oplusrom", "V12.1"),
        DeviceInfo::android("vivo").with_api(33),
        DeviceInfo::android("meizu")
            .with_api(29)
            .with_prop("ro.build.display.id", "Flyme 8.1.8.0A"),
        DeviceInfo::android("TECNO MOBILE LIMITED").with_api(30),
    ]
}

/// A short session touching every region that reads the config.
fn session(machine: &mut Machine) {
    let mut now = 0;
    let mut outputs = Vec::new();
    let inputs = [
        Input::SdkInitialized,
        Input::PluginInit,
        Input::Login {
            user_id: "alice".into(),
        },
        Input::VendorToken {
            token: "tok-a".into(),
            vendor: None,
        },
        Input::Permission { granted: true },
        Input::AppState {
            state: AppLifecycle::Paused,
        },
        Input::Unread { count: 3 },
        Input::MessageReceived {
            message: Message {
                msg_id: "m1".into(),
                sender: "bob".into(),
                nick_name: None,
                group_id: None,
                elem_type: ElemType::Image,
                text: None,
                is_self: false,
                offline_push_info: None,
            },
        },
    ];
    for input in inputs {
        now += 100;
        outputs.extend(machine.step(now, input));
    }
    // Every armed timer at its deadline and every effect answered, a few rounds.
    for _ in 0..4 {
        for (timer, deadline) in machine.armed_timers().clone() {
            now = now.max(deadline);
            outputs.extend(machine.step(now, Input::Timer { timer }));
        }
        let ids: Vec<u64> = outputs
            .iter()
            .filter_map(|o| o.as_effect().and_then(Effect::effect_id))
            .collect();
        for effect_id in ids {
            outputs.extend(machine.step(
                now,
                Input::EffectDone {
                    effect_id,
                    ok: true,
                    error: None,
                },
            ));
        }
    }
    for output in &outputs {
        let _ = output.trace_line(now);
    }
}

/// The machine's journal header, written and read back as `replay` reads it.
fn journal_round_trip(machine: &Machine) {
    let header = JournalHeader::for_machine(machine, None);
    let line = serde_json::to_string(&header).expect("a header serialises");
    let journal = parse_journal(&line).unwrap_or_else(|e| panic!("{e}\n  {line}"));
    let config = journal
        .config()
        .unwrap_or_else(|e| panic!("a journaled config does not read back: {e}\n  {line}"));
    let again = serde_json::to_value(&config).expect("a config serialises");
    assert_eq!(
        again, header.config,
        "a journaled config reads back changed"
    );
    journal
        .machine(pushlane::link_vendors())
        .unwrap_or_else(|e| panic!("a journaled config builds no machine: {e}\n  {line}"));
}
