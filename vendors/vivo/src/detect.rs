//! Family rule (vendors.md §1): manufacturer `vivo` or `iqoo`, or the vivo OS version property.
//! The brand decides nothing: an overseas iQOO reports manufacturer `vivo`, brand `iQOO`.

use pushlane_plugin::{Detection, DeviceInfo};

/// vivo's OS version (Funtouch OS / OriginOS), e.g. `13.0`.
pub(crate) const VIVO_OS_VERSION: &str = "ro.vivo.os.version";

pub(crate) fn family(device: &DeviceInfo) -> Option<Detection> {
    if !device.is_android() {
        return None;
    }
    if device.manufacturer_is(&["vivo", "iqoo"]) {
        return Some(Detection::new("manufacturer", "manufacturer vivo/iqoo"));
    }
    if device.prop(VIVO_OS_VERSION).is_some() {
        return Some(Detection::new("rom_property", VIVO_OS_VERSION));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vivo_and_iqoo_are_vivo_by_manufacturer() {
        for manufacturer in ["vivo", "VIVO", "iQOO", " iqoo "] {
            let phone = DeviceInfo::android(manufacturer);
            assert_eq!(
                family(&phone).unwrap().reason,
                "manufacturer",
                "{manufacturer}"
            );
        }
    }

    #[test]
    fn overseas_iqoo_reports_manufacturer_vivo_brand_iqoo() {
        let iqoo = DeviceInfo::android("vivo").with_brand("iQOO");
        assert_eq!(family(&iqoo).unwrap().reason, "manufacturer");
    }

    #[test]
    fn a_phone_found_only_by_its_vivo_os_property() {
        let phone = DeviceInfo::android("SomeODM").with_prop(VIVO_OS_VERSION, "13.0");
        let detection = family(&phone).unwrap();
        assert_eq!(detection.reason, "rom_property");
        assert_eq!(detection.detail, VIVO_OS_VERSION);
        let empty = DeviceInfo::android("SomeODM").with_prop(VIVO_OS_VERSION, "");
        assert!(family(&empty).is_none(), "an empty property is not set");
    }

    #[test]
    fn others_are_not_vivo() {
        assert!(family(&DeviceInfo::android("TECNO MOBILE LIMITED")).is_none());
        assert!(family(&DeviceInfo::android("samsung")).is_none());
        assert!(family(&DeviceInfo::android("OPPO")).is_none());
        assert!(family(&DeviceInfo::android("Google").with_gms(true)).is_none());
        assert!(family(&DeviceInfo::ios()).is_none());
        // Brand decides nothing.
        assert!(family(&DeviceInfo::android("SomeODM").with_brand("iQOO")).is_none());
    }
}
