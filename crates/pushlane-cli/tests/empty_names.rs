//! `pushlane simulate` refuses empty names before running (issue 10 §4): exit 2, the file, the
//! step or key, and what was expected.

mod common;
use common::pushlane;

fn refused(scenario: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("empty.toml");
    std::fs::write(&file, scenario).unwrap();
    let run = pushlane(&["simulate", file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("empty.toml"), "{}", run.stderr);
    run.stderr
}

#[test]
fn an_empty_user_id_is_refused_naming_the_step() {
    let err = refused(
        r#"
[device]
platform = "android"
manufacturer = "Xiaomi"

[[step]]
at_ms = 0
input = "sdk_initialized"

[[step]]
at_ms = 100
input = "login"
user_id = ""
"#,
    );
    assert!(err.contains("step 2"), "{err}");
    assert!(err.contains("`user_id` is empty"), "{err}");
}

#[test]
fn an_empty_vendor_on_a_token_is_refused() {
    let err = refused(
        r#"
[device]
platform = "android"
manufacturer = "Xiaomi"

[[step]]
at_ms = 0
input = "vendor_token"
token = "mi-token-1"
vendor = ""
"#,
    );
    assert!(err.contains("step 1"), "{err}");
    assert!(err.contains("`vendor` is empty"), "{err}");
}

#[test]
fn an_empty_manufacturer_is_refused() {
    let err = refused(
        r#"
[device]
platform = "android"
manufacturer = " "

[[step]]
at_ms = 0
input = "sdk_initialized"
"#,
    );
    assert!(err.contains("manufacturer"), "{err}");
    assert!(err.contains("Build.MANUFACTURER"), "{err}");
}
