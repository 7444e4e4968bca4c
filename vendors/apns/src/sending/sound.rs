//! `ios_sound_invalid`: the sound must be `default`, Tencent's `push.no_sound`, or the file
//! name of a sound bundled with the app, in a format iOS plays.

use super::VENDOR;
use pushlane_plugin::sending::{Finding, OfflinePushInfo, Push};

/// The system's default notification sound (the `sound` key of `aps`: "Specify the string
/// `default` to play the system sound", Apple, "Generating a remote notification",
/// <https://developer.apple.com/documentation/usernotifications/generating-a-remote-notification>).
const DEFAULT: &str = "default";

/// Tencent Cloud Chat's value for a silent push (`V2TIMOfflinePushInfo`
/// `IOS_OFFLINE_PUSH_NO_SOUND`, "no alert sound and no vibration":
/// <https://im.sdk.qcloud.com/doc/en/classcom_1_1tencent_1_1imsdk_1_1v2_1_1V2TIMOfflinePushInfo.html>).
const NO_SOUND: &str = "push.no_sound";

/// The file types iOS plays for a notification: "You can package the audio data in an aiff,
/// wav, or caf file" (Apple, `UNNotificationSound`, "Prepare Sound Resources":
/// <https://developer.apple.com/documentation/usernotifications/unnotificationsound>). `aif`
/// is the same AIFF file under its short extension.
const FORMATS: [&str; 4] = ["aiff", "aif", "wav", "caf"];

/// Warning: the push arrives, but with the default sound instead of the intended one. For a
/// sound file the system cannot find, "the system plays the default sound" (Apple,
/// `CKNotification.soundName`,
/// <https://developer.apple.com/documentation/cloudkit/cknotification/soundname>).
pub(super) fn check(push: &Push<'_>, findings: &mut Vec<Finding>) {
    let Some(sound) = OfflinePushInfo::set(&push.info.ios_sound) else {
        return;
    };
    if sound == DEFAULT || sound == NO_SOUND {
        return;
    }
    let problem = match sound.rsplit_once('.') {
        Some((name, extension)) if !name.is_empty() && !extension.is_empty() => {
            if FORMATS.iter().any(|f| extension.eq_ignore_ascii_case(f)) {
                return;
            }
            format!("`.{extension}` is not a file type iOS plays for notifications")
        }
        _ => "it is not a file name with an extension (`call.caf`), so iOS finds no bundled sound by that name".to_string(),
    };
    findings.push(
        Finding::warning("ios_sound_invalid", VENDOR)
            .why(format!(
                "ios_sound `{sound}`: {problem}; the notification plays the default sound instead of the intended one"
            ))
            .fix(
                "set ios_sound to `default`, `push.no_sound` (silent), or the full file name of a sound bundled with the app such as `call.caf`; Apple plays Linear PCM, MA4 (IMA/ADPCM), µLaw or aLaw audio in an aiff, wav or caf file, under 30 seconds",
            ),
    );
}
