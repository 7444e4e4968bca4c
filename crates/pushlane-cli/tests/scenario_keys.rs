//! Every key of the scenario format (scenario.md) with a value of the wrong type: the error
//! names the key's full path (`config.vendors[0].app_key`, `step 9 (message_received): key
//! `message.msg_id``), and never shows the value of a credential or a device token.

use pushlane_cli::scenario::parse::parse;

/// A valid scenario using every key once (each `key = value` line below is unique).
const BASE: &str = r#"name = "every key"

[device]
platform = "android"
manufacturer = "Xiaomi"
brand = "Redmi"
android_api = 34
gms = false
honor_push = false
[device.props]
"ro.miui.ui.version.name" = "V140"

[config]
edition = "china"
use_fcm = true
upload_delay_ms = 5000
package_name = "com.example.chat"
launcher_class = "com.example.chat.MainActivity"
local_notifications = "fallback"
app_manages_badge = false
clear_on_foreground = true
foreground_notifications = false
[config.local_channel]
channel_id = "new_message"
channel_name = "Messages"
channel_description = "New messages"
[config.summaries]
image = "[Photo]"
[[config.vendors]]
vendor = "xiaomi"
business_id = 10001
app_id = "2882303761517000000"
app_key = "mi-app-key-5731"
channel_id = "im_message"
[[config.vendors]]
vendor = "oppo"
business_id = 10002
app_key = "oppo-app-key-77"
app_secret = "oppo-app-secret-99"
badge_enabled = false

[host]
token = "mi-token-host-1"
token_after_ms = 300
fail_uploads = 0
fail_clears = 0
effect_latency_ms = 0
grant_permission = true

[[step]]
at_ms = 0
input = "login"
user_id = "alice"

[[step]]
at_ms = 1
input = "app_state"
state = "paused"

[[step]]
at_ms = 2
input = "unread"
count = 3

[[step]]
at_ms = 3
input = "vendor_token"
token = "mi-token-step-2"
vendor = "xiaomi"

[[step]]
at_ms = 4
input = "vendor_error"
reason = "timeout"

[[step]]
at_ms = 5
input = "permission"
granted = true

[[step]]
at_ms = 6
input = "push_enabled"
enabled = false

[[step]]
at_ms = 7
input = "effect_done"
effect_id = 1
ok = true
error = "none"

[[step]]
at_ms = 8
input = "timer"
timer = "token_upload"

[[step]]
at_ms = 9
input = "message_received"
message = { msg_id = "m-1", sender = "mia", nick_name = "Mia", group_id = "g-1", elem_type = "text", text = "hi", is_self = false, offline_push_info = { title = "Mia", desc = "hi", ext = "{}", disable_push = false } }

[[step]]
at_ms = 10
input = "notification_clicked"
source = "xiaomi"
payload = { msgId = "m-1" }

[[step]]
at_ms = 11
input = "conversation_shown"
conversation_id = "c2c_mia"
"#;

/// The scenario with `from` (exactly one occurrence) replaced by `to`, refused. A `to` that
/// starts with `[config] ` takes the place of the table `from` as a key of `[config]`.
fn refused(from: &str, to: &str) -> String {
    assert_eq!(BASE.matches(from).count(), 1, "`{from}` must occur once");
    let text = match to.strip_prefix("[config] ") {
        Some(key) => BASE
            .replace(from, "")
            .replace("[config]\n", &format!("[config]\n{key}\n")),
        None => BASE.replace(from, to),
    };
    match parse(&text, "keys") {
        Ok(_) => panic!("accepted with `{to}` in place of `{from}`"),
        Err(message) => message,
    }
}

#[test]
fn the_base_scenario_is_valid() {
    let scenario = parse(BASE, "keys").unwrap();
    assert_eq!(scenario.steps.len(), 12);
}

#[test]
fn a_value_of_the_wrong_type_names_its_key_everywhere() {
    let cases: &[(&str, &str, &str)] = &[
        // [device]
        ("platform = \"android\"", "platform = 5", "key `device.platform`: "),
        ("manufacturer = \"Xiaomi\"", "manufacturer = 5", "key `device.manufacturer`: "),
        ("brand = \"Redmi\"", "brand = 5", "key `device.brand`: "),
        ("android_api = 34", "android_api = \"34\"", "key `device.android_api`: "),
        ("gms = false", "gms = \"no\"", "key `device.gms`: "),
        ("honor_push = false", "honor_push = 1", "key `device.honor_push`: "),
        (
            "\"ro.miui.ui.version.name\" = \"V140\"",
            "\"ro.miui.ui.version.name\" = 140",
            "key `ro.miui.ui.version.name`",
        ),
        (
            "[device.props]\n\"ro.miui.ui.version.name\" = \"V140\"",
            "props = 5",
            "key `props`",
        ),
        // [config]
        ("edition = \"china\"", "edition = 5", "key `config.edition`: "),
        ("use_fcm = true", "use_fcm = \"yes\"", "key `config.use_fcm`: "),
        (
            "upload_delay_ms = 5000",
            "upload_delay_ms = \"5s\"",
            "key `config.upload_delay_ms`: ",
        ),
        (
            "package_name = \"com.example.chat\"",
            "package_name = 5",
            "key `config.package_name`: ",
        ),
        (
            "launcher_class = \"com.example.chat.MainActivity\"",
            "launcher_class = 5",
            "key `config.launcher_class`: ",
        ),
        (
            "local_notifications = \"fallback\"",
            "local_notifications = 5",
            "key `config.local_notifications`: ",
        ),
        (
            "app_manages_badge = false",
            "app_manages_badge = \"no\"",
            "key `config.app_manages_badge`: ",
        ),
        (
            "clear_on_foreground = true",
            "clear_on_foreground = 1",
            "key `config.clear_on_foreground`: ",
        ),
        (
            "foreground_notifications = false",
            "foreground_notifications = 1",
            "key `config.foreground_notifications`: ",
        ),
        (
            "channel_id = \"new_message\"",
            "channel_id = 5",
            "key `config.local_channel.channel_id`: ",
        ),
        (
            "channel_name = \"Messages\"",
            "channel_name = 5",
            "key `config.local_channel.channel_name`: ",
        ),
        (
            "channel_description = \"New messages\"",
            "channel_description = 5",
            "key `config.local_channel.channel_description`: ",
        ),
        (
            "[config.local_channel]\nchannel_id = \"new_message\"\nchannel_name = \"Messages\"\nchannel_description = \"New messages\"\n",
            "[config] local_channel = \"new_message\"",
            "key `config.local_channel`: ",
        ),
        ("image = \"[Photo]\"", "image = 5", "key `config.summaries.image`: "),
        (
            "[config.summaries]\nimage = \"[Photo]\"\n",
            "[config] summaries = [1]",
            "key `config.summaries`: ",
        ),
        (
            "[[config.vendors]]\nvendor = \"xiaomi\"\nbusiness_id = 10001\napp_id = \"2882303761517000000\"\napp_key = \"mi-app-key-5731\"\nchannel_id = \"im_message\"\n[[config.vendors]]\nvendor = \"oppo\"\nbusiness_id = 10002\napp_key = \"oppo-app-key-77\"\napp_secret = \"oppo-app-secret-99\"\nbadge_enabled = false\n",
            "[config] vendors = { xiaomi = 1 }",
            "key `config.vendors`: ",
        ),
        (
            "[[config.vendors]]\nvendor = \"xiaomi\"",
            "[[config.vendors]]\nvendor = 5",
            "key `config.vendors[0]`: ",
        ),
        (
            "business_id = 10001",
            "business_id = \"10001\"",
            "key `config.vendors[0].business_id`: xiaomi: ",
        ),
        (
            "app_id = \"2882303761517000000\"",
            "app_id = 5",
            "key `config.vendors[0].app_id`: xiaomi: ",
        ),
        (
            "app_key = \"mi-app-key-5731\"",
            "app_key = 5",
            "key `config.vendors[0].app_key`: xiaomi: ",
        ),
        (
            "channel_id = \"im_message\"",
            "channel_id = 5",
            "key `config.vendors[0].channel_id`: xiaomi: ",
        ),
        (
            "app_secret = \"oppo-app-secret-99\"",
            "app_secret = 5",
            "key `config.vendors[1].app_secret`: oppo: ",
        ),
        (
            "badge_enabled = false",
            "badge_enabled = \"no\"",
            "key `config.vendors[1].badge_enabled`: oppo: ",
        ),
        // [host]
        ("token = \"mi-token-host-1\"", "token = 5", "key `host.token`: "),
        ("token_after_ms = 300", "token_after_ms = \"300\"", "key `host.token_after_ms`: "),
        ("fail_uploads = 0", "fail_uploads = -1", "key `host.fail_uploads`: "),
        ("fail_clears = 0", "fail_clears = \"0\"", "key `host.fail_clears`: "),
        ("effect_latency_ms = 0", "effect_latency_ms = true", "key `host.effect_latency_ms`: "),
        ("grant_permission = true", "grant_permission = \"yes\"", "key `host.grant_permission`: "),
        // [[step]]
        ("at_ms = 0", "at_ms = \"0\"", "step 1: key `at_ms`: "),
        ("input = \"login\"", "input = 5", "step 1: key `input`: "),
        ("user_id = \"alice\"", "user_id = 5", "step 1 (login): key `user_id`: "),
        ("state = \"paused\"", "state = 5", "step 2 (app_state): key `state`: "),
        ("count = 3", "count = \"3\"", "step 3 (unread): key `count`: "),
        (
            "token = \"mi-token-step-2\"",
            "token = 5",
            "step 4 (vendor_token): key `token`: ",
        ),
        ("vendor = \"xiaomi\"\n\n", "vendor = 5\n\n", "step 4 (vendor_token): key `vendor`: "),
        ("reason = \"timeout\"", "reason = 5", "step 5 (vendor_error): key `reason`: "),
        ("granted = true", "granted = \"yes\"", "step 6 (permission): key `granted`: "),
        ("\nenabled = false", "\nenabled = 0", "step 7 (push_enabled): key `enabled`: "),
        ("effect_id = 1", "effect_id = \"1\"", "step 8 (effect_done): key `effect_id`: "),
        ("ok = true", "ok = \"yes\"", "step 8 (effect_done): key `ok`: "),
        ("error = \"none\"", "error = 5", "step 8 (effect_done): key `error`: "),
        ("timer = \"token_upload\"", "timer = 5", "step 9 (timer): key `timer`: "),
        (
            "message = { msg_id = \"m-1\", sender = \"mia\", nick_name = \"Mia\", group_id = \"g-1\", elem_type = \"text\", text = \"hi\", is_self = false, offline_push_info = { title = \"Mia\", desc = \"hi\", ext = \"{}\", disable_push = false } }",
            "message = 5",
            "step 10 (message_received): key `message`: ",
        ),
        ("msg_id = \"m-1\"", "msg_id = 5", "step 10 (message_received): key `message.msg_id`: "),
        ("sender = \"mia\"", "sender = 5", "step 10 (message_received): key `message.sender`: "),
        ("nick_name = \"Mia\"", "nick_name = 5", "step 10 (message_received): key `message.nick_name`: "),
        ("group_id = \"g-1\"", "group_id = 5", "step 10 (message_received): key `message.group_id`: "),
        ("elem_type = \"text\"", "elem_type = 5", "step 10 (message_received): key `message.elem_type`: "),
        ("text = \"hi\"", "text = 5", "step 10 (message_received): key `message.text`: "),
        ("is_self = false", "is_self = \"no\"", "step 10 (message_received): key `message.is_self`: "),
        (
            "offline_push_info = { title = \"Mia\", desc = \"hi\", ext = \"{}\", disable_push = false }",
            "offline_push_info = 5",
            "step 10 (message_received): key `message.offline_push_info`: ",
        ),
        (
            "title = \"Mia\"",
            "title = 5",
            "step 10 (message_received): key `message.offline_push_info.title`: ",
        ),
        (
            "desc = \"hi\"",
            "desc = 5",
            "step 10 (message_received): key `message.offline_push_info.desc`: ",
        ),
        (
            "ext = \"{}\"",
            "ext = 5",
            "step 10 (message_received): key `message.offline_push_info.ext`: ",
        ),
        (
            "disable_push = false",
            "disable_push = \"no\"",
            "step 10 (message_received): key `message.offline_push_info.disable_push`: ",
        ),
        ("source = \"xiaomi\"", "source = 5", "step 11 (notification_clicked): key `source`: "),
        (
            "conversation_id = \"c2c_mia\"",
            "conversation_id = 5",
            "step 12 (conversation_shown): key `conversation_id`: ",
        ),
    ];
    let mut wrong = Vec::new();
    for (from, to, expected) in cases {
        let message = refused(from, to);
        if !message.contains(expected) {
            wrong.push(format!("`{to}`: expected `{expected}` in: {message}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_mistyped_credential_or_token_is_never_shown() {
    let secrets: &[(&str, &str)] = &[
        ("app_key = \"mi-app-key-5731\"", "app_key"),
        ("app_key = \"oppo-app-key-77\"", "app_key"),
        ("app_secret = \"oppo-app-secret-99\"", "app_secret"),
        ("token = \"mi-token-host-1\"", "token"),
        ("token = \"mi-token-step-2\"", "token"),
    ];
    let values = [
        ("987654321", "integer"),
        ("98765.4321", "floating point"),
        ("[\"s3cr3t-value\"]", "sequence"),
        ("{ s = \"s3cr3t-value\" }", "map"),
        ("1979-05-27T07:32:00Z", ""),
    ];
    for (line, key) in secrets {
        for (value, kind) in values {
            let message = refused(line, &format!("{key} = {value}"));
            for shown in ["987654321", "98765", "4321", "s3cr3t", "1979"] {
                assert!(
                    !message.contains(shown),
                    "`{key} = {value}` shown: {message}"
                );
            }
            assert!(message.contains(&format!("{key}`")), "{message}");
            assert!(message.contains(kind), "{message}");
        }
        // A value TOML cannot read on the credential's line: the line is not quoted.
        let message = refused(line, &format!("{key} = s3cr3t-value"));
        assert!(!message.contains("s3cr3t"), "{message}");
        assert!(message.starts_with("not valid TOML at line "), "{message}");
    }
}

#[test]
fn a_date_time_is_refused_by_its_key_wherever_it_is() {
    let message = refused(
        "app_secret = \"oppo-app-secret-99\"",
        "app_secret = 2024-01-01T00:00:00Z",
    );
    assert!(
        message.starts_with("key `config.vendors[1].app_secret`: invalid type: TOML date-time"),
        "{message}"
    );
    assert!(!message.contains("2024"), "{message}");
    let message = refused("text = \"hi\"", "text = 07:32:00");
    assert!(
        message.starts_with("step 10: key `message.text`: invalid type: TOML date-time"),
        "{message}"
    );
}
