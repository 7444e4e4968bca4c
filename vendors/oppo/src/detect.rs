//! Family rule (vendors.md §1): manufacturer `oppo`, `oneplus` or `realme`, or a ColorOS
//! version property (`opporom`; ColorOS 12 and later carry only `oplusrom`).

use pushlane_plugin::{Detection, DeviceInfo};

/// ColorOS version before ColorOS 12, e.g. `V7.1`.
pub(crate) const OPPOROM: &str = "ro.build.version.opporom";
/// ColorOS version from ColorOS 12 on (the only one those releases carry), e.g. `V12.1`.
pub(crate) const OPLUSROM: &str = "ro.build.version.oplusrom";

pub(crate) fn family(device: &DeviceInfo) -> Option<Detection> {
    if !device.is_android() {
        return None;
    }
    if device.manufacturer_is(&["oppo", "oneplus", "realme"]) {
        return Some(Detection::new(
            "manufacturer",
            "manufacturer oppo/oneplus/realme",
        ));
    }
    [OPPOROM, OPLUSROM]
        .into_iter()
        .find(|key| device.prop(key).is_some())
        .map(|key| Detection::new("rom_property", key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oppo_oneplus_and_realme_are_oppo_by_manufacturer() {
        for manufacturer in ["OPPO", "OnePlus", "realme", " oneplus "] {
            let phone = DeviceInfo::android(manufacturer);
            assert_eq!(
                family(&phone).unwrap().reason,
                "manufacturer",
                "{manufacturer}"
            );
        }
        let realme = DeviceInfo::android("realme")
            .with_brand("realme")
            .with_prop(OPPOROM, "V7.1");
        assert_eq!(family(&realme).unwrap().reason, "manufacturer");
    }

    #[test]
    fn oppo_a72_on_coloros_12_1_is_found_by_oplusrom_alone() {
        let a72 = DeviceInfo::android("ODM_COMPANY")
            .with_brand("OPPO")
            .with_prop(OPLUSROM, "V12.1");
        let detection = family(&a72).unwrap();
        assert_eq!(detection.reason, "rom_property");
        assert_eq!(detection.detail, OPLUSROM);
    }

    #[test]
    fn older_coloros_is_found_by_opporom() {
        let phone = DeviceInfo::android("SomeODM").with_prop(OPPOROM, "V7.1");
        let detection = family(&phone).unwrap();
        assert_eq!(detection.reason, "rom_property");
        assert_eq!(detection.detail, OPPOROM);
    }

    #[test]
    fn an_empty_property_is_not_set() {
        let phone = DeviceInfo::android("SomeODM")
            .with_prop(OPPOROM, "")
            .with_prop(OPLUSROM, " ");
        assert!(family(&phone).is_none());
    }

    #[test]
    fn others_are_not_oppo() {
        assert!(family(&DeviceInfo::android("TECNO MOBILE LIMITED")).is_none());
        assert!(family(&DeviceInfo::android("samsung")).is_none());
        assert!(family(&DeviceInfo::android("Google").with_gms(true)).is_none());
        assert!(family(&DeviceInfo::android("vivo").with_brand("iQOO")).is_none());
        assert!(family(&DeviceInfo::ios()).is_none());
        // Brand decides nothing.
        assert!(family(&DeviceInfo::android("SomeODM").with_brand("OPPO")).is_none());
    }
}
