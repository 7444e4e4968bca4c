//! Who a simulated device is: its edition, its device family (and so its push channel), Google
//! services, and whether it starts from an empty store, drawn from the mix.

use super::mix::Mix;
use super::rng::Rng;
use pushlane::DeviceInfo;

/// The device families of vendors.md §1, plus Samsung (no family of its own: FCM or `local`)
/// and every other maker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Apple,
    Huawei,
    Honor,
    Xiaomi,
    Oppo,
    Vivo,
    Meizu,
    Samsung,
    Other,
}

impl Family {
    pub const ALL: [Family; 9] = [
        Family::Apple,
        Family::Huawei,
        Family::Honor,
        Family::Xiaomi,
        Family::Oppo,
        Family::Vivo,
        Family::Meizu,
        Family::Samsung,
        Family::Other,
    ];

    /// The key in a mix file and in the result.
    pub fn name(self) -> &'static str {
        match self {
            Family::Apple => "apple",
            Family::Huawei => "huawei",
            Family::Honor => "honor",
            Family::Xiaomi => "xiaomi",
            Family::Oppo => "oppo",
            Family::Vivo => "vivo",
            Family::Meizu => "meizu",
            Family::Samsung => "samsung",
            Family::Other => "other",
        }
    }

    pub fn names() -> Vec<&'static str> {
        Family::ALL.iter().map(|f| f.name()).collect()
    }

    pub fn from_name(name: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.name() == name)
    }

    /// A phone of this family as it reports itself (vendors.md §1, "Real devices").
    pub fn device_info(self, gms: bool) -> DeviceInfo {
        let android = |maker: &str, api: u32| DeviceInfo::android(maker).with_api(api);
        let info = match self {
            Family::Apple => return DeviceInfo::ios(),
            Family::Huawei => {
                android("HUAWEI", 31).with_prop("ro.build.version.emui", "EmotionUI_12.0.0")
            }
            Family::Honor => android("HONOR", 33)
                .with_honor_push(true)
                .with_prop("ro.build.version.emui", "MagicOS_7.1.0"),
            Family::Xiaomi => android("Xiaomi", 34)
                .with_prop("ro.miui.ui.version.name", "V816")
                .with_prop("ro.mi.os.version.name", "OS1.0"),
            Family::Oppo => android("OPPO", 33).with_prop("ro.build.version.oplusrom", "V13.1"),
            Family::Vivo => android("vivo", 33),
            Family::Meizu => android("meizu", 30).with_prop("ro.build.display.id", "Flyme 10.0"),
            Family::Samsung => android("samsung", 34),
            Family::Other => android("motorola", 34),
        };
        info.with_gms(gms)
    }
}

/// The app's edition on this device (the plugin config's `edition`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edition {
    China,
    International,
}

impl Edition {
    pub const ALL: [Edition; 2] = [Edition::China, Edition::International];

    pub fn name(self) -> &'static str {
        match self {
            Edition::China => "china",
            Edition::International => "international",
        }
    }
}

/// One simulated device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Device {
    pub index: u64,
    pub edition: Edition,
    pub family: Family,
    /// Google Play services usable (only drawn for Android on the international edition: the
    /// China edition never uses FCM).
    pub gms: bool,
    /// Starts from an empty store (a new install, or an update that wiped the app's data);
    /// otherwise yesterday's token is stored and on the Chat server.
    pub fresh_install: bool,
}

impl Device {
    /// Draws device `index` from the mix, with the device's plan stream.
    pub fn draw(index: u64, mix: &Mix, rng: &mut Rng) -> Device {
        let edition = if rng.chance(mix.population.china) {
            Edition::China
        } else {
            Edition::International
        };
        let family = Family::ALL[rng.weighted(mix.devices.shares(edition))];
        let gms = edition == Edition::International
            && family != Family::Apple
            && rng.chance(mix.population.gms);
        Device {
            index,
            edition,
            family,
            gms,
            fresh_install: rng.chance(mix.population.fresh_install),
        }
    }

    pub fn info(&self) -> DeviceInfo {
        self.family.device_info(self.gms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for family in Family::ALL {
            assert_eq!(Family::from_name(family.name()), Some(family));
        }
        assert_eq!(Family::from_name("nokia"), None);
    }

    #[test]
    fn devices_follow_the_shares() {
        let mut mix = Mix::default();
        mix.population.china = 1.0;
        mix.devices.china = [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let mut rng = Rng::new(3);
        for index in 0..100 {
            let device = Device::draw(index, &mix, &mut rng);
            assert_eq!(device.edition, Edition::China);
            assert_eq!(device.family, Family::Xiaomi);
            assert!(!device.gms, "the China edition draws no Google services");
        }
    }
}
