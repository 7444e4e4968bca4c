//! Random sessions: a seeded generator of plausible input sequences. A user on a random real
//! phone (and one of a few configs) starts the app, logs in, goes to the background and back,
//! receives messages, taps notifications (in the source vendor's payload form, sometimes
//! twice, as vivo delivers them), opens conversations, switches push off and on, is logged
//! out, and sometimes the process dies. A simulated host answers what the machine asks as a
//! real one would, a little later and not always with success: tokens after
//! `register_vendor` and `fetch_token`, permission answers, upload and clear results, the
//! conversation opened after `deliver_click`; armed timers fire at their deadlines.

use super::clicks::{click_forms, ClickForm};
use super::devices::random_device;
use super::rng::Rng;
use super::stream::{Recorder, Segment};
use pushlane::{
    AppLifecycle, Effect, ElemType, Input, Message, OfflinePushInfo, Output, PersistedState,
    PluginConfig,
};
use serde_json::json;
use std::sync::Arc;

/// Every vendor configured, package and launcher set (the apps the engine is for).
pub const ALL_VENDORS: &str = r#"
package_name = "com.example.chat"
launcher_class = "com.example.chat.MainActivity"
[[vendors]]
vendor = "apns"
business_id = 1001
[[vendors]]
vendor = "fcm"
business_id = 1002
[[vendors]]
vendor = "huawei"
business_id = 1003
[[vendors]]
vendor = "honor"
business_id = 1004
app_id = "104000000"
[[vendors]]
vendor = "xiaomi"
business_id = 1005
app_id = "2882303761517000000"
app_key = "5731700000000"
channel_id = "im_channel"
[[vendors]]
vendor = "oppo"
business_id = 1006
app_key = "oppo-key-0123456789"
app_secret = "oppo-secret-0123456789"
channel_id = "im_oppo"
badge_enabled = true
[[vendors]]
vendor = "vivo"
business_id = 1007
app_id = "105000000"
app_key = "vivo-key-0123456789"
[[vendors]]
vendor = "meizu"
business_id = 1008
app_id = "130000"
app_key = "meizu-key-0123456789"
"#;

/// The configs sessions use (TOML), by weight: the international edition, the China
/// edition, and local notifications beside the vendor channel.
pub fn configs() -> Vec<(u64, Arc<str>)> {
    let with = |extra: &str| Arc::from(format!("{extra}\n{ALL_VENDORS}"));
    vec![
        (7, with("")),
        (2, with(r#"edition = "china""#)),
        (1, with(r#"local_notifications = "always""#)),
    ]
}

/// A config of [`configs`], parsed.
pub fn parse(config: &str) -> PluginConfig {
    pushlane::parse_config_toml(config).expect("session config")
}

/// How long the host keeps answering and timers keep firing after the user's last action.
const RUN_ON_MS: u64 = 10 * 60 * 1000;

pub fn random_sessions(seed: u64, sessions: usize) -> Vec<Segment> {
    let mut rng = Rng::new(seed);
    let configs = configs();
    let forms = click_forms(&pushlane::link_vendors());
    let mut segments = Vec::new();
    for number in 0..sessions {
        let config = Arc::clone(rng.weighted(&configs));
        let device = random_device(&mut rng);
        let mut session = Session::new(Recorder::new(config, device, PersistedState::default()));
        session.user_actions(&mut rng, number, &forms);
        segments.extend(session.recorder.finish());
    }
    segments
}

/// One session being generated: the machine (through the recorder), the host's pending
/// answers and what the user sees.
struct Session {
    recorder: Recorder,
    now: u64,
    /// Host answers due later: (time, order of scheduling, input).
    agenda: Vec<(u64, u64, Input)>,
    scheduled: u64,
    token_generation: u32,
    foreground: bool,
    logged_in: Option<&'static str>,
    unread: u32,
    messages: u32,
    /// `ext` of the local notifications shown, newest last.
    notified: Vec<String>,
}

const USERS: [&str; 2] = ["alice", "bob"];
const PEERS: [&str; 5] = ["bob", "carol", "dave", "小明", "erin"];
const GROUPS: [&str; 3] = ["@TGS#2Q3K7WJNA", "family", "team-42"];

impl Session {
    fn new(recorder: Recorder) -> Session {
        Session {
            recorder,
            now: 0,
            agenda: Vec::new(),
            scheduled: 0,
            token_generation: 0,
            foreground: true,
            logged_in: None,
            unread: 0,
            messages: 0,
            notified: Vec::new(),
        }
    }

    /// The user's actions, then what the host and the timers still do.
    fn user_actions(&mut self, rng: &mut Rng, number: usize, forms: &[ClickForm]) {
        self.startup(rng, forms);
        let actions = rng.between(40, 160);
        for _ in 0..actions {
            let gap = match rng.below(100) {
                0..=49 => rng.between(100, 2_000),
                50..=84 => rng.between(2_000, 60_000),
                _ => rng.between(60_000, 30 * 60_000),
            };
            self.advance(self.now + gap);
            self.action(rng, number, forms);
        }
        let end = self.now + RUN_ON_MS;
        self.advance(end);
    }

    /// Process start: SDK init and plugin init (rarely in the wrong order), sometimes the tap
    /// that launched the app, login, the first screen.
    fn startup(&mut self, rng: &mut Rng, forms: &[ClickForm]) {
        self.foreground = true;
        self.notified.clear();
        self.token_generation = self.token_generation.max(1);
        let start = self.now;
        if rng.chance(5) {
            self.input(start, Input::PluginInit);
            self.input(start + rng.between(5, 80), Input::SdkInitialized);
        } else {
            self.input(start, Input::SdkInitialized);
            self.input(start + rng.between(10, 300), Input::PluginInit);
        }
        if rng.chance(10) {
            let click = self.vendor_click(rng, forms);
            self.at(self.now + rng.between(20, 200), click);
        }
        if rng.chance(92) {
            let user = if rng.chance(85) { USERS[0] } else { USERS[1] };
            self.at(self.now + rng.between(150, 2_000), login(user));
            self.logged_in = Some(user);
        }
        self.at(self.now + rng.between(100, 900), Input::UiReady);
    }

    fn action(&mut self, rng: &mut Rng, number: usize, forms: &[ClickForm]) {
        let now = self.now;
        match rng.below(100) {
            0..=13 => self.switch_app(rng),
            14..=27 => {
                self.unread = match rng.below(4) {
                    0 => 0,
                    1 => self.unread.saturating_sub(1),
                    _ => self.unread + 1,
                };
                self.input(now, Input::Unread { count: self.unread });
            }
            28..=49 => {
                let message = self.message(rng);
                self.input(now, message);
                if !self.foreground && rng.chance(70) {
                    self.unread += 1;
                    let unread = Input::Unread { count: self.unread };
                    self.at(now + rng.between(5, 50), unread);
                }
            }
            50..=57 => self.click(rng, forms),
            58..=67 => {
                let shown = match rng.below(3) {
                    0 => None,
                    1 => Some(format!("c2c_{}", rng.pick(&PEERS))),
                    _ => Some(format!("group_{}", rng.pick(&GROUPS))),
                };
                self.input(
                    now,
                    Input::ConversationShown {
                        conversation_id: shown,
                    },
                );
            }
            68..=70 => {
                let enabled = rng.chance(50);
                self.input(now, Input::PushEnabled { enabled });
            }
            71..=73 => self.session_end(rng),
            74..=76 => {
                // The vendor SDK refreshes its token (`local` has none).
                let vendor = self.recorder.machine().status().vendor;
                if let Some(vendor) = vendor.filter(|v| v != "local") {
                    self.token_generation += 1;
                    let token = self.token(&vendor);
                    let vendor = Some(vendor);
                    self.input(now, Input::VendorToken { token, vendor });
                }
            }
            77..=78 => {
                let granted = rng.chance(80);
                self.input(now, Input::Permission { granted });
            }
            79 => {
                let reason = format!("service unavailable (session {number})");
                self.input(now, Input::VendorError { reason });
            }
            80..=81 => self.restart(rng, forms),
            _ => {
                // Nothing from the user: the phone sits (timers and host answers go on).
            }
        }
    }

    /// Background (through `inactive` most of the time) or back to the foreground.
    fn switch_app(&mut self, rng: &mut Rng) {
        let now = self.now;
        if self.foreground {
            if rng.chance(80) {
                self.input(now, app(AppLifecycle::Inactive));
            }
            let state = *rng.pick(&[
                AppLifecycle::Paused,
                AppLifecycle::Paused,
                AppLifecycle::Hidden,
            ]);
            self.at(now + rng.between(5, 120), app(state));
            self.foreground = false;
        } else {
            self.input(now, app(AppLifecycle::Resumed));
            self.foreground = true;
            if rng.chance(50) {
                let shown = Input::ConversationShown {
                    conversation_id: None,
                };
                self.at(now + rng.between(50, 400), shown);
            }
        }
    }

    fn session_end(&mut self, rng: &mut Rng) {
        let now = self.now;
        let end = match rng.below(3) {
            0 => Input::Logout,
            1 => Input::KickedOffline,
            _ => Input::UserSigExpired,
        };
        self.input(now, end);
        let user = if rng.chance(80) {
            self.logged_in.unwrap_or(USERS[0])
        } else {
            USERS[1]
        };
        self.at(now + rng.between(1_000, 20_000), login(user));
        self.logged_in = Some(user);
    }

    fn restart(&mut self, rng: &mut Rng, forms: &[ClickForm]) {
        self.agenda.clear();
        self.recorder.restart();
        self.now += rng.between(500, 10_000);
        self.startup(rng, forms);
    }

    /// A tap on a notification: a local one when the app showed some, else one from the
    /// selected vendor; sometimes delivered twice.
    fn click(&mut self, rng: &mut Rng, forms: &[ClickForm]) {
        let click = match self.notified.last() {
            Some(ext) if rng.chance(70) => Input::NotificationClicked {
                source: "local".to_string(),
                payload: json!({ "ext": ext }),
            },
            _ => self.vendor_click(rng, forms),
        };
        let now = self.now;
        if rng.chance(15) {
            let again = click.clone();
            self.at(now + rng.between(20, 800), again);
        }
        self.input(now, click);
    }

    /// A click in the payload form of the selected vendor (a random form for `local`).
    fn vendor_click(&mut self, rng: &mut Rng, forms: &[ClickForm]) -> Input {
        let vendor = self.recorder.machine().status().vendor;
        let own: Vec<&ClickForm> = forms
            .iter()
            .filter(|f| Some(&f.source) == vendor.as_ref())
            .collect();
        let form = if own.is_empty() {
            rng.pick(forms)
        } else {
            *rng.pick(&own)
        };
        self.messages += 1;
        Input::NotificationClicked {
            source: form.source.clone(),
            payload: form.payload_with_msg_id(&format!("{}", 7_000_000 + self.messages)),
        }
    }

    fn message(&mut self, rng: &mut Rng) -> Input {
        self.messages += 1;
        let elem_type = *rng.weighted(&[
            (60, ElemType::Text),
            (15, ElemType::Image),
            (6, ElemType::Sound),
            (4, ElemType::Video),
            (2, ElemType::File),
            (4, ElemType::Face),
            (5, ElemType::Custom),
            (2, ElemType::GroupTips),
            (2, ElemType::Merger),
        ]);
        let group = rng.chance(35).then(|| rng.pick(&GROUPS).to_string());
        let sender = rng.pick(&PEERS).to_string();
        let text = (elem_type == ElemType::Text).then(|| {
            rng.pick(&[
                "see you at 8",
                "ok",
                "明天见",
                "Can you send the file again?",
                "👍",
            ])
            .to_string()
        });
        let offline_push_info = rng.chance(20).then(|| OfflinePushInfo {
            title: rng.chance(50).then(|| "New message".to_string()),
            desc: rng.chance(60).then(|| "[Red packet]".to_string()),
            ext: rng.chance(50).then(|| {
                json!({"entity": {"action": 1, "chatType": 1, "sender": sender, "version": 1}})
                    .to_string()
            }),
            disable_push: rng.chance(5),
        });
        Input::MessageReceived {
            message: Message {
                msg_id: format!("144115233874815003-{}", self.messages),
                sender: sender.clone(),
                nick_name: rng.chance(70).then(|| sender.to_uppercase()),
                group_id: group,
                elem_type,
                text,
                is_self: rng.chance(5),
                offline_push_info,
            },
        }
    }

    fn token(&self, vendor: &str) -> String {
        if vendor == "apns" {
            // 32 bytes in hex, as APNs device tokens are.
            let mut rng = Rng::new(u64::from(self.token_generation));
            (0..4).map(|_| format!("{:016x}", rng.next())).collect()
        } else {
            format!("{vendor}-token-{:08}", self.token_generation)
        }
    }

    /// Schedules an input (a user action due a little later, or a host answer).
    fn at(&mut self, at_ms: u64, input: Input) {
        self.scheduled += 1;
        self.agenda.push((at_ms, self.scheduled, input));
    }

    /// Feeds what is due up to `until`, in time order: host answers, user actions scheduled
    /// earlier, and the armed timers at their deadlines.
    fn advance(&mut self, until: u64) {
        // A bounded loop: every answer and every timer moves time forward.
        for _ in 0..10_000 {
            let next_answer = self
                .agenda
                .iter()
                .enumerate()
                .min_by_key(|(_, (at, order, _))| (*at, *order))
                .map(|(index, (at, _, _))| (*at, index));
            let next_timer = self
                .recorder
                .machine()
                .armed_timers()
                .iter()
                .min_by_key(|(_, deadline)| **deadline)
                .map(|(timer, deadline)| (*deadline, *timer));
            let answer_first = match (next_answer, next_timer) {
                (Some((at, _)), Some((deadline, _))) => at <= deadline,
                (answer, _) => answer.is_some(),
            };
            let at = match (answer_first, next_answer, next_timer) {
                (true, Some((at, _)), _) | (false, _, Some((at, _))) => at,
                _ => break,
            };
            if at > until {
                break;
            }
            let input = match (answer_first, next_answer, next_timer) {
                (true, Some((_, index)), _) => self.agenda.swap_remove(index).2,
                (_, _, Some((_, timer))) => Input::Timer { timer },
                _ => break,
            };
            self.feed_answered(at, input);
        }
        self.now = self.now.max(until);
    }

    /// A user action now.
    fn input(&mut self, at_ms: u64, input: Input) {
        self.advance(at_ms);
        self.feed_answered(at_ms, input);
    }

    /// Feeds one input and schedules the host's answers to its effects.
    fn feed_answered(&mut self, at_ms: u64, input: Input) {
        self.now = self.now.max(at_ms);
        let effects: Vec<Effect> = self
            .recorder
            .feed(at_ms, input)
            .iter()
            .filter_map(Output::as_effect)
            .cloned()
            .collect();
        // Answers are drawn from a generator of their own, seeded by time and order, so that
        // the user's actions stay the same whatever the host answers.
        let mut rng = Rng::new(at_ms ^ (self.scheduled << 32) ^ 0x0a57_0000);
        for effect in effects {
            self.answer(&mut rng, at_ms, effect);
        }
    }

    fn answer(&mut self, rng: &mut Rng, now: u64, effect: Effect) {
        match effect {
            Effect::RegisterVendor { vendor } => match rng.below(100) {
                0..=91 => {
                    let token = self.token(&vendor);
                    let input = Input::VendorToken {
                        token,
                        vendor: Some(vendor),
                    };
                    self.at(now + rng.between(200, 1_500), input);
                }
                92..=95 => {
                    let reason = "HMS Core not available: 907135000".to_string();
                    self.at(now + rng.between(100, 600), Input::VendorError { reason });
                }
                _ => {}
            },
            Effect::FetchToken { vendor } if rng.chance(60) => {
                let token = self.token(&vendor);
                let input = Input::VendorToken {
                    token,
                    vendor: Some(vendor),
                };
                self.at(now + rng.between(100, 600), input);
            }
            Effect::RequestPermission => {
                let granted = rng.chance(92);
                self.at(now + rng.between(800, 6_000), Input::Permission { granted });
            }
            Effect::UploadToken { effect_id, .. } | Effect::ClearToken { effect_id, .. } => {
                let ok = rng.chance(92);
                let done = Input::EffectDone {
                    effect_id,
                    ok,
                    error: (!ok).then(|| "network timeout".to_string()),
                };
                self.at(now + rng.between(60, 900), done);
            }
            Effect::ShowNotification { ext, .. } => {
                self.notified.push(ext);
                if self.notified.len() > 8 {
                    self.notified.remove(0);
                }
            }
            Effect::DeliverClick {
                conversation_id: Some(conversation),
                ..
            } => {
                let shown = Input::ConversationShown {
                    conversation_id: Some(conversation),
                };
                self.at(now + rng.between(250, 600), shown);
            }
            _ => {}
        }
    }
}

fn login(user: &str) -> Input {
    Input::Login {
        user_id: user.to_string(),
    }
}

fn app(state: AppLifecycle) -> Input {
    Input::AppState { state }
}
