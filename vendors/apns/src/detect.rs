//! Family rule (vendors.md §1 step 1): every iOS device is served by APNs, whatever else it
//! reports; Android devices never are.

use pushlane_plugin::{Detection, DeviceInfo};

pub(crate) fn family(device: &DeviceInfo) -> Option<Detection> {
    device
        .is_ios()
        .then_some(Detection::new("platform", "platform ios"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ios_is_apns_by_platform() {
        let detection = family(&DeviceInfo::ios()).unwrap();
        assert_eq!(detection.reason, "platform");
        let odd = DeviceInfo {
            manufacturer: "HUAWEI".to_string(),
            ..DeviceInfo::ios()
        }
        .with_gms(true);
        assert_eq!(family(&odd).unwrap().reason, "platform");
    }

    #[test]
    fn android_phones_are_not_apns() {
        let phones = [
            DeviceInfo::android("Google").with_gms(true),
            DeviceInfo::android("HUAWEI")
                .with_brand("HONOR")
                .with_prop("ro.build.version.emui", "EmotionUI_10.0.1"),
            DeviceInfo::android("HONOR").with_honor_push(true),
            DeviceInfo::android("TECNO MOBILE LIMITED"),
            DeviceInfo::android("samsung"),
            DeviceInfo::android("Apple"),
        ];
        for phone in phones {
            assert!(family(&phone).is_none(), "{phone:?}");
        }
    }
}
