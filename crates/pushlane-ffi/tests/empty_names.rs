//! The bindings refuse empty names with an error that says which one (issue 10 §4).

use pushlane_ffi::{Machine, PushlaneError};

const CONFIG: &str = r#"
edition = "china"
[[vendors]]
vendor = "xiaomi"
business_id = 10001
app_id = "2882303761517000000"
app_key = "5731700000000"
"#;

fn machine() -> Machine {
    Machine::new(
        CONFIG.into(),
        r#"{"platform":"android","manufacturer":"Xiaomi"}"#.into(),
        None,
    )
    .unwrap()
}

#[test]
fn an_empty_manufacturer_is_a_device_error_naming_the_key() {
    let err = Machine::new(
        CONFIG.into(),
        r#"{"platform":"android","manufacturer":""}"#.into(),
        None,
    )
    .err()
    .expect("refused");
    assert!(matches!(err, PushlaneError::Device(_)), "{err:?}");
    assert!(err.to_string().contains("manufacturer"), "{err}");
}

#[test]
fn an_empty_user_id_vendor_or_source_is_an_input_error_naming_the_field() {
    let m = machine();
    for (input, field) in [
        (r#"{"type":"login","user_id":""}"#, "user_id"),
        (
            r#"{"type":"vendor_token","token":"mi-token-1","vendor":""}"#,
            "vendor",
        ),
        (
            r#"{"type":"notification_clicked","source":"","payload":{}}"#,
            "source",
        ),
    ] {
        let err = m.handle(0, input.into()).expect_err(input);
        assert!(matches!(err, PushlaneError::Input(_)), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains(&format!("`{field}` is empty")),
            "{input}: {text}"
        );
    }
}
