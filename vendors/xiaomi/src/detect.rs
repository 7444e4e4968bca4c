//! Family rule (vendors.md §1): manufacturer `xiaomi` or `blackshark`, or a MIUI / HyperOS
//! version property.

use pushlane_plugin::{Detection, DeviceInfo};

/// MIUI version name, e.g. `V130`; HyperOS keeps reporting one (`V816`).
pub(crate) const MIUI_VERSION: &str = "ro.miui.ui.version.name";
/// HyperOS version name, e.g. `OS2.0`.
pub(crate) const HYPEROS_VERSION: &str = "ro.mi.os.version.name";

pub(crate) fn family(device: &DeviceInfo) -> Option<Detection> {
    if !device.is_android() {
        return None;
    }
    if device.manufacturer_is(&["xiaomi", "blackshark"]) {
        return Some(Detection::new(
            "manufacturer",
            "manufacturer xiaomi/blackshark",
        ));
    }
    if device.prop(MIUI_VERSION).is_some() {
        return Some(Detection::new("rom_property", MIUI_VERSION));
    }
    if device.prop(HYPEROS_VERSION).is_some() {
        return Some(Detection::new("rom_property", HYPEROS_VERSION));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redmi_on_miui_v140_is_xiaomi_by_manufacturer() {
        let redmi = DeviceInfo::android("Xiaomi")
            .with_brand("Redmi")
            .with_prop(MIUI_VERSION, "V140");
        assert_eq!(family(&redmi).unwrap().reason, "manufacturer");
    }

    #[test]
    fn xiaomi_on_hyperos_is_xiaomi() {
        let phone = DeviceInfo::android("Xiaomi")
            .with_prop(MIUI_VERSION, "V816")
            .with_prop(HYPEROS_VERSION, "OS2.0");
        assert!(family(&phone).is_some());
    }

    #[test]
    fn black_shark_is_xiaomi() {
        let phone = DeviceInfo::android(" blackshark ").with_prop(MIUI_VERSION, "V130");
        assert_eq!(family(&phone).unwrap().reason, "manufacturer");
    }

    #[test]
    fn rom_property_alone_decides_for_a_rebadged_phone() {
        let phone = DeviceInfo::android("SomeODM").with_prop(HYPEROS_VERSION, "OS1.0");
        assert_eq!(family(&phone).unwrap().reason, "rom_property");
        let empty = DeviceInfo::android("SomeODM").with_prop(MIUI_VERSION, " ");
        assert!(family(&empty).is_none(), "an empty property is not set");
    }

    #[test]
    fn others_are_not_xiaomi() {
        assert!(family(&DeviceInfo::android("Google").with_gms(true)).is_none());
        assert!(family(&DeviceInfo::android("TECNO MOBILE LIMITED")).is_none());
        assert!(family(&DeviceInfo::ios()).is_none());
    }
}
