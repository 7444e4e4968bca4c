//! The mix file (docs/fleet.md): who the devices are, how their users behave, what goes wrong,
//! and the plugin config. Strict TOML like every file of the CLI: an unknown key is refused
//! with its table and the closest known key, a bad value with its key path.
//!
//! The default device shares are market figures (docs/fleet.md, "Where the default shares come
//! from"); the behaviour and fault defaults are assumptions for a chat app, to be replaced by a
//! team's own measurements.

use super::device::{Edition, Family};
use crate::device_args::toml_error_message;
use crate::keys::{config_error, read_at};
use crate::scenario::parse::{describe, unknown_key};
use pushlane::PluginConfig;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A checked mix.
#[derive(Debug, Clone, PartialEq)]
pub struct Mix {
    pub name: String,
    pub population: Population,
    pub devices: Devices,
    pub day: Day,
    pub behaviour: Behaviour,
    pub faults: Faults,
    pub host: HostTiming,
    /// The `[config]` table (without `edition`), or the built-in config with every vendor.
    pub config: Value,
}

/// `[population]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Population {
    /// Share of devices on the China edition; the rest run the international edition.
    pub china: f64,
    /// Share of devices that start from an empty store (new installs).
    pub fresh_install: f64,
    /// Share of international Android devices with usable Google Play services.
    pub gms: f64,
}

impl Default for Population {
    fn default() -> Self {
        Population {
            china: 0.5,
            fresh_install: 0.02,
            gms: 0.95,
        }
    }
}

/// `[devices.china]` and `[devices.international]`: device-family shares, in the order of
/// [`Family::ALL`] (normalised when drawn; a table given replaces the default entirely).
#[derive(Debug, Clone, PartialEq)]
pub struct Devices {
    pub china: [f64; 9],
    pub international: [f64; 9],
}

impl Devices {
    pub fn shares(&self, edition: Edition) -> &[f64; 9] {
        match edition {
            Edition::China => &self.china,
            Edition::International => &self.international,
        }
    }

    fn shares_mut(&mut self, edition: Edition) -> &mut [f64; 9] {
        match edition {
            Edition::China => &mut self.china,
            Edition::International => &mut self.international,
        }
    }
}

impl Default for Devices {
    fn default() -> Self {
        // Order: apple, huawei, honor, xiaomi, oppo, vivo, meizu, samsung, other.
        Devices {
            // China: Counterpoint Research, China smartphone shipments Q4 2022 (Market Monitor,
            // published 18 February 2023): Apple 22 %, vivo 18 %, OPPO (with OnePlus) 16 %,
            // HONOR 15 %, Xiaomi 12 %, others 17 % of which Huawei 8.7 %.
            china: [22.0, 8.7, 15.0, 12.0, 16.0, 18.0, 0.0, 0.0, 8.3],
            // International: StatCounter Global Stats, mobile vendor market share worldwide,
            // January 2024: Apple 29.27 %, Samsung 23.69 %, Xiaomi 11.9 %, Oppo 5.64 %,
            // Vivo 5.02 %; the remaining 24.48 % (Huawei, Realme, Motorola, Honor, Google,
            // unknown …) as `other`.
            international: [29.27, 0.0, 0.0, 11.9, 5.64, 5.02, 0.0, 23.69, 24.48],
        }
    }
}

/// `[day]`: the stretch of virtual time simulated for every device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Day {
    /// Length of the simulated day, in seconds.
    pub length_s: u64,
    /// Each device's first start is uniform in [0, start_window_s).
    pub start_window_s: u64,
}

impl Default for Day {
    fn default() -> Self {
        Day {
            length_s: 86_400,
            start_window_s: 86_400,
        }
    }
}

impl Day {
    pub fn length_ms(&self) -> u64 {
        self.length_s * 1000
    }
}

/// `[behaviour]`: what users do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Behaviour {
    /// Times a day the user brings the app to the foreground.
    pub sessions_per_day: f64,
    /// Mean time in the foreground per session, in seconds.
    pub session_s: f64,
    /// Mean time the OS lets the process live in background before killing it, in seconds
    /// (0: never killed).
    pub background_kill_s: f64,
    /// Messages a day addressed to the user.
    pub messages_per_day: f64,
    /// Share of the notifications shown in background that the user taps.
    pub click_share: f64,
    /// Share of users who switch push off during the day.
    pub push_off: f64,
    /// Share of those who switch it on again later that day.
    pub push_on_again: f64,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            sessions_per_day: 8.0,
            session_s: 300.0,
            background_kill_s: 1800.0,
            messages_per_day: 20.0,
            click_share: 0.05,
            push_off: 0.01,
            push_on_again: 0.25,
        }
    }
}

/// `[faults]`: what goes wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Chance that one `upload_token` (setOfflinePushConfig) fails.
    pub upload_failure: f64,
    /// Chance that one `clear_token` fails.
    pub clear_failure: f64,
    /// Chance that a process's first vendor registration fails (`vendor_error`).
    pub vendor_error: f64,
    /// Chance that a process's token comes late.
    pub token_late: f64,
    /// Mean delay of a late token, in seconds.
    pub token_late_s: f64,
    /// Share of devices whose vendor SDK produces no token all day.
    pub token_never: f64,
    /// Share of devices whose token changes once during the day.
    pub token_refresh: f64,
    /// Mean crashes per device-day (a crash in foreground is reopened at once).
    pub crashes_per_day: f64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            upload_failure: 0.01,
            clear_failure: 0.01,
            vendor_error: 0.005,
            token_late: 0.02,
            token_late_s: 30.0,
            token_never: 0.002,
            token_refresh: 0.01,
            crashes_per_day: 0.02,
        }
    }
}

/// `[host]`: how fast the SDKs answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HostTiming {
    /// Delay of the vendor SDK's token after `register_vendor`, in ms.
    pub token_after_ms: u64,
    /// Delay of the Chat SDK's answer to an upload or clear, in ms.
    pub effect_latency_ms: u64,
}

impl Default for HostTiming {
    fn default() -> Self {
        HostTiming {
            token_after_ms: 300,
            effect_latency_ms: 150,
        }
    }
}

/// The plugin config of the default mix: every vendor configured (placeholder credentials;
/// the simulated host calls no real service).
pub const DEFAULT_CONFIG: &str = r#"
package_name = "com.example.chat"
launcher_class = "com.example.chat.MainActivity"
[[vendors]]
vendor = "apns"
business_id = 10001
[[vendors]]
vendor = "fcm"
business_id = 10002
[[vendors]]
vendor = "huawei"
business_id = 10003
app_id = "101234567"
[[vendors]]
vendor = "honor"
business_id = 10004
app_id = "104400000"
[[vendors]]
vendor = "xiaomi"
business_id = 10005
app_id = "2882303761517000000"
app_key = "5731700000000"
channel_id = "im_message"
[[vendors]]
vendor = "oppo"
business_id = 10006
app_key = "8f2c5e1a9b3d4c6e"
app_secret = "1d2e3f4a5b6c7d8e"
channel_id = "im_message"
[[vendors]]
vendor = "vivo"
business_id = 10007
app_id = "105000000"
app_key = "9a8b7c6d5e4f"
[[vendors]]
vendor = "meizu"
business_id = 10008
app_id = "130000"
app_key = "a1b2c3d4e5f6a7b8c9d0"
"#;

fn default_config() -> Value {
    let table: toml::Table = toml::from_str(DEFAULT_CONFIG).unwrap_or_default();
    serde_json::to_value(table).unwrap_or(Value::Null)
}

impl Default for Mix {
    fn default() -> Self {
        Mix {
            name: "default".to_string(),
            population: Population::default(),
            devices: Devices::default(),
            day: Day::default(),
            behaviour: Behaviour::default(),
            faults: Faults::default(),
            host: HostTiming::default(),
            config: default_config(),
        }
    }
}

impl Mix {
    /// The plugin config for devices of `edition`.
    pub fn plugin_config(&self, edition: Edition) -> Result<PluginConfig, String> {
        let mut json = self.config.clone();
        if let Value::Object(table) = &mut json {
            table.insert("edition".into(), Value::from(edition.name()));
        }
        let _ = pushlane::link_vendors();
        PluginConfig::from_value(json.clone()).map_err(|e| {
            let message = config_error(&e, &json, "config.");
            match message.strip_prefix("config: ") {
                Some(rest) => format!("[config]: {rest}"),
                None => message,
            }
        })
    }

    /// The mix as the result echoes it: every value in force, the config as a fingerprint
    /// (it may hold credentials).
    pub fn echo(&self) -> Value {
        let shares = |shares: &[f64; 9]| -> Value {
            Value::Object(
                Family::ALL
                    .iter()
                    .zip(shares)
                    .map(|(family, share)| (family.name().to_string(), Value::from(*share)))
                    .collect(),
            )
        };
        let mut devices = Map::new();
        devices.insert("china".into(), shares(&self.devices.china));
        devices.insert("international".into(), shares(&self.devices.international));
        let mut echo = Map::new();
        echo.insert("name".into(), Value::from(self.name.as_str()));
        echo.insert("population".into(), to_value(&self.population));
        echo.insert("devices".into(), Value::Object(devices));
        echo.insert("day".into(), to_value(&self.day));
        echo.insert("behaviour".into(), to_value(&self.behaviour));
        echo.insert("faults".into(), to_value(&self.faults));
        echo.insert("host".into(), to_value(&self.host));
        let config_text = serde_json::to_string(&self.config).unwrap_or_default();
        echo.insert(
            "config".into(),
            Value::from(pushlane::fingerprint(&config_text)),
        );
        Value::Object(echo)
    }
}

fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

const TOP_KEYS: [&str; 8] = [
    "name",
    "population",
    "devices",
    "day",
    "behaviour",
    "faults",
    "host",
    "config",
];
const POPULATION_KEYS: [&str; 3] = ["china", "fresh_install", "gms"];
const DEVICES_KEYS: [&str; 2] = ["china", "international"];
const DAY_KEYS: [&str; 2] = ["length_s", "start_window_s"];
const BEHAVIOUR_KEYS: [&str; 7] = [
    "sessions_per_day",
    "session_s",
    "background_kill_s",
    "messages_per_day",
    "click_share",
    "push_off",
    "push_on_again",
];
const FAULT_KEYS: [&str; 8] = [
    "upload_failure",
    "clear_failure",
    "vendor_error",
    "token_late",
    "token_late_s",
    "token_never",
    "token_refresh",
    "crashes_per_day",
];
const HOST_KEYS: [&str; 2] = ["token_after_ms", "effect_latency_ms"];

/// The longest day a device may simulate: a week.
pub const MAX_DAY_S: u64 = 7 * 86_400;
/// Caps that keep a device-day within a bounded cost.
const MAX_SESSIONS_PER_DAY: f64 = 1000.0;
const MAX_MESSAGES_PER_DAY: f64 = 10_000.0;
const MAX_CRASHES_PER_DAY: f64 = 100.0;
const MAX_LATENCY_MS: u64 = 3_600_000;

/// Parses mix text. `fallback_name` names a mix without `name`. The error is a message without
/// the file name (the caller adds it).
pub fn parse(text: &str, fallback_name: &str) -> Result<Mix, String> {
    // The place and the message, never the line itself: [config] may hold a credential.
    let table: toml::Table = toml::from_str(text)
        .map_err(|e| format!("not valid TOML at {}", toml_error_message(&e, text)))?;
    check_keys("top level", &table, &TOP_KEYS)?;
    let mut mix = Mix {
        name: fallback_name.to_string(),
        ..Mix::default()
    };
    match table.get("name") {
        None => {}
        Some(toml::Value::String(s)) => mix.name = s.clone(),
        Some(other) => {
            return Err(format!(
                "key `name`: expected a string, got {}",
                describe(other)
            ))
        }
    }
    if let Some(v) = section(&table, "population", &POPULATION_KEYS)? {
        mix.population = v;
    }
    if let Some(v) = section(&table, "day", &DAY_KEYS)? {
        mix.day = v;
    }
    if let Some(v) = section(&table, "behaviour", &BEHAVIOUR_KEYS)? {
        mix.behaviour = v;
    }
    if let Some(v) = section(&table, "faults", &FAULT_KEYS)? {
        mix.faults = v;
    }
    if let Some(v) = section(&table, "host", &HOST_KEYS)? {
        mix.host = v;
    }
    if let Some(devices) = table.get("devices") {
        parse_devices(devices, &mut mix.devices)?;
    }
    if let Some(config) = table.get("config") {
        mix.config = parse_config(config)?;
    }
    validate(&mix)?;
    Ok(mix)
}

/// Refuses a key that is not in `expected`, naming the table and the closest known key.
fn check_keys(place: &str, table: &toml::Table, expected: &[&str]) -> Result<(), String> {
    match table.keys().find(|k| !expected.contains(&k.as_str())) {
        Some(key) => Err(unknown_key(place, key, expected)),
        None => Ok(()),
    }
}

/// A table whose keys are checked, read as `T` (type errors name `key.field`).
fn section<T: DeserializeOwned>(
    table: &toml::Table,
    key: &str,
    expected: &[&str],
) -> Result<Option<T>, String> {
    let Some(value) = table.get(key) else {
        return Ok(None);
    };
    let toml::Value::Table(inner) = value else {
        return Err(format!(
            "key `{key}`: expected a table [{key}], got {}",
            describe(value)
        ));
    };
    check_keys(&format!("[{key}]"), inner, expected)?;
    let json = serde_json::to_value(value).map_err(|e| format!("[{key}]: {e}"))?;
    read_at::<T>(&json).map(Some).map_err(|e| e.under(key))
}

fn parse_devices(value: &toml::Value, devices: &mut Devices) -> Result<(), String> {
    let toml::Value::Table(table) = value else {
        return Err(format!(
            "key `devices`: expected a table ([devices.china], [devices.international]), got {}",
            describe(value)
        ));
    };
    check_keys("[devices]", table, &DEVICES_KEYS)?;
    for edition in Edition::ALL {
        let Some(value) = table.get(edition.name()) else {
            continue;
        };
        let place = format!("devices.{}", edition.name());
        let toml::Value::Table(shares) = value else {
            return Err(format!(
                "key `{place}`: expected a table of family shares ([{place}]), got {}",
                describe(value)
            ));
        };
        check_keys(&format!("[{place}]"), shares, &Family::names())?;
        let mut read = [0.0; 9];
        for (name, share) in shares {
            let number = match share {
                toml::Value::Integer(n) => *n as f64,
                toml::Value::Float(f) => *f,
                other => {
                    return Err(format!(
                        "key `{place}.{name}`: expected a share (a number, 0 or more), got {}",
                        describe(other)
                    ))
                }
            };
            if !(number.is_finite() && number >= 0.0) {
                return Err(format!(
                    "key `{place}.{name}`: expected a share (a number, 0 or more), got {number}"
                ));
            }
            if let Some(index) = Family::ALL.iter().position(|f| f.name() == name) {
                read[index] = number;
            }
        }
        *devices.shares_mut(edition) = read;
    }
    Ok(())
}

fn parse_config(value: &toml::Value) -> Result<Value, String> {
    let toml::Value::Table(table) = value else {
        return Err(format!(
            "key `config`: expected a table [config] (the plugin config), got {}",
            describe(value)
        ));
    };
    if table.contains_key("edition") {
        return Err(
            "key `config.edition`: each device's edition comes from [population] china; leave `edition` out of [config]"
                .to_string(),
        );
    }
    let json = serde_json::to_value(value).map_err(|e| format!("[config]: {e}"))?;
    let mix = Mix {
        config: json.clone(),
        ..Mix::default()
    };
    for edition in Edition::ALL {
        mix.plugin_config(edition)?;
    }
    Ok(json)
}

fn validate(mix: &Mix) -> Result<(), String> {
    let p = &mix.population;
    share("population.china", p.china)?;
    share("population.fresh_install", p.fresh_install)?;
    share("population.gms", p.gms)?;
    let b = &mix.behaviour;
    at_most(
        "behaviour.sessions_per_day",
        b.sessions_per_day,
        MAX_SESSIONS_PER_DAY,
    )?;
    positive("behaviour.session_s", b.session_s)?;
    at_most("behaviour.background_kill_s", b.background_kill_s, f64::MAX)?;
    at_most(
        "behaviour.messages_per_day",
        b.messages_per_day,
        MAX_MESSAGES_PER_DAY,
    )?;
    share("behaviour.click_share", b.click_share)?;
    share("behaviour.push_off", b.push_off)?;
    share("behaviour.push_on_again", b.push_on_again)?;
    let f = &mix.faults;
    share("faults.upload_failure", f.upload_failure)?;
    share("faults.clear_failure", f.clear_failure)?;
    share("faults.vendor_error", f.vendor_error)?;
    share("faults.token_late", f.token_late)?;
    at_most("faults.token_late_s", f.token_late_s, MAX_DAY_S as f64)?;
    share("faults.token_never", f.token_never)?;
    share("faults.token_refresh", f.token_refresh)?;
    at_most(
        "faults.crashes_per_day",
        f.crashes_per_day,
        MAX_CRASHES_PER_DAY,
    )?;
    for (key, value) in [
        ("host.token_after_ms", mix.host.token_after_ms),
        ("host.effect_latency_ms", mix.host.effect_latency_ms),
    ] {
        if value > MAX_LATENCY_MS {
            return Err(format!(
                "key `{key}`: expected at most {MAX_LATENCY_MS} (an hour), got {value}"
            ));
        }
    }
    let d = &mix.day;
    if d.length_s == 0 || d.length_s > MAX_DAY_S {
        return Err(format!(
            "key `day.length_s`: expected 1 to {MAX_DAY_S} seconds (a week), got {}",
            d.length_s
        ));
    }
    if d.start_window_s > d.length_s {
        return Err(format!(
            "key `day.start_window_s`: expected at most day.length_s ({}), got {}",
            d.length_s, d.start_window_s
        ));
    }
    for (edition, used) in [
        (Edition::China, p.china > 0.0),
        (Edition::International, p.china < 1.0),
    ] {
        if used && mix.devices.shares(edition).iter().sum::<f64>() <= 0.0 {
            return Err(format!(
                "[devices.{0}]: every share is 0, but population.china gives {0} devices; expected at least one family with a share above 0",
                edition.name()
            ));
        }
    }
    Ok(())
}

fn share(key: &str, value: f64) -> Result<(), String> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(format!(
            "key `{key}`: expected a share from 0 to 1, got {value}"
        ))
    }
}

fn at_most(key: &str, value: f64, max: f64) -> Result<(), String> {
    if value.is_finite() && (0.0..=max).contains(&value) {
        Ok(())
    } else if max == f64::MAX {
        Err(format!("key `{key}`: expected 0 or more, got {value}"))
    } else {
        Err(format!("key `{key}`: expected 0 to {max}, got {value}"))
    }
}

fn positive(key: &str, value: f64) -> Result<(), String> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(format!("key `{key}`: expected more than 0, got {value}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_config_reads_for_both_editions() {
        let mix = Mix::default();
        for edition in Edition::ALL {
            let config = mix.plugin_config(edition).unwrap();
            assert_eq!(config.vendor_names().len(), 8);
        }
    }

    #[test]
    fn an_empty_file_is_the_default_mix() {
        let mix = parse("", "x").unwrap();
        assert_eq!(
            mix,
            Mix {
                name: "x".into(),
                ..Mix::default()
            }
        );
    }

    #[test]
    fn values_override_the_defaults() {
        let mix = parse(
            "name = \"night\"\n[faults]\nupload_failure = 1\n[devices.china]\nxiaomi = 3\n[day]\nstart_window_s = 3600\n",
            "x",
        )
        .unwrap();
        assert_eq!(mix.name, "night");
        assert_eq!(mix.faults.upload_failure, 1.0);
        assert_eq!(mix.faults.clear_failure, Faults::default().clear_failure);
        assert_eq!(
            mix.devices.china,
            [0.0, 0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        );
        assert_eq!(mix.devices.international, Devices::default().international);
        assert_eq!(mix.day.start_window_s, 3600);
    }

    #[test]
    fn refusals_name_the_key() {
        let cases = [
            ("[faults]\nupload_failures = 0.1\n", "[faults]: unknown key `upload_failures`; did you mean `upload_failure`?"),
            ("[behavior]\n", "top level: unknown key `behavior`; did you mean `behaviour`?"),
            ("[devices.china]\nnokia = 1\n", "[devices.china]: unknown key `nokia`"),
            ("[devices.china]\napple = \"a lot\"\n", "key `devices.china.apple`: expected a share"),
            ("[faults]\nupload_failure = 1.5\n", "key `faults.upload_failure`: expected a share from 0 to 1, got 1.5"),
            ("[behaviour]\nsession_s = \"long\"\n", "key `behaviour.session_s`: invalid type: string \"long\""),
            ("[host]\ntoken_after_ms = -1\n", "key `host.token_after_ms`: invalid value"),
            ("[day]\nlength_s = 100\nstart_window_s = 200\n", "key `day.start_window_s`: expected at most day.length_s (100), got 200"),
            ("[config]\nedition = \"china\"\n", "key `config.edition`"),
            ("[config]\n[[config.vendors]]\nvendor = \"xiaomi\"\nbusiness_id = 1\napp_id = \"a\"\n", "key `config.vendors[0]`: xiaomi: missing field app_key"),
            ("population = 3\n", "key `population`: expected a table [population], got the integer 3"),
            ("[population]\nchina = 0\n[devices.international]\napple = 0\n", "[devices.international]: every share is 0"),
            ("[faults\n", "not valid TOML at line 1"),
        ];
        for (text, expected) in cases {
            let err = parse(text, "x").unwrap_err();
            assert!(err.starts_with(expected), "{text:?}: {err}");
        }
    }

    #[test]
    fn the_echo_hides_the_config() {
        let echo = Mix::default().echo();
        assert!(echo["config"].as_str().unwrap().starts_with("fp:"));
        assert_eq!(echo["devices"]["china"]["vivo"], 18.0);
        assert_eq!(echo["faults"]["upload_failure"], 0.01);
    }
}
