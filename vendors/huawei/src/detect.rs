//! Family rule (vendors.md §1): manufacturer `huawei`; or manufacturer `honor` without the
//! Honor push service (an Honor phone of the Huawei era, which runs HMS); or, for any other
//! manufacturer, the EMUI version property.
//!
//! `huawei` (order 40) is asked before `honor` (order 50), so an Honor phone with Honor push
//! must not match here even though post-split MagicOS still reports `ro.build.version.emui`.

use pushlane_plugin::{Detection, DeviceInfo};

/// EMUI version, e.g. `EmotionUI_10.0.1`; post-split Honor phones report `MagicOS_7.1.0`.
pub(crate) const EMUI_VERSION: &str = "ro.build.version.emui";

pub(crate) fn family(device: &DeviceInfo) -> Option<Detection> {
    if !device.is_android() {
        return None;
    }
    if device.manufacturer_is(&["huawei"]) {
        return Some(Detection::new("manufacturer", "manufacturer huawei"));
    }
    if device.manufacturer_is(&["honor"]) {
        // With Honor push the device is `honor`'s, whatever its ROM properties say.
        return (!device.honor_push).then_some(Detection::new(
            "manufacturer",
            "manufacturer honor without honor push",
        ));
    }
    if device.prop(EMUI_VERSION).is_some() {
        return Some(Detection::new("rom_property", EMUI_VERSION));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn honor_x30() -> DeviceInfo {
        DeviceInfo::android("HONOR")
            .with_brand("HONOR")
            .with_prop(EMUI_VERSION, "MagicOS_7.1.0")
    }

    #[test]
    fn huawei_era_honor_v30_is_huawei_by_manufacturer() {
        let v30 = DeviceInfo::android("HUAWEI")
            .with_brand("HONOR")
            .with_prop(EMUI_VERSION, "EmotionUI_10.0.1");
        let detection = family(&v30).unwrap();
        assert_eq!(detection.reason, "manufacturer");
        assert_eq!(detection.detail, "manufacturer huawei");
    }

    #[test]
    fn huawei_phones_are_huawei_with_or_without_gms() {
        for phone in [
            DeviceInfo::android("HUAWEI").with_prop(EMUI_VERSION, "EmotionUI_14.0.0"),
            DeviceInfo::android(" huawei ").with_gms(true),
        ] {
            assert_eq!(family(&phone).unwrap().reason, "manufacturer", "{phone:?}");
        }
    }

    #[test]
    fn post_split_honor_x30_is_huawei_only_without_honor_push() {
        let without = family(&honor_x30()).unwrap();
        assert_eq!(without.reason, "manufacturer");
        assert_eq!(without.detail, "manufacturer honor without honor push");
        assert!(family(&honor_x30().with_honor_push(true)).is_none());
    }

    #[test]
    fn honor_magic_is_huawei_only_without_honor_push() {
        let magic = DeviceInfo::android("HONOR")
            .with_brand("HONOR")
            .with_api(34);
        assert!(family(&magic.clone().with_honor_push(true)).is_none());
        assert_eq!(family(&magic).unwrap().reason, "manufacturer");
    }

    #[test]
    fn emui_property_decides_for_other_manufacturers() {
        let rebadged = DeviceInfo::android("SomeODM").with_prop(EMUI_VERSION, "EmotionUI_9.1.0");
        let detection = family(&rebadged).unwrap();
        assert_eq!(detection.reason, "rom_property");
        assert_eq!(detection.detail, EMUI_VERSION);
        let empty = DeviceInfo::android("SomeODM").with_prop(EMUI_VERSION, " ");
        assert!(family(&empty).is_none(), "an empty property is not set");
    }

    #[test]
    fn others_are_not_huawei() {
        let phones = [
            DeviceInfo::android("Google").with_gms(true),
            DeviceInfo::android("TECNO MOBILE LIMITED"),
            DeviceInfo::android("samsung").with_gms(true),
            DeviceInfo::android("Xiaomi").with_prop("ro.miui.ui.version.name", "V130"),
            DeviceInfo::ios(),
            DeviceInfo {
                manufacturer: "HUAWEI".to_string(),
                ..DeviceInfo::ios()
            },
        ];
        for phone in phones {
            assert!(family(&phone).is_none(), "{phone:?}");
        }
    }
}
