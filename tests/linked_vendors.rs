//! Which vendors are linked, and what happens when the config names one that is not.
//! CI also runs this file with `--no-default-features --features xiaomi`.

use pushlane::{DeviceInfo, PersistedState, PluginConfig, PluginError};

const XIAOMI_AND_HUAWEI: &str = r#"
[[vendors]]
vendor = "xiaomi"
business_id = 1
app_id = "a"
app_key = "k"
[[vendors]]
vendor = "huawei"
business_id = 2
"#;

fn expected_linked() -> Vec<&'static str> {
    let all = [
        ("apns", cfg!(feature = "apns")),
        ("fcm", cfg!(feature = "fcm")),
        ("xiaomi", cfg!(feature = "xiaomi")),
        ("huawei", cfg!(feature = "huawei")),
        ("honor", cfg!(feature = "honor")),
        ("meizu", cfg!(feature = "meizu")),
        ("oppo", cfg!(feature = "oppo")),
        ("vivo", cfg!(feature = "vivo")),
    ];
    all.iter().filter(|(_, on)| *on).map(|(n, _)| *n).collect()
}

#[test]
fn link_vendors_registers_exactly_the_enabled_features_in_fixed_order() {
    let linked: Vec<&str> = pushlane::linked_vendors()
        .expect("every linked vendor is registered")
        .iter()
        .map(|p| p.name())
        .collect();
    assert_eq!(linked, expected_linked());
    assert_eq!(
        pushlane::plugin::registry::registered_names(),
        expected_linked()
    );
}

#[test]
fn config_naming_an_unlinked_vendor_fails_naming_it_and_the_linked_ones() {
    let result = pushlane::parse_config_toml(XIAOMI_AND_HUAWEI);
    if cfg!(feature = "huawei") && cfg!(feature = "xiaomi") {
        assert!(result.is_ok());
        return;
    }
    let err = result.unwrap_err();
    assert!(matches!(err, PluginError::NotLinked { ref vendor, .. } if vendor == "huawei"));
    let message = err.to_string();
    assert!(message.contains("`huawei`"), "{message}");
    assert!(
        message.contains(&format!("(linked: {})", expected_linked().join(", "))),
        "{message}"
    );
}

#[test]
fn engine_refuses_a_config_vendor_without_a_plugin() {
    // A config built in code can name a vendor the plugin list lacks: building must fail.
    let config = pushlane::parse_config_toml(
        "[[vendors]]\nvendor = \"xiaomi\"\nbusiness_id = 1\napp_id = \"a\"\napp_key = \"k\"\n",
    );
    let Ok(config) = config else {
        return; // xiaomi not linked in this build
    };
    let err = pushlane::Machine::with_plugins(
        Vec::new(),
        config,
        DeviceInfo::android("Xiaomi"),
        PersistedState::default(),
    )
    .err()
    .expect("no plugins: must fail");
    assert_eq!(
        err.to_string(),
        "config names vendor `xiaomi`, which is not linked into this build (linked: none)"
    );
    let _ = PluginConfig::default();
}
