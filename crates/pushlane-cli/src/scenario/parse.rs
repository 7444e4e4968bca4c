//! Reading a scenario file (scenario.md): strict TOML, every problem refused before anything
//! runs, with the step number or key and what was expected.

use crate::device_args::toml_error_message;
use crate::keys::{config_error, read_at};
use crate::suggest::suggest;
use pushlane::{DeviceInfo, Input, PluginConfig};
use serde::Deserialize;
use serde_json::{Map, Value};

/// A scenario, checked and ready to run.
#[derive(Debug)]
pub struct Scenario {
    pub name: String,
    pub device: DeviceInfo,
    /// The `[config]` table as JSON: a restart builds a fresh [`PluginConfig`] from it.
    pub config: Value,
    pub host: HostScript,
    pub steps: Vec<Step>,
}

impl Scenario {
    /// The plugin config (already checked once while parsing).
    pub fn plugin_config(&self) -> Result<PluginConfig, String> {
        read_config(self.config.clone())
    }
}

/// One `[[step]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub at_ms: u64,
    pub action: Action,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Feed this input to the engine.
    Input(Box<Input>),
    /// The simulator's own step: the process dies and a new engine opens the same store.
    Restart,
}

/// The `[host]` table: how the simulated host answers effects.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostScript {
    /// Reported as `vendor_token {token, vendor}` after `register_vendor` / `fetch_token`.
    #[serde(default)]
    pub token: Option<String>,
    /// Delay of that report after the effect.
    #[serde(default)]
    pub token_after_ms: u64,
    /// The first N `upload_token` effects fail.
    #[serde(default)]
    pub fail_uploads: u32,
    /// The first N `clear_token` effects fail.
    #[serde(default)]
    pub fail_clears: u32,
    /// Delay before `effect_done` is answered.
    #[serde(default)]
    pub effect_latency_ms: u64,
    /// Answer to `request_permission`.
    #[serde(default = "yes")]
    pub grant_permission: bool,
}

fn yes() -> bool {
    true
}

impl Default for HostScript {
    fn default() -> Self {
        HostScript {
            token: None,
            token_after_ms: 0,
            fail_uploads: 0,
            fail_clears: 0,
            effect_latency_ms: 0,
            grant_permission: true,
        }
    }
}

/// The simulator's own step name.
pub const RESTART: &str = "restart";

const TOP_KEYS: [&str; 5] = ["name", "device", "config", "host", "step"];
const DEVICE_KEYS: [&str; 7] = [
    "platform",
    "manufacturer",
    "brand",
    "android_api",
    "gms",
    "honor_push",
    "props",
];
const HOST_KEYS: [&str; 6] = [
    "token",
    "token_after_ms",
    "fail_uploads",
    "fail_clears",
    "effect_latency_ms",
    "grant_permission",
];

/// Parses scenario text. `fallback_name` names a scenario without `name`. The error is a
/// message without the file name (the caller adds it).
pub fn parse(text: &str, fallback_name: &str) -> Result<Scenario, String> {
    // The place and the message, never the line itself: it may hold a credential.
    let table: toml::Table = toml::from_str(text)
        .map_err(|e| format!("not valid TOML at {}", toml_error_message(&e, text)))?;

    for key in table.keys() {
        if !TOP_KEYS.contains(&key.as_str()) {
            return Err(unknown_key("top level", key, &TOP_KEYS));
        }
    }
    refuse_datetimes(&table)?;

    let name = match table.get("name") {
        None => fallback_name.to_string(),
        Some(toml::Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(format!(
                "key `name`: expected a string, got {}",
                describe(other)
            ))
        }
    };

    let device = parse_device(table.get("device"))?;
    let config = parse_config(table.get("config"))?;
    let host = parse_host(table.get("host"))?;
    let steps = parse_steps(table.get("step"))?;

    Ok(Scenario {
        name,
        device,
        config,
        host,
        steps,
    })
}

fn parse_device(value: Option<&toml::Value>) -> Result<DeviceInfo, String> {
    let Some(value) = value else {
        return Err(
            "missing table [device] (required keys: platform = \"android\" | \"ios\", manufacturer = Build.MANUFACTURER)"
                .to_string(),
        );
    };
    let toml::Value::Table(table) = value else {
        return Err(format!(
            "key `device`: expected a table [device], got {}",
            describe(value)
        ));
    };
    for key in table.keys() {
        if !DEVICE_KEYS.contains(&key.as_str()) {
            return Err(unknown_key("[device]", key, &DEVICE_KEYS));
        }
    }
    if !table.contains_key("platform") {
        return Err(
            "[device]: missing required key `platform` (expected \"android\" or \"ios\")"
                .to_string(),
        );
    }
    if !table.contains_key("manufacturer") {
        return Err(
            "[device]: missing required key `manufacturer` (expected Build.MANUFACTURER as the phone reports it, e.g. \"Xiaomi\")"
                .to_string(),
        );
    }
    if let Some(props) = table.get("props") {
        let toml::Value::Table(props) = props else {
            return Err(format!(
                "[device]: key `props`: expected a table of system properties ([device.props]), got {}",
                describe(props)
            ));
        };
        for (key, value) in props {
            if !value.is_str() {
                return Err(format!(
                    "[device.props]: key `{key}`: expected a string (system properties are text), got {}",
                    describe(value)
                ));
            }
        }
    }
    read_at::<DeviceInfo>(&to_json(value)).map_err(|e| e.under("device"))
}

fn parse_config(value: Option<&toml::Value>) -> Result<Value, String> {
    let json = match value {
        None => Value::Object(Map::new()),
        Some(value @ toml::Value::Table(_)) => to_json(value),
        Some(other) => {
            return Err(format!(
                "key `config`: expected a table [config] (the plugin config), got {}",
                describe(other)
            ))
        }
    };
    read_config(json.clone())?;
    Ok(json)
}

fn read_config(json: Value) -> Result<PluginConfig, String> {
    // The vendor plugins must be linked before their config entries can be read.
    let _ = pushlane::link_vendors();
    PluginConfig::from_value(json.clone()).map_err(|e| {
        let message = config_error(&e, &json, "config.");
        match message.strip_prefix("config: ") {
            Some(rest) => format!("[config]: {rest}"),
            None => message,
        }
    })
}

fn parse_host(value: Option<&toml::Value>) -> Result<HostScript, String> {
    let Some(value) = value else {
        return Ok(HostScript::default());
    };
    let toml::Value::Table(table) = value else {
        return Err(format!(
            "key `host`: expected a table [host], got {}",
            describe(value)
        ));
    };
    for key in table.keys() {
        if !HOST_KEYS.contains(&key.as_str()) {
            return Err(unknown_key("[host]", key, &HOST_KEYS));
        }
    }
    read_at::<HostScript>(&to_json(value)).map_err(|e| e.under("host"))
}

fn parse_steps(value: Option<&toml::Value>) -> Result<Vec<Step>, String> {
    let Some(value) = value else {
        return Err(
            "no steps: expected at least one [[step]] with `at_ms` and `input`".to_string(),
        );
    };
    let toml::Value::Array(entries) = value else {
        return Err(format!(
            "key `step`: expected an array of tables ([[step]]), got {}",
            describe(value)
        ));
    };
    if entries.is_empty() {
        return Err(
            "no steps: expected at least one [[step]] with `at_ms` and `input`".to_string(),
        );
    }
    let mut steps: Vec<Step> = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let number = index + 1;
        let step = parse_step(number, entry)?;
        if let Some(previous) = steps.last() {
            if step.at_ms < previous.at_ms {
                return Err(format!(
                    "step {number}: at_ms {} is earlier than step {}'s at_ms {}; steps must be in non-decreasing at_ms",
                    step.at_ms, index, previous.at_ms
                ));
            }
        }
        steps.push(step);
    }
    Ok(steps)
}

fn parse_step(number: usize, entry: &toml::Value) -> Result<Step, String> {
    let toml::Value::Table(table) = entry else {
        return Err(format!(
            "step {number}: expected a table ([[step]]), got {}",
            describe(entry)
        ));
    };
    let at_ms = match table.get("at_ms") {
        None => {
            return Err(format!(
                "step {number}: missing key `at_ms` (expected the step's time in milliseconds, e.g. at_ms = 0)"
            ))
        }
        Some(toml::Value::Integer(n)) if *n >= 0 => *n as u64,
        Some(other) => {
            return Err(format!(
                "step {number}: key `at_ms`: expected a non-negative integer (milliseconds), got {}",
                describe(other)
            ))
        }
    };
    let kind = match table.get("input") {
        None => {
            return Err(format!(
                "step {number}: missing key `input` (expected one of: {}, {RESTART})",
                Input::KINDS.join(", ")
            ))
        }
        Some(toml::Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(format!(
                "step {number}: key `input`: expected an input name string, got {}",
                describe(other)
            ))
        }
    };

    if kind == RESTART {
        if let Some(extra) = table.keys().find(|k| *k != "at_ms" && *k != "input") {
            return Err(format!(
                "step {number} (restart): unexpected key `{extra}`; restart takes no fields"
            ));
        }
        return Ok(Step {
            at_ms,
            action: Action::Restart,
        });
    }

    if !Input::KINDS.contains(&kind) {
        let mut candidates: Vec<&str> = Input::KINDS.to_vec();
        candidates.push(RESTART);
        let hint = match suggest(kind, candidates.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? "),
            None => String::new(),
        };
        return Err(format!(
            "step {number}: unknown input `{kind}`; {hint}(expected one of: {})",
            candidates.join(", ")
        ));
    }

    let mut object = Map::new();
    object.insert("type".into(), Value::from(kind));
    for (key, value) in table {
        if key == "at_ms" || key == "input" {
            continue;
        }
        if key == "type" {
            return Err(format!(
                "step {number} ({kind}): unexpected key `type`; the input's name goes in `input`"
            ));
        }
        object.insert(key.clone(), to_json(value));
    }
    let input = read_at::<Input>(&Value::Object(object)).map_err(|e| match e.key {
        Some(key) => format!("step {number} ({kind}): key `{key}`: {}", e.message),
        None => format!("step {number} ({kind}): {}", e.message),
    })?;
    Ok(Step {
        at_ms,
        action: Action::Input(Box::new(input)),
    })
}

/// `<place>: unknown key `k`; did you mean `x`? (expected one of: …)`.
pub fn unknown_key(place: &str, key: &str, expected: &[&str]) -> String {
    let hint = match suggest(key, expected.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? "),
        None => String::new(),
    };
    format!(
        "{place}: unknown key `{key}`; {hint}(expected one of: {})",
        expected.join(", ")
    )
}

/// No key of a scenario takes a TOML date-time, and read as text one would pass for a string
/// (an `app_key` that is a date): the first one is refused, by its key, without its value.
fn refuse_datetimes(table: &toml::Table) -> Result<(), String> {
    const WHY: &str =
        "invalid type: TOML date-time (no key of a scenario takes one; write text in quotes)";
    for (key, value) in table {
        match (key.as_str(), value) {
            ("step", toml::Value::Array(steps)) => {
                for (index, step) in steps.iter().enumerate() {
                    if let Some(path) = datetime_path(step) {
                        return Err(format!("step {}: key `{path}`: {WHY}", index + 1));
                    }
                }
            }
            _ => {
                if let Some(path) = datetime_path(value) {
                    return Err(format!("key `{}`: {WHY}", join_key(key, &path)));
                }
            }
        }
    }
    Ok(())
}

/// The path to the first date-time in `value` (empty: `value` is one).
fn datetime_path(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::Datetime(_) => Some(String::new()),
        toml::Value::Table(table) => table
            .iter()
            .find_map(|(key, v)| datetime_path(v).map(|rest| join_key(key, &rest))),
        toml::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| datetime_path(v).map(|rest| join_key(&format!("[{i}]"), &rest))),
        _ => None,
    }
}

/// `a` + `b.c` → `a.b.c`; `a` + `[0].b` → `a[0].b`.
pub fn join_key(head: &str, rest: &str) -> String {
    if rest.is_empty() || rest.starts_with('[') {
        format!("{head}{rest}")
    } else {
        format!("{head}.{rest}")
    }
}

/// TOML → JSON (date-times are refused before, by [`refuse_datetimes`]).
fn to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::from(s.as_str()),
        toml::Value::Integer(n) => Value::from(*n),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        toml::Value::Boolean(b) => Value::from(*b),
        toml::Value::Datetime(dt) => Value::from(dt.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

/// How a TOML value is named in errors (`the integer 3`, `a table`).
pub fn describe(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("the string {s:?}"),
        toml::Value::Integer(n) => format!("the integer {n}"),
        toml::Value::Float(f) => format!("the float {f}"),
        toml::Value::Boolean(b) => format!("the boolean {b}"),
        toml::Value::Datetime(dt) => format!("the datetime {dt}"),
        toml::Value::Array(_) => "an array".to_string(),
        toml::Value::Table(_) => "a table".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEVICE: &str = "[device]\nplatform = \"android\"\nmanufacturer = \"Xiaomi\"\n";

    fn with_steps(steps: &str) -> String {
        format!("{DEVICE}{steps}")
    }

    #[test]
    fn step_fields_become_the_input() {
        let s = parse(
            &with_steps(
                "[[step]]\nat_ms = 5\ninput = \"login\"\nuser_id = \"alice\"\n\
                 [[step]]\nat_ms = 5\ninput = \"notification_clicked\"\nsource = \"xiaomi\"\n\
                 payload = { ext = \"{}\" }\n[[step]]\nat_ms = 6\ninput = \"restart\"\n",
            ),
            "x",
        )
        .unwrap();
        assert_eq!(s.name, "x");
        assert_eq!(
            s.steps[0].action,
            Action::Input(Box::new(Input::Login {
                user_id: "alice".into()
            }))
        );
        assert!(matches!(
            &s.steps[1].action,
            Action::Input(input)
                if matches!(&**input, Input::NotificationClicked { source, payload }
                    if source == "xiaomi" && payload["ext"] == "{}")
        ));
        assert_eq!(s.steps[2].action, Action::Restart);
        assert_eq!(s.host, HostScript::default());
    }

    #[test]
    fn refusals_name_the_place() {
        let err = parse(&with_steps("[[step]]\nat_ms = 0\ninput = \"lgoin\"\n"), "x").unwrap_err();
        assert!(
            err.contains("step 1") && err.contains("did you mean `login`"),
            "{err}"
        );

        let err = parse(
            &with_steps("[[step]]\nat_ms = 0\ninput = \"login\"\nuser = \"a\"\n"),
            "x",
        )
        .unwrap_err();
        assert!(
            err.contains("step 1 (login)") && err.contains("user"),
            "{err}"
        );

        let err = parse(
            &with_steps("[[step]]\nat_ms = 0\ninput = \"restart\"\nhard = true\n"),
            "x",
        )
        .unwrap_err();
        assert!(err.contains("restart takes no fields"), "{err}");

        let err = parse(
            &with_steps("[host]\ntokn = \"t\"\n[[step]]\nat_ms = 0\ninput = \"login\"\n"),
            "x",
        )
        .unwrap_err();
        assert!(
            err.contains("[host]") && err.contains("did you mean `token`"),
            "{err}"
        );

        let err = parse(&with_steps("[[steps]]\nat_ms = 0\n"), "x").unwrap_err();
        assert!(err.contains("did you mean `step`"), "{err}");

        let err = parse(
            "[device]\nplatform = \"android\"\n[[step]]\nat_ms = 0\ninput = \"ui_ready\"\n",
            "x",
        )
        .unwrap_err();
        assert!(err.contains("manufacturer"), "{err}");

        let err = parse(
            &with_steps("[config]\n[[config.vendors]]\nvendor = \"xiaomi\"\nbusiness_id = 1\napp_id = \"a\"\n[[step]]\nat_ms = 0\ninput = \"ui_ready\"\n"),
            "x",
        )
        .unwrap_err();
        assert_eq!(
            err,
            "key `config.vendors[0]`: xiaomi: missing field app_key"
        );

        let err = parse(
            &with_steps("[[step]]\nat_ms = -1\ninput = \"ui_ready\"\n"),
            "x",
        )
        .unwrap_err();
        assert!(err.contains("non-negative integer"), "{err}");
    }
}
