//! `pushlane detect`: the built binary, run on the real devices of vendors.md.

use serde_json::Value;

mod common;
use common::{fixture, pushlane};

/// `detect … --format json`, which must succeed.
fn detect_json(args: &[&str]) -> Value {
    let mut all = vec!["detect"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = pushlane(&all);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("detect --format json prints JSON")
}

fn write_temp(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let path = path.display().to_string();
    (dir, path)
}

#[test]
fn redmi_on_miui_14_is_xiaomi_by_manufacturer_without_badge_call() {
    let out = detect_json(&[
        "--manufacturer",
        "Xiaomi",
        "--brand",
        "Redmi",
        "--prop",
        "ro.miui.ui.version.name=V140",
    ]);
    assert_eq!(out["vendor"], "xiaomi");
    assert_eq!(out["reason"], "manufacturer");
    assert_eq!(out["family"]["name"], "xiaomi");
    assert_eq!(out["device"]["brand"], "Redmi");
    assert_eq!(out["badge"]["outcome"], "unsupported");
    assert_eq!(out["badge"]["call"], Value::Null);
    assert!(out["badge"]["why"].as_str().unwrap().contains("MIUI 12"));
    assert_eq!(out["warnings"], serde_json::json!([]));
}

#[test]
fn redmi_text_output_shows_brand_rule_vendor_and_why_no_badge() {
    let run = pushlane(&["detect", "--device", &fixture("redmi_note_12.toml")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = run.stdout;
    assert!(text.contains("manufacturer \"Xiaomi\""), "{text}");
    assert!(text.contains("brand \"Redmi\""), "{text}");
    assert!(text.contains("decides nothing"), "{text}");
    assert!(
        text.contains("family    xiaomi, found by manufacturer"),
        "{text}"
    );
    assert!(
        text.contains("vendor    xiaomi (reason manufacturer"),
        "{text}"
    );
    assert!(text.contains("warnings  none"), "{text}");
    assert!(text.contains("badge     none (unsupported)"), "{text}");
    assert!(text.contains("V140"), "{text}");
    // Without --config, it says the example config has every linked vendor.
    assert!(
        text.contains("every linked vendor is configured (apns, fcm, xiaomi, huawei, honor, meizu, oppo, vivo)"),
        "{text}"
    );
}

#[test]
fn huawei_with_gms_international_is_fcm_and_keeps_the_huawei_badge() {
    let out = detect_json(&["--device", &fixture("huawei_gms.json")]);
    assert_eq!(out["vendor"], "fcm");
    assert_eq!(out["reason"], "gms_available");
    assert_eq!(out["family"]["name"], "huawei");
    assert_eq!(out["badge"]["outcome"], "call");
    let call = &out["badge"]["call"];
    assert_eq!(call["kind"], "content_provider");
    assert_eq!(
        call["uri"],
        "content://com.huawei.android.launcher.settings/badge/"
    );
    assert_eq!(call["method"], "change_badge");
    assert_eq!(call["extras"]["badgenumber"], 5);
    assert_eq!(call["extras"]["class"], "com.example.chat.MainActivity");
}

#[test]
fn huawei_with_gms_in_the_china_edition_is_huawei() {
    let out = detect_json(&[
        "--device",
        &fixture("huawei_gms.json"),
        "--edition",
        "china",
    ]);
    assert_eq!(out["vendor"], "huawei");
    assert_eq!(out["reason"], "manufacturer");
    assert_eq!(out["config"]["edition"], "china");
    let flags = detect_json(&[
        "--manufacturer",
        "HUAWEI",
        "--gms",
        "--edition",
        "china",
        "--badge-count",
        "9",
    ]);
    assert_eq!(flags["vendor"], "huawei");
    assert_eq!(flags["badge"]["call"]["extras"]["badgenumber"], 9);
}

#[test]
fn honor_magic_with_honor_push_is_honor_with_the_hihonor_badge() {
    let out = detect_json(&["--device", &fixture("honor_magic.toml")]);
    assert_eq!(out["vendor"], "honor");
    assert_eq!(out["reason"], "manufacturer");
    assert_eq!(
        out["badge"]["call"]["uri"],
        "content://com.hihonor.android.launcher.settings/badge/"
    );
    // The same phone without the Honor push service belongs to huawei.
    let without = detect_json(&[
        "--manufacturer",
        "HONOR",
        "--prop",
        "ro.build.version.emui=MagicOS_7.1.0",
    ]);
    assert_eq!(without["vendor"], "huawei");
    let with = detect_json(&["--manufacturer", "HONOR", "--honor-push"]);
    assert_eq!(with["vendor"], "honor");
}

#[test]
fn meizu_found_only_by_the_flyme_property() {
    let out = detect_json(&["--device", &fixture("meizu_flyme.toml")]);
    assert_eq!(out["vendor"], "meizu");
    assert_eq!(out["reason"], "rom_property");
    assert!(out["family"]["detail"]
        .as_str()
        .unwrap()
        .contains("ro.build.display.id"));
    assert_eq!(out["badge"]["outcome"], "unsupported");
    let run = pushlane(&["detect", "--device", &fixture("meizu_flyme.toml")]);
    assert!(run.stdout.contains("Flyme 8.1.8.0A"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Flyme launchers have no badge call"),
        "{}",
        run.stdout
    );
}

#[test]
fn oppo_found_by_oplusrom_alone() {
    let out = detect_json(&[
        "--manufacturer",
        "SomeODM",
        "--prop",
        "ro.build.version.oplusrom=V12.1",
    ]);
    assert_eq!(out["vendor"], "oppo");
    assert_eq!(out["reason"], "rom_property");
    // The example config keeps badge_enabled at its default: no OPPO badge call.
    assert_eq!(out["badge"]["outcome"], "unsupported");
    assert!(out["badge"]["why"]
        .as_str()
        .unwrap()
        .contains("badge_enabled"));
}

#[test]
fn uncertified_phone_is_local_with_no_family() {
    let out = detect_json(&["--device", &fixture("tecno.toml")]);
    assert_eq!(out["vendor"], "local");
    assert_eq!(out["reason"], "no_family");
    assert_eq!(out["family"], Value::Null);
    assert_eq!(out["badge"]["outcome"], "unsupported");
    let run = pushlane(&["detect", "--manufacturer", "TECNO MOBILE LIMITED"]);
    assert!(
        run.stdout.contains("vendor    local (reason no_family"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("none (no family rule matched)"),
        "{}",
        run.stdout
    );
}

#[test]
fn ios_is_apns_and_the_sdk_owns_the_badge_unless_the_app_does() {
    let out = detect_json(&["--platform", "ios"]);
    assert_eq!(out["vendor"], "apns");
    assert_eq!(out["reason"], "platform");
    assert_eq!(out["badge"]["outcome"], "not_owned");
    let owned = detect_json(&[
        "--device",
        &fixture("iphone.toml"),
        "--config",
        &fixture("ios_badge.toml"),
    ]);
    assert_eq!(owned["vendor"], "apns");
    assert_eq!(
        owned["badge"]["call"],
        serde_json::json!({"kind": "ios_badge", "count": 5})
    );
}

#[test]
fn with_a_config_a_missing_vendor_warns_vendor_not_configured() {
    // clean.toml has no apns entry: an iPhone gets local notifications only, and the platform
    // is still what decided (vendors.md §1 step 1).
    let out = detect_json(&["--platform", "ios", "--config", &fixture("clean.toml")]);
    assert_eq!(out["vendor"], "local");
    assert_eq!(out["reason"], "platform");
    assert_eq!(out["warnings"][0]["code"], "vendor_not_configured");
    assert_eq!(out["config"]["source"], "file");

    // No fcm entry: a Huawei phone with Google services warns, then goes to its family.
    let (_dir, config) = write_temp(
        "no_fcm.toml",
        "package_name = \"com.example.chat\"\n[[vendors]]\nvendor = \"huawei\"\nbusiness_id = 1\n",
    );
    let out = detect_json(&["--device", &fixture("huawei_gms.json"), "--config", &config]);
    assert_eq!(out["vendor"], "huawei");
    assert_eq!(out["warnings"][0]["code"], "vendor_not_configured");
    assert!(out["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("fcm"));
    // No launcher_class: the Huawei badge call cannot be made.
    assert_eq!(out["badge"]["outcome"], "config_missing");
    assert_eq!(out["badge"]["field"], "launcher_class");

    let text = pushlane(&[
        "detect",
        "--device",
        &fixture("huawei_gms.json"),
        "--config",
        &config,
    ]);
    assert!(
        text.stdout
            .contains("vendor_not_configured: fcm would serve"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("none (config_missing)"),
        "{}",
        text.stdout
    );
}

#[test]
fn a_scenario_file_gives_its_device_table() {
    let out = detect_json(&["--device", &fixture("scenario_device.toml")]);
    assert_eq!(out["vendor"], "vivo");
    assert_eq!(out["device"]["brand"], "iQOO");
    assert_eq!(out["badge"]["call"]["kind"], "broadcast");
}

#[test]
fn missing_manufacturer_is_a_usage_error() {
    let run = pushlane(&["detect", "--gms"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--manufacturer"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn bad_prop_format_names_the_flag() {
    let run = pushlane(&[
        "detect",
        "--manufacturer",
        "Xiaomi",
        "--prop",
        "ro.miui.ui.version.name",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--prop"), "{}", run.stderr);
    assert!(run.stderr.contains("KEY=VALUE"), "{}", run.stderr);
    let run = pushlane(&["detect", "--manufacturer", "Xiaomi", "--prop", "=V140"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--prop"), "{}", run.stderr);
}

#[test]
fn device_file_with_an_unknown_key_names_file_line_and_key() {
    let path = fixture("bad_key_device.toml");
    let run = pushlane(&["detect", "--device", &path]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&path), "{}", run.stderr);
    assert!(run.stderr.contains("line 3"), "{}", run.stderr);
    assert!(run.stderr.contains("unknown field brnad"), "{}", run.stderr);
    let (_dir, json) = write_temp(
        "d.json",
        "{\"platform\": \"android\", \"manufacturer\": \"vivo\", \"gsm\": true}",
    );
    let run = pushlane(&["detect", "--device", &json]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("d.json"), "{}", run.stderr);
    assert!(run.stderr.contains("unknown field gsm"), "{}", run.stderr);
}

#[test]
fn unreadable_files_and_refused_configs_are_bad_input() {
    let run = pushlane(&["detect", "--device", "/nonexistent/phone.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("/nonexistent/phone.toml"),
        "{}",
        run.stderr
    );

    let (_dir, config) = write_temp(
        "broken.toml",
        "[[vendors]]\nvendor = \"xiaomi\"\nbusiness_id = 1\napp_id = \"1\"\n",
    );
    let run = pushlane(&["detect", "--manufacturer", "Xiaomi", "--config", &config]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("broken.toml"), "{}", run.stderr);
    assert!(
        run.stderr.contains("xiaomi: missing field app_key"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("pushlane doctor"), "{}", run.stderr);

    let syntax = fixture("syntax_error.toml");
    let run = pushlane(&["detect", "--manufacturer", "Xiaomi", "--config", &syntax]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("syntax_error.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("line 2"), "{}", run.stderr);
}

#[test]
fn device_file_and_device_flags_do_not_mix() {
    let run = pushlane(&[
        "detect",
        "--device",
        &fixture("tecno.toml"),
        "--manufacturer",
        "Xiaomi",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--manufacturer"), "{}", run.stderr);
}

#[test]
fn a_config_value_of_the_wrong_type_is_named_by_its_key_and_a_credential_never_shown() {
    let (_dir, config) = write_temp(
        "config.toml",
        "edition = \"china\"\n[[vendors]]\nvendor = \"xiaomi\"\nbusiness_id = 10001\n\
         app_id = \"2882303761517000000\"\napp_key = \"k\"\n[[vendors]]\nvendor = \"oppo\"\n\
         business_id = 10002\napp_key = \"k\"\napp_secret = 987654321\n",
    );
    let run = pushlane(&["detect", "--manufacturer", "OPPO", "--config", &config]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "config.toml: key `vendors[1].app_secret`: oppo: invalid type: integer, expected a string"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("987654321"), "{}", run.stderr);

    let (_dir, config) = write_temp("config.json", r#"{"upload_delay_ms": "5s"}"#);
    let run = pushlane(&["detect", "--manufacturer", "OPPO", "--config", &config]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "config.json: key `upload_delay_ms`: invalid type: string \"5s\", expected u64"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_device_value_of_the_wrong_type_is_named_by_its_key() {
    let (_dir, device) = write_temp(
        "device.toml",
        "platform = \"android\"\nmanufacturer = \"Xiaomi\"\nandroid_api = \"34\"\n",
    );
    let run = pushlane(&["detect", "--device", &device]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("device.toml: device: key `android_api` at line 3, column 15: "),
        "{}",
        run.stderr
    );
}
