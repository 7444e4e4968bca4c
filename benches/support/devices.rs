//! Device descriptions as real phones report them (vendors.md §1 "Real devices"), and a seeded
//! mix of them: manufacturers in the case phones use, brands, ROM properties, API levels,
//! Google services or not, iOS.

use super::rng::Rng;
use pushlane::DeviceInfo;

/// One kind of phone: what it reports, before the per-phone variation of [`random_device`].
struct Model {
    manufacturer: &'static str,
    brand: Option<&'static str>,
    props: &'static [(&'static str, &'static str)],
    honor_push: bool,
    /// Sold with Google services outside China.
    gms_abroad: bool,
}

const fn model(
    manufacturer: &'static str,
    brand: Option<&'static str>,
    props: &'static [(&'static str, &'static str)],
) -> Model {
    Model {
        manufacturer,
        brand,
        props,
        honor_push: false,
        gms_abroad: true,
    }
}

/// Weighted roughly by market share among Chinese chat apps' Android users, plus the phones of
/// the "Real devices" table that are rare but decide differently.
const MODELS: [(u64, Model); 16] = [
    (
        14,
        model(
            "Xiaomi",
            Some("Redmi"),
            &[("ro.miui.ui.version.name", "V130")],
        ),
    ),
    (
        6,
        model(
            "Xiaomi",
            Some("Xiaomi"),
            &[
                ("ro.miui.ui.version.name", "V816"),
                ("ro.mi.os.version.name", "OS2.0"),
            ],
        ),
    ),
    (
        3,
        model(
            "Xiaomi",
            Some("Xiaomi"),
            &[("ro.miui.ui.version.name", "V10")],
        ),
    ),
    (
        1,
        model(
            "blackshark",
            Some("blackshark"),
            &[("ro.miui.ui.version.name", "V130")],
        ),
    ),
    (
        12,
        Model {
            gms_abroad: false,
            ..model(
                "HUAWEI",
                Some("HUAWEI"),
                &[("ro.build.version.emui", "EmotionUI_12.0.0")],
            )
        },
    ),
    (
        2,
        model(
            "HUAWEI",
            Some("HONOR"),
            &[("ro.build.version.emui", "EmotionUI_10.0.1")],
        ),
    ),
    (
        6,
        Model {
            honor_push: true,
            ..model(
                "HONOR",
                Some("HONOR"),
                &[("ro.build.version.emui", "MagicOS_7.1.0")],
            )
        },
    ),
    (
        2,
        model(
            "HONOR",
            Some("HONOR"),
            &[("ro.build.version.emui", "MagicOS_7.1.0")],
        ),
    ),
    (
        10,
        model(
            "OPPO",
            Some("OPPO"),
            &[("ro.build.version.oplusrom", "V12.1")],
        ),
    ),
    (
        3,
        model(
            "OnePlus",
            Some("OnePlus"),
            &[("ro.build.version.opporom", "V7.1")],
        ),
    ),
    (3, model("realme", Some("realme"), &[])),
    (
        9,
        model("vivo", Some("vivo"), &[("ro.vivo.os.version", "13.0")]),
    ),
    (3, model("vivo", Some("iQOO"), &[])),
    (
        2,
        model(
            "meizu",
            Some("meizu"),
            &[("ro.build.display.id", "Flyme 8.1.8.0A")],
        ),
    ),
    (8, model("samsung", Some("samsung"), &[])),
    (6, model("TECNO MOBILE LIMITED", Some("TECNO"), &[])),
];

/// Pixels, as often as the rarer Chinese brands.
const PIXEL: Model = model("Google", Some("google"), &[]);

/// One phone: iOS a quarter of the time; otherwise a model of [`MODELS`] (or a Pixel) with its
/// manufacturer sometimes upper- or lower-cased, an API level of the last ten years, and Google
/// services on a share of the phones sold abroad.
pub fn random_device(rng: &mut Rng) -> DeviceInfo {
    if rng.chance(25) {
        return DeviceInfo::ios();
    }
    let model = if rng.chance(3) {
        &PIXEL
    } else {
        rng.weighted(&MODELS)
    };
    let manufacturer = match rng.below(10) {
        0 => model.manufacturer.to_uppercase(),
        1 => model.manufacturer.to_lowercase(),
        _ => model.manufacturer.to_string(),
    };
    let mut device = DeviceInfo::android(&manufacturer).with_api(rng.between(26, 35) as u32);
    if let Some(brand) = model.brand {
        device = device.with_brand(brand);
    }
    for (key, value) in model.props {
        device = device.with_prop(key, value);
    }
    let gms = model.manufacturer == "Google" || (model.gms_abroad && rng.chance(30));
    device.with_gms(gms).with_honor_push(model.honor_push)
}

pub fn random_devices(seed: u64, count: usize) -> Vec<DeviceInfo> {
    let mut rng = Rng::new(seed);
    (0..count).map(|_| random_device(&mut rng)).collect()
}
