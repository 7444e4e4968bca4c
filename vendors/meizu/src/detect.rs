//! Family rule (vendors.md §1): manufacturer `meizu`, or a build display id that names Flyme
//! (in any case), which also finds Flyme running on other makers' phones.

use pushlane_plugin::{Detection, DeviceInfo};

/// The build's display id; Flyme reports e.g. `Flyme 8.1.8.0A`.
pub(crate) const DISPLAY_ID: &str = "ro.build.display.id";

pub(crate) fn family(device: &DeviceInfo) -> Option<Detection> {
    if !device.is_android() {
        return None;
    }
    if device.manufacturer_is(&["meizu"]) {
        return Some(Detection::new("manufacturer", "manufacturer meizu"));
    }
    let flyme = device
        .prop(DISPLAY_ID)
        .is_some_and(|id| id.to_lowercase().contains("flyme"));
    flyme.then(|| Detection::new("rom_property", "ro.build.display.id contains flyme"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meizu_16s_is_meizu_by_manufacturer() {
        let phone = DeviceInfo::android("meizu").with_prop(DISPLAY_ID, "Flyme 8.1.8.0A");
        assert_eq!(family(&phone).unwrap().reason, "manufacturer");
        assert_eq!(
            family(&DeviceInfo::android(" Meizu ")).unwrap().reason,
            "manufacturer"
        );
    }

    #[test]
    fn flyme_property_alone_decides_in_any_case() {
        for id in [
            "Flyme 8.1.8.0A",
            "FLYME 9.2.3.0A",
            "flyme_os_10",
            "Meizu16s-Flyme 7",
        ] {
            let phone = DeviceInfo::android("SomeODM").with_prop(DISPLAY_ID, id);
            let detection = family(&phone).unwrap();
            assert_eq!(detection.reason, "rom_property", "{id}");
        }
    }

    #[test]
    fn a_display_id_without_flyme_decides_nothing() {
        let samsung = DeviceInfo::android("samsung").with_prop(DISPLAY_ID, "TP1A.220624.014");
        assert!(family(&samsung).is_none());
        let empty = DeviceInfo::android("SomeODM").with_prop(DISPLAY_ID, "");
        assert!(family(&empty).is_none());
    }

    #[test]
    fn others_are_not_meizu() {
        assert!(family(&DeviceInfo::android("TECNO MOBILE LIMITED")).is_none());
        assert!(family(&DeviceInfo::android("samsung")).is_none());
        assert!(family(&DeviceInfo::android("Google").with_gms(true)).is_none());
        assert!(family(&DeviceInfo::ios()).is_none());
        // Brand decides nothing.
        assert!(family(&DeviceInfo::android("SomeODM").with_brand("meizu")).is_none());
    }
}
