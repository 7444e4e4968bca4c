//! Family rule (vendors.md §1): manufacturer `honor` with the Honor push service
//! (`HonorPushClient.checkSupportHonorPush()`, reported as `honor_push`). Honor phones without
//! it, and Honor phones of the Huawei era (manufacturer `HUAWEI`), belong to `huawei`.

use pushlane_plugin::{Detection, DeviceInfo};

pub(crate) fn family(device: &DeviceInfo) -> Option<Detection> {
    (device.is_android() && device.manufacturer_is(&["honor"]) && device.honor_push).then_some(
        Detection::new("manufacturer", "manufacturer honor with honor push"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMUI_VERSION: &str = "ro.build.version.emui";

    #[test]
    fn honor_magic_is_honor_only_with_honor_push() {
        let magic = DeviceInfo::android("HONOR")
            .with_brand("HONOR")
            .with_api(34);
        let detection = family(&magic.clone().with_honor_push(true)).unwrap();
        assert_eq!(detection.reason, "manufacturer");
        assert_eq!(detection.detail, "manufacturer honor with honor push");
        assert!(family(&magic).is_none());
    }

    #[test]
    fn post_split_honor_x30_is_honor_only_with_honor_push() {
        let x30 = DeviceInfo::android("HONOR").with_prop(EMUI_VERSION, "MagicOS_7.1.0");
        assert_eq!(
            family(&x30.clone().with_honor_push(true)).unwrap().reason,
            "manufacturer"
        );
        assert!(family(&x30).is_none());
        let spaced = DeviceInfo::android(" Honor ").with_honor_push(true);
        assert!(family(&spaced).is_some());
    }

    #[test]
    fn huawei_era_honor_v30_is_not_honor() {
        let v30 = DeviceInfo::android("HUAWEI")
            .with_brand("HONOR")
            .with_prop(EMUI_VERSION, "EmotionUI_10.0.1");
        assert!(family(&v30).is_none());
        assert!(
            family(&v30.with_honor_push(true)).is_none(),
            "brand decides nothing"
        );
    }

    #[test]
    fn others_are_not_honor() {
        let phones = [
            DeviceInfo::android("HUAWEI").with_gms(true),
            DeviceInfo::android("Google").with_gms(true),
            DeviceInfo::android("TECNO MOBILE LIMITED").with_honor_push(true),
            DeviceInfo::android("samsung"),
            DeviceInfo {
                manufacturer: "HONOR".to_string(),
                ..DeviceInfo::ios()
            }
            .with_honor_push(true),
        ];
        for phone in phones {
            assert!(family(&phone).is_none(), "{phone:?}");
        }
    }
}
