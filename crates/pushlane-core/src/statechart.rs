//! The statecharts of the five regions as data (lifecycle.md §4–§8): their states, their
//! initial states and every change of state the machine makes, with the inputs that make it.
//!
//! The machine is written against this table: each region's state function returns the
//! constants below, and `state_changed` names the regions by [`Region::name`].
//! `pushlane statechart` prints the charts of docs/lifecycle.md from [`TRANSITIONS`], and the
//! test `tests/statechart_exploration.rs` feeds the machine random and targeted input sequences
//! and checks that the `state_changed` events it emits are exactly the transitions listed here.

use crate::input::Input;
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// The states of region `init` (lifecycle.md §4).
pub mod init {
    /// Neither the Chat SDK nor init has run (a `plugin_init` may be waiting).
    pub const NEW: &str = "new";
    /// The Chat SDK is ready; `plugin_init` has not come yet.
    pub const SDK_READY: &str = "sdk_ready";
    /// Init has run: a vendor (or `local`) is selected.
    pub const READY: &str = "ready";
    pub const STATES: &[&str] = &[NEW, SDK_READY, READY];
}

/// The states of region `session` (lifecycle.md §5).
pub mod session {
    pub const LOGGED_OUT: &str = "logged_out";
    pub const LOGGED_IN: &str = "logged_in";
    pub const STATES: &[&str] = &[LOGGED_OUT, LOGGED_IN];
}

/// The states of region `token` (lifecycle.md §6). The machine reports the first that holds of
/// `clearing`, `uploading`, `retrying`, `scheduled`, `uploaded`, `known` and `none`.
pub mod token {
    /// No token is known for the selected vendor (or init has not run).
    pub const NONE: &str = "none";
    /// A token is known, and nothing is to be uploaded (U does not hold).
    pub const KNOWN: &str = "known";
    /// U holds; `token_upload` waits for `init_at + upload_delay_ms`.
    pub const SCHEDULED: &str = "scheduled";
    /// An `upload_token` waits for its result.
    pub const UPLOADING: &str = "uploading";
    /// The upload U wants is the one on the server (the upload record).
    pub const UPLOADED: &str = "uploaded";
    /// An upload failed; `upload_retry` is armed.
    pub const RETRYING: &str = "retrying";
    /// A `clear_token` waits for its result, or `clear_retry` is armed.
    pub const CLEARING: &str = "clearing";
    pub const STATES: &[&str] = &[
        NONE, KNOWN, SCHEDULED, UPLOADING, UPLOADED, RETRYING, CLEARING,
    ];
}

/// The states of region `visibility` (lifecycle.md §7).
pub mod visibility {
    pub const FOREGROUND: &str = "foreground";
    pub const BACKGROUND: &str = "background";
    pub const STATES: &[&str] = &[FOREGROUND, BACKGROUND];
}

/// The states of region `click` (lifecycle.md §8).
pub mod click {
    pub const IDLE: &str = "idle";
    /// A click waits for a login and `ui_ready`.
    pub const HELD: &str = "held";
    pub const STATES: &[&str] = &[IDLE, HELD];
}

/// One of the five regions that run side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Region {
    Init,
    Session,
    Token,
    Visibility,
    Click,
}

impl Region {
    /// Every region, in the order of their `state_changed` events.
    pub const ALL: [Region; 5] = [
        Region::Init,
        Region::Session,
        Region::Token,
        Region::Visibility,
        Region::Click,
    ];

    /// The name in `state_changed.region` (`init`, …, `click`).
    pub fn name(self) -> &'static str {
        match self {
            Region::Init => "init",
            Region::Session => "session",
            Region::Token => "token",
            Region::Visibility => "visibility",
            Region::Click => "click",
        }
    }

    /// The region's states, the initial one first.
    pub fn states(self) -> &'static [&'static str] {
        match self {
            Region::Init => init::STATES,
            Region::Session => session::STATES,
            Region::Token => token::STATES,
            Region::Visibility => visibility::STATES,
            Region::Click => click::STATES,
        }
    }

    /// The state every machine starts in, whatever the store holds: a stored token counts only
    /// from init on, and session, visibility and held click start fresh in every process
    /// (lifecycle.md §10).
    pub fn initial(self) -> &'static str {
        self.states()[0]
    }

    /// The region's transitions, in table order.
    pub fn transitions(self) -> impl Iterator<Item = &'static Transition> {
        TRANSITIONS.iter().filter(move |t| t.region == self)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A region name that is none of [`Region::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRegion(pub String);

impl fmt::Display for UnknownRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Region::ALL.iter().map(|r| r.name()).collect();
        write!(
            f,
            "unknown region `{}`; expected one of: {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownRegion {}

impl FromStr for Region {
    type Err = UnknownRegion;

    fn from_str(s: &str) -> Result<Region, UnknownRegion> {
        Region::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .ok_or_else(|| UnknownRegion(s.to_string()))
    }
}

/// A change of a region's state, and the triggers ([`trigger`]) that make it, sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub region: Region,
    pub from: &'static str,
    pub to: &'static str,
    pub on: &'static [&'static str],
}

/// The trigger label of an input: its serde name (`login`, `vendor_token`), except a timer,
/// which is `timer <name>` (`timer token_upload`), and an effect result, which is
/// `effect_done ok` or `effect_done failed`.
pub fn trigger(input: &Input) -> Cow<'static, str> {
    match input {
        Input::Timer { timer } => Cow::Owned(format!("timer {}", timer.as_str())),
        Input::EffectDone { ok: true, .. } => Cow::Borrowed(EFFECT_OK),
        Input::EffectDone { ok: false, .. } => Cow::Borrowed(EFFECT_FAILED),
        other => Cow::Borrowed(other.kind()),
    }
}

const EFFECT_OK: &str = "effect_done ok";
const EFFECT_FAILED: &str = "effect_done failed";

const fn t(
    region: Region,
    from: &'static str,
    to: &'static str,
    on: &'static [&'static str],
) -> Transition {
    Transition {
        region,
        from,
        to,
        on,
    }
}

use click::{HELD, IDLE};
use init::{NEW, READY, SDK_READY};
use session::{LOGGED_IN, LOGGED_OUT};
use token::{CLEARING, KNOWN, NONE, RETRYING, SCHEDULED, UPLOADED, UPLOADING};
use visibility::{BACKGROUND, FOREGROUND};
use Region::{Click, Init, Session, Token, Visibility};

/// Every change of state the machine makes. A region changes only when its state differs, so
/// there are no self-loops; a `login` of another user ends the old session first, so it is
/// listed on `logged_in → logged_out` too.
#[rustfmt::skip]
pub const TRANSITIONS: &[Transition] = &[
    // §4
    t(Init, NEW, SDK_READY, &["sdk_initialized"]),
    t(Init, NEW, READY, &["sdk_initialized"]),
    t(Init, SDK_READY, READY, &["plugin_init"]),
    // §5
    t(Session, LOGGED_OUT, LOGGED_IN, &["login"]),
    t(Session, LOGGED_IN, LOGGED_OUT, &["kicked_offline", "login", "logout", "user_sig_expired"]),
    // §6
    t(Token, NONE, KNOWN, &["plugin_init", "sdk_initialized", "vendor_error", "vendor_token"]),
    t(Token, NONE, SCHEDULED, &["plugin_init", "sdk_initialized", "vendor_error", "vendor_token"]),
    t(Token, NONE, UPLOADING, &["plugin_init", "sdk_initialized", "vendor_error", "vendor_token"]),
    t(Token, NONE, UPLOADED, &["plugin_init", "sdk_initialized", "vendor_error", "vendor_token"]),
    t(Token, NONE, CLEARING, &["login", "push_enabled"]),
    t(Token, KNOWN, NONE, &["vendor_error"]),
    t(Token, KNOWN, SCHEDULED, &["login", "push_enabled"]),
    t(Token, KNOWN, UPLOADING, &["login", "push_enabled"]),
    t(Token, KNOWN, UPLOADED, &["login"]),
    t(Token, KNOWN, CLEARING, &["login"]),
    t(Token, SCHEDULED, NONE, &["vendor_error"]),
    t(Token, SCHEDULED, KNOWN, &["kicked_offline", "login", "logout", "push_enabled", "user_sig_expired"]),
    t(Token, SCHEDULED, UPLOADING, &["push_enabled", "timer token_upload", "vendor_error", "vendor_token"]),
    t(Token, SCHEDULED, UPLOADED, &["vendor_error", "vendor_token"]),
    t(Token, SCHEDULED, CLEARING, &["push_enabled"]),
    t(Token, UPLOADING, NONE, &["effect_done failed", "effect_done ok"]),
    t(Token, UPLOADING, KNOWN, &["effect_done failed", "effect_done ok"]),
    t(Token, UPLOADING, UPLOADED, &["effect_done failed", "effect_done ok"]),
    t(Token, UPLOADING, RETRYING, &["effect_done failed"]),
    t(Token, UPLOADING, CLEARING, &["effect_done failed", "effect_done ok"]),
    t(Token, UPLOADED, NONE, &["vendor_error"]),
    t(Token, UPLOADED, KNOWN, &["kicked_offline", "login", "logout", "user_sig_expired"]),
    t(Token, UPLOADED, SCHEDULED, &["vendor_error", "vendor_token"]),
    t(Token, UPLOADED, UPLOADING, &["vendor_error", "vendor_token"]),
    t(Token, UPLOADED, CLEARING, &["login", "push_enabled"]),
    t(Token, RETRYING, NONE, &["vendor_error"]),
    t(Token, RETRYING, KNOWN, &["kicked_offline", "login", "logout", "push_enabled", "user_sig_expired"]),
    t(Token, RETRYING, UPLOADING, &["timer upload_retry", "vendor_error", "vendor_token"]),
    t(Token, RETRYING, UPLOADED, &["vendor_error", "vendor_token"]),
    t(Token, RETRYING, CLEARING, &["push_enabled"]),
    t(Token, CLEARING, NONE, &["effect_done failed", "effect_done ok", "kicked_offline", "login", "logout", "push_enabled", "user_sig_expired"]),
    t(Token, CLEARING, KNOWN, &["effect_done failed", "effect_done ok", "kicked_offline", "login", "logout", "user_sig_expired"]),
    t(Token, CLEARING, SCHEDULED, &["effect_done failed", "effect_done ok", "push_enabled"]),
    t(Token, CLEARING, UPLOADING, &["effect_done failed", "effect_done ok", "push_enabled"]),
    t(Token, CLEARING, UPLOADED, &["effect_done failed", "push_enabled"]),
    // §7
    t(Visibility, FOREGROUND, BACKGROUND, &["app_state"]),
    t(Visibility, BACKGROUND, FOREGROUND, &["app_state"]),
    // §8
    t(Click, IDLE, HELD, &["notification_clicked"]),
    t(Click, HELD, IDLE, &["login", "ui_ready"]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::TimerName;

    #[test]
    fn names_parse_back_and_unknown_names_list_the_accepted_ones() {
        for region in Region::ALL {
            assert_eq!(region.name().parse::<Region>(), Ok(region));
        }
        let err = "tokens".parse::<Region>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown region `tokens`; expected one of: init, session, token, visibility, click"
        );
    }

    #[test]
    fn the_table_is_well_formed() {
        let mut seen = Vec::new();
        for t in TRANSITIONS {
            let states = t.region.states();
            assert!(states.contains(&t.from), "{t:?}: unknown from");
            assert!(states.contains(&t.to), "{t:?}: unknown to");
            assert_ne!(t.from, t.to, "{t:?}: a self-loop is never reported");
            assert!(!t.on.is_empty(), "{t:?}: no trigger");
            assert!(t.on.windows(2).all(|w| w[0] < w[1]), "{t:?}: unsorted");
            let key = (t.region, t.from, t.to);
            assert!(!seen.contains(&key), "{t:?}: listed twice");
            seen.push(key);
        }
        // Transitions are grouped by region, in the order of Region::ALL.
        let order: Vec<Region> = TRANSITIONS.iter().map(|t| t.region).collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
        for region in Region::ALL {
            for state in region.states() {
                let touched = region
                    .transitions()
                    .any(|t| t.from == *state || t.to == *state);
                assert!(touched, "{region}: state {state} is in no transition");
            }
        }
    }

    #[test]
    fn triggers_are_serde_names_with_the_timer_and_the_result() {
        assert_eq!(trigger(&Input::Logout), "logout");
        assert_eq!(
            trigger(&Input::VendorToken {
                token: "t".into(),
                vendor: None
            }),
            "vendor_token"
        );
        assert_eq!(
            trigger(&Input::Timer {
                timer: TimerName::ClearRetry
            }),
            "timer clear_retry"
        );
        let done = |ok| Input::EffectDone {
            effect_id: 1,
            ok,
            error: None,
        };
        assert_eq!(trigger(&done(true)), "effect_done ok");
        assert_eq!(trigger(&done(false)), "effect_done failed");
    }
}
