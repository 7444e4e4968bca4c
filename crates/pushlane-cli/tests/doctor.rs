//! `pushlane doctor`: the built binary on configs with each known problem.

mod common;
use common::{fixture, pushlane, Run};

/// Runs doctor on a config given as text (a temporary `config.toml`, or `.json`).
fn doctor_text(name: &str, text: &str, device: Option<&str>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let path = path.display().to_string();
    let mut args = vec!["doctor", path.as_str()];
    if let Some(device) = device {
        args.extend_from_slice(&["--device", device]);
    }
    pushlane(&args)
}

/// The finding lines (`severity: subject: what [code]`).
fn findings(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter(|l| {
            l.starts_with("error: ") || l.starts_with("warning: ") || l.starts_with("info: ")
        })
        .map(|l| l.to_string())
        .collect()
}

/// The finding line of this code; panics when absent.
fn finding(run: &Run, code: &str) -> String {
    findings(run)
        .into_iter()
        .find(|l| l.ends_with(&format!("[{code}]")))
        .unwrap_or_else(|| panic!("no {code} finding in:\n{}", run.stdout))
}

const BASE: &str =
    "package_name = \"com.example.chat\"\nlauncher_class = \"com.example.chat.MainActivity\"\n";

#[test]
fn clean_config_exits_zero_without_errors_or_warnings() {
    let run = pushlane(&["doctor", &fixture("clean.toml")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("0 errors, 0 warnings"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("the config is usable"),
        "{}",
        run.stdout
    );
    assert!(
        findings(&run).iter().all(|l| l.starts_with("info: ")),
        "{}",
        run.stdout
    );
    assert!(run.stderr.is_empty());
}

#[test]
fn clean_json_config_exits_zero() {
    let run = pushlane(&["doctor", &fixture("clean.json")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("0 errors, 0 warnings"),
        "{}",
        run.stdout
    );
}

#[test]
fn missing_required_field_is_an_error_naming_vendor_and_field() {
    let run = doctor_text(
        "config.toml",
        &format!("{BASE}[[vendors]]\nvendor = \"honor\"\nbusiness_id = 10003\n"),
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let line = finding(&run, "missing_field");
    assert!(line.starts_with("error: honor (vendors[0])"), "{line}");
    assert!(line.contains("app_id"), "{line}");
    assert!(
        run.stdout.contains("com.hihonor.push.app_id"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("the engine refuses this config"),
        "{}",
        run.stdout
    );
}

#[test]
fn empty_field_and_zero_business_id_are_errors() {
    let run = doctor_text(
        "config.toml",
        &format!("{BASE}[[vendors]]\nvendor = \"vivo\"\nbusiness_id = 0\napp_id = \"\"\napp_key = \"k\"\n"),
        None,
    );
    assert_eq!(run.code, 1);
    assert!(finding(&run, "business_id_zero").starts_with("error: vivo"));
    let empty = finding(&run, "empty_field");
    assert!(
        empty.starts_with("error: vivo") && empty.contains("app_id"),
        "{empty}"
    );
}

#[test]
fn oppo_without_channel_id_is_an_error() {
    let run = doctor_text(
        "config.toml",
        &format!("{BASE}[[vendors]]\nvendor = \"oppo\"\nbusiness_id = 1\napp_key = \"k\"\napp_secret = \"s\"\nchannel_name = \"Messages\"\n"),
        None,
    );
    assert_eq!(run.code, 1);
    let line = finding(&run, "oppo_channel_missing");
    assert!(line.starts_with("error: oppo"), "{line}");
    assert!(line.contains("channel_id"), "{line}");
    assert!(
        run.stdout.contains("not shown on Android 8+"),
        "{}",
        run.stdout
    );
    assert!(finding(&run, "channel_fields_ignored").starts_with("warning: oppo"));
}

#[test]
fn oppo_badge_needs_the_privilege() {
    let run = doctor_text(
        "config.toml",
        &format!("{BASE}[[vendors]]\nvendor = \"oppo\"\nbusiness_id = 1\napp_key = \"k\"\napp_secret = \"s\"\nchannel_id = \"im\"\nbadge_enabled = true\n"),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let line = finding(&run, "oppo_badge_privilege");
    assert!(line.starts_with("info: oppo"), "{line}");
    assert!(line.contains("badge_enabled"), "{line}");
    assert!(
        run.stdout.contains("privilege OPPO grants on request"),
        "{}",
        run.stdout
    );
}

#[test]
fn fcm_in_the_china_edition_is_a_warning() {
    let run = doctor_text(
        "config.toml",
        &format!("edition = \"china\"\n{BASE}[[vendors]]\nvendor = \"fcm\"\nbusiness_id = 1\n[[vendors]]\nvendor = \"huawei\"\nbusiness_id = 2\n"),
        None,
    );
    assert_eq!(run.code, 0, "warnings only: {}", run.stdout);
    let line = finding(&run, "fcm_in_china_edition");
    assert!(line.starts_with("warning: fcm"), "{line}");
    assert!(run.stdout.contains("never uses FCM"), "{}", run.stdout);
}

#[test]
fn missing_launcher_class_while_a_badge_family_needs_it_is_a_warning() {
    let run = pushlane(&["doctor", &fixture("huawei_no_launcher.toml")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let line = finding(&run, "launcher_class_missing");
    assert!(line.starts_with("warning: launcher_class"), "{line}");
    assert!(line.contains("huawei"), "{line}");
    assert!(
        run.stdout.contains("badge_config_missing"),
        "{}",
        run.stdout
    );
    let relative = doctor_text(
        "config.toml",
        "package_name = \"com.example.chat\"\nlauncher_class = \".MainActivity\"\n[[vendors]]\nvendor = \"vivo\"\nbusiness_id = 1\napp_id = \"a\"\napp_key = \"k\"\n",
        None,
    );
    let line = finding(&relative, "launcher_class_not_qualified");
    assert!(line.starts_with("warning: launcher_class"), "{line}");
    assert!(
        relative.stdout.contains("com.example.chat.MainActivity"),
        "{}",
        relative.stdout
    );
}

#[test]
fn vivo_formal_push_needs_a_store_listing() {
    let run = doctor_text(
        "config.toml",
        &format!("{BASE}[[vendors]]\nvendor = \"vivo\"\nbusiness_id = 1\napp_id = \"a\"\napp_key = \"k\"\n"),
        None,
    );
    assert_eq!(run.code, 0);
    let line = finding(&run, "vivo_store_listing");
    assert!(line.starts_with("info: vivo"), "{line}");
    assert!(line.contains("vivo store"), "{line}");
}

#[test]
fn unknown_keys_are_errors_with_a_suggestion() {
    let run = doctor_text(
        "config.toml",
        &format!("edtion = \"china\"\n{BASE}[[vendors]]\nvendor = \"xiaomi\"\nbusiness_id = 1\napp_id = \"a\"\napp_key = \"k\"\nchanel_id = \"im\"\n"),
        None,
    );
    assert_eq!(run.code, 1);
    let unknown: Vec<String> = findings(&run)
        .into_iter()
        .filter(|l| l.ends_with("[unknown_key]"))
        .collect();
    assert_eq!(unknown.len(), 2, "{}", run.stdout);
    assert!(unknown
        .iter()
        .any(|l| l.starts_with("error: edtion") && l.contains("edtion")));
    assert!(unknown
        .iter()
        .any(|l| l.starts_with("error: xiaomi") && l.contains("chanel_id")));
    assert!(
        run.stdout.contains("did you mean edition?"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean channel_id?"),
        "{}",
        run.stdout
    );
}

#[test]
fn unknown_vendor_lists_the_linked_ones() {
    let run = doctor_text(
        "config.toml",
        &format!("{BASE}[[vendors]]\nvendor = \"samsung\"\nbusiness_id = 1\n"),
        None,
    );
    assert_eq!(run.code, 1);
    let line = finding(&run, "vendor_not_linked");
    assert!(line.starts_with("error: samsung"), "{line}");
    assert!(
        line.contains("linked: apns, fcm, xiaomi, huawei, honor, meizu, oppo, vivo"),
        "{line}"
    );
}

#[test]
fn duplicate_vendors_are_an_error() {
    let entry =
        "[[vendors]]\nvendor = \"meizu\"\nbusiness_id = 1\napp_id = \"a\"\napp_key = \"k\"\n";
    let run = doctor_text(
        "config.toml",
        &format!(
            "{BASE}{entry}{}",
            entry.replace("business_id = 1", "business_id = 2")
        ),
        None,
    );
    assert_eq!(run.code, 1);
    let line = finding(&run, "duplicate_vendor");
    assert!(line.starts_with("error: meizu"), "{line}");
    assert!(line.contains("vendors[0], vendors[1]"), "{line}");
}

#[test]
fn two_vendors_with_one_business_id_are_an_error() {
    let run = doctor_text(
        "config.toml",
        &format!("{BASE}[[vendors]]\nvendor = \"huawei\"\nbusiness_id = 7\n[[vendors]]\nvendor = \"honor\"\nbusiness_id = 7\napp_id = \"a\"\n"),
        None,
    );
    assert_eq!(run.code, 1);
    let line = finding(&run, "shared_business_id");
    assert!(line.starts_with("error: huawei, honor"), "{line}");
    assert!(line.contains("business_id 7"), "{line}");
}

#[test]
fn every_finding_is_reported_not_only_the_first() {
    let run = pushlane(&["doctor", &fixture("everything_wrong.toml")]);
    assert_eq!(run.code, 1);
    for code in [
        "unknown_key",
        "missing_field",
        "business_id_zero",
        "empty_field",
        "vendor_not_linked",
        "invalid_value",
        "duplicate_vendor",
        "shared_business_id",
        "oppo_channel_missing",
        "fcm_in_china_edition",
        "launcher_class_missing",
        "oppo_badge_privilege",
        "vivo_store_listing",
    ] {
        finding(&run, code);
    }
    assert!(
        run.stdout.contains("10 errors, 3 warnings"),
        "{}",
        run.stdout
    );
    // The wrong type names its field.
    assert!(
        finding(&run, "invalid_value").contains("field business_id"),
        "{}",
        run.stdout
    );
}

#[test]
fn invalid_top_level_values_are_errors() {
    let run = doctor_text(
        "config.toml",
        &format!("edition = \"mainland\"\nupload_delay_ms = \"5s\"\n{BASE}[[vendors]]\nvendor = \"apns\"\nbusiness_id = 1\n"),
        None,
    );
    assert_eq!(run.code, 1);
    let invalid: Vec<String> = findings(&run)
        .into_iter()
        .filter(|l| l.ends_with("[invalid_value]"))
        .collect();
    assert_eq!(invalid.len(), 2, "{}", run.stdout);
    assert!(invalid.iter().any(|l| l.starts_with("error: edition")));
    assert!(invalid
        .iter()
        .any(|l| l.starts_with("error: upload_delay_ms")));
}

#[test]
fn no_vendor_is_a_warning() {
    let run = doctor_text("config.toml", BASE, None);
    assert_eq!(run.code, 0);
    assert!(finding(&run, "no_vendors").starts_with("warning: vendors"));
}

#[test]
fn toml_syntax_error_exits_2_naming_file_and_line() {
    let path = fixture("syntax_error.toml");
    let run = pushlane(&["doctor", &path]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&path), "{}", run.stderr);
    assert!(
        run.stderr.contains("TOML syntax error at line 2"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn json_syntax_error_and_unreadable_file_exit_2() {
    let run = doctor_text(
        "config.json",
        "{\"edition\": \"china\",\n \"vendors\": [}",
        None,
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("config.json"), "{}", run.stderr);
    assert!(
        run.stderr.contains("JSON syntax error at line 2"),
        "{}",
        run.stderr
    );
    let run = pushlane(&["doctor", "/nonexistent/config.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("/nonexistent/config.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn device_whose_family_is_not_configured_gets_local_only() {
    let run = pushlane(&[
        "doctor",
        &fixture("huawei_no_launcher.toml"),
        "--device",
        &fixture("redmi_note_12.toml"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("local would serve this device (reason family_not_configured"),
        "{}",
        run.stdout
    );
    let line = finding(&run, "family_not_configured");
    assert!(line.starts_with("error: device Xiaomi"), "{line}");
    assert!(line.contains("xiaomi"), "{line}");
}

#[test]
fn device_served_by_its_vendor_with_the_badge_it_gets() {
    let run = pushlane(&[
        "doctor",
        &fixture("clean.toml"),
        "--device",
        &fixture("honor_magic.toml"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("honor would serve this device (reason manufacturer"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("content://com.hihonor.android.launcher.settings/badge/"),
        "{}",
        run.stdout
    );
}

#[test]
fn device_in_a_badge_family_without_launcher_class() {
    let run = doctor_text(
        "config.toml",
        "edition = \"china\"\n[[vendors]]\nvendor = \"vivo\"\nbusiness_id = 1\napp_id = \"a\"\napp_key = \"k\"\n",
        Some(&fixture("scenario_device.toml")),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("vivo would serve this device"),
        "{}",
        run.stdout
    );
    // The config-level finding names the first missing field; the device line says none.
    assert!(finding(&run, "package_name_missing").starts_with("warning: package_name"));
    assert!(
        run.stdout.contains("none (config_missing)"),
        "{}",
        run.stdout
    );
}

#[test]
fn oppo_device_without_badge_enabled() {
    let run = pushlane(&[
        "doctor",
        &fixture("clean.toml"),
        "--device",
        &fixture("oppo_a72.toml"),
    ]);
    assert_eq!(run.code, 0);
    let device_line = findings(&run)
        .into_iter()
        .find(|l| l.starts_with("warning: device OPPO") && l.ends_with("[oppo_badge_off]"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(device_line.contains("badge_enabled"), "{device_line}");
}

#[test]
fn fcm_device_without_its_family_vendor_has_no_fallback() {
    let run = doctor_text(
        "config.toml",
        &format!("{BASE}[[vendors]]\nvendor = \"fcm\"\nbusiness_id = 1\n"),
        Some(&fixture("huawei_gms.json")),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("fcm would serve this device (reason gms_available"),
        "{}",
        run.stdout
    );
    let line = finding(&run, "no_fallback");
    assert!(
        line.starts_with("warning: device HUAWEI") && line.contains("huawei"),
        "{line}"
    );
}

#[test]
fn uncertified_device_has_no_family() {
    let run = pushlane(&[
        "doctor",
        &fixture("clean.toml"),
        "--device",
        &fixture("tecno.toml"),
    ]);
    assert_eq!(run.code, 0);
    assert!(finding(&run, "no_family").starts_with("warning: device TECNO MOBILE LIMITED"));
}

#[test]
fn with_errors_the_device_answer_uses_the_valid_parts() {
    let run = doctor_text(
        "config.toml",
        &format!("{BASE}[[vendors]]\nvendor = \"xiaomi\"\nbusiness_id = 1\napp_id = \"a\"\n[[vendors]]\nvendor = \"huawei\"\nbusiness_id = 2\n"),
        Some(&fixture("huawei_gms.json")),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("the engine refuses this config as it is"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("huawei would serve this device"),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_device_file_exits_2() {
    let path = fixture("bad_key_device.toml");
    let run = pushlane(&["doctor", &fixture("clean.toml"), "--device", &path]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&path), "{}", run.stderr);
    assert!(run.stderr.contains("brnad"), "{}", run.stderr);
}

#[test]
fn a_mistyped_credential_is_named_and_never_shown() {
    let run = doctor_text(
        "config.toml",
        "edition = \"china\"\n[[vendors]]\nvendor = \"oppo\"\nbusiness_id = 10002\n\
         app_key = [\"s3cr3t-key\"]\napp_secret = 987654321\nchannel_id = \"im\"\n",
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(!run.stdout.contains("s3cr3t"), "{}", run.stdout);
    assert!(!run.stdout.contains("987654321"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "error: oppo (vendors[0]): field app_secret: invalid type: integer, expected a string [invalid_value]"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "error: oppo (vendors[0]): field app_key: invalid type: sequence, expected a string [invalid_value]"
        ),
        "{}",
        run.stdout
    );
}
