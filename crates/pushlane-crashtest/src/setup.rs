//! What child and parent agree on: the plugin config, the devices a run may use, the users.

use pushlane::{DeviceInfo, PluginConfig, VendorConfig};

/// One config for every device: the international edition with FCM and the vendors of the
/// devices below (each device's own vendor decides; FCM where Google services are usable).
pub const CONFIG: &str = r#"
edition = "international"
package_name = "com.example.chat"
launcher_class = "com.example.chat.MainActivity"

[[vendors]]
vendor = "fcm"
business_id = 20001

[[vendors]]
vendor = "xiaomi"
business_id = 10001
app_id = "2882303761517000000"
app_key = "5731700000000"

[[vendors]]
vendor = "huawei"
business_id = 40001
app_id = "101234567"

[[vendors]]
vendor = "honor"
business_id = 50001
app_id = "104400000"

[[vendors]]
vendor = "apns"
business_id = 30001
"#;

/// The devices a run may use, by name, with the vendor that serves each at start.
pub const DEVICES: [(&str, &str); 5] = [
    ("xiaomi", "xiaomi"),
    // FCM first; a `vendor_error` falls back to the Xiaomi family's vendor.
    ("xiaomi-gms", "fcm"),
    ("huawei", "huawei"),
    ("honor", "honor"),
    ("iphone", "apns"),
];

/// The users a session logs in as.
pub const USERS: [&str; 2] = ["alice", "bob"];

/// The device of this name.
pub fn device(name: &str) -> Option<DeviceInfo> {
    Some(match name {
        "xiaomi" => DeviceInfo::android("Xiaomi")
            .with_prop("ro.miui.ui.version.name", "V140")
            .with_api(34),
        "xiaomi-gms" => DeviceInfo::android("Xiaomi")
            .with_prop("ro.miui.ui.version.name", "V140")
            .with_gms(true)
            .with_api(34),
        "huawei" => DeviceInfo::android("HUAWEI")
            .with_prop("ro.build.version.emui", "EmotionUI_12.0.0")
            .with_api(31),
        "honor" => DeviceInfo::android("HONOR")
            .with_honor_push(true)
            .with_api(33),
        "iphone" => DeviceInfo::ios(),
        _ => return None,
    })
}

/// The vendor that serves the device of this name at start.
pub fn primary_vendor(name: &str) -> Option<&'static str> {
    DEVICES.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// The plugin config ([`CONFIG`]) over the vendors linked into this build.
pub fn plugin_config() -> Result<PluginConfig, String> {
    pushlane::parse_config_toml(CONFIG).map_err(|e| format!("the harness config: {e}"))
}

/// The business id [`CONFIG`] gives this vendor.
pub fn business_id(config: &PluginConfig, vendor: &str) -> Option<u32> {
    config.vendor(vendor).map(VendorConfig::business_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_device_is_served_by_its_vendor() {
        for (name, vendor) in DEVICES {
            let config = plugin_config().unwrap();
            assert!(business_id(&config, vendor).is_some());
            let mut machine = pushlane::machine(
                config,
                device(name).unwrap(),
                pushlane::PersistedState::default(),
            )
            .unwrap();
            machine.handle_input(0, pushlane::Input::SdkInitialized);
            machine.handle_input(0, pushlane::Input::PluginInit);
            assert_eq!(machine.status().vendor.as_deref(), Some(vendor), "{name}");
        }
        assert!(device("nokia").is_none());
    }
}
