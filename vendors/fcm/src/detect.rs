//! Preference rule (vendors.md §1 step 2): Android, edition `international`, `use_fcm` and
//! Google services usable → FCM, even on a Xiaomi or Huawei phone. The China edition never
//! uses FCM.

use pushlane_plugin::{Detection, DeviceInfo, Edition, PluginConfig};

pub(crate) fn preferred(device: &DeviceInfo, config: &PluginConfig) -> Option<Detection> {
    let wanted = device.is_android()
        && config.edition == Edition::International
        && config.use_fcm
        && device.gms;
    wanted.then_some(Detection::new(
        "gms_available",
        "gms usable, edition international, use_fcm",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn international() -> PluginConfig {
        PluginConfig::default()
    }

    fn china() -> PluginConfig {
        PluginConfig {
            edition: Edition::China,
            ..PluginConfig::default()
        }
    }

    #[test]
    fn pixel_with_gms_prefers_fcm() {
        let pixel = DeviceInfo::android("Google").with_gms(true);
        assert_eq!(
            preferred(&pixel, &international()).unwrap().reason,
            "gms_available"
        );
    }

    #[test]
    fn huawei_with_gms_prefers_fcm_only_in_the_international_edition() {
        let phone = DeviceInfo::android("HUAWEI")
            .with_prop("ro.build.version.emui", "EmotionUI_10.0.1")
            .with_gms(true);
        assert_eq!(
            preferred(&phone, &international()).unwrap().reason,
            "gms_available"
        );
        assert!(preferred(&phone, &china()).is_none());
        let redmi = DeviceInfo::android("Xiaomi")
            .with_brand("Redmi")
            .with_prop("ro.miui.ui.version.name", "V130")
            .with_gms(true);
        assert!(preferred(&redmi, &international()).is_some());
        assert!(preferred(&redmi, &china()).is_none());
    }

    #[test]
    fn use_fcm_false_is_never_preferred() {
        let config = PluginConfig {
            use_fcm: false,
            ..PluginConfig::default()
        };
        assert!(preferred(&DeviceInfo::android("Google").with_gms(true), &config).is_none());
    }

    #[test]
    fn use_fcm_defaults_to_true_in_parsed_config() {
        let config = PluginConfig::from_toml_str("edition = \"international\"").unwrap();
        assert!(preferred(&DeviceInfo::android("Google").with_gms(true), &config).is_some());
        let off = PluginConfig::from_toml_str("use_fcm = false").unwrap();
        assert!(preferred(&DeviceInfo::android("Google").with_gms(true), &off).is_none());
    }

    #[test]
    fn without_gms_or_on_ios_fcm_is_not_preferred() {
        let phones = [
            DeviceInfo::android("Google"),
            DeviceInfo::android("HONOR").with_honor_push(true),
            DeviceInfo::android("TECNO MOBILE LIMITED"),
            DeviceInfo::android("samsung"),
            DeviceInfo::ios().with_gms(true),
        ];
        for phone in phones {
            assert!(preferred(&phone, &international()).is_none(), "{phone:?}");
        }
    }

    #[test]
    fn uncertified_phones_with_gms_still_prefer_fcm() {
        for maker in ["TECNO MOBILE LIMITED", "samsung"] {
            let phone = DeviceInfo::android(maker).with_gms(true);
            assert!(preferred(&phone, &international()).is_some(), "{maker}");
        }
    }
}
