//! Region `visibility` (lifecycle.md §7): foreground/background reports and launcher badges.

use super::Machine;
use crate::effect::Effect;
use crate::event::WarningCode;
use crate::input::AppLifecycle;
use crate::statechart::visibility;
use pushlane_plugin::{BadgeCall, BadgeContext};

#[derive(Debug)]
pub(super) struct VisibilityRegion {
    pub foreground: bool,
    pub unread: u32,
    /// The last report of this session: `Some(true)` foreground, `Some(false)` background.
    pub reported: Option<bool>,
    /// The last count set on the launcher badge.
    pub badge: Option<u32>,
    pub badge_unsupported_warned: bool,
    pub badge_config_warned: bool,
}

impl Default for VisibilityRegion {
    fn default() -> Self {
        VisibilityRegion {
            foreground: true,
            unread: 0,
            reported: None,
            badge: None,
            badge_unsupported_warned: false,
            badge_config_warned: false,
        }
    }
}

impl Machine {
    pub(super) fn visibility_state(&self) -> &'static str {
        if self.visibility.foreground {
            visibility::FOREGROUND
        } else {
            visibility::BACKGROUND
        }
    }

    pub(super) fn on_app_state(&mut self, state: AppLifecycle) {
        let foreground = state.is_foreground();
        if foreground == self.visibility.foreground {
            return;
        }
        self.visibility.foreground = foreground;
        if foreground {
            if self.session.user.is_some() && self.visibility.reported == Some(false) {
                self.visibility.reported = Some(true);
                self.effect(Effect::ReportForeground);
            }
            if self.config.clear_on_foreground {
                self.effect(Effect::ClearNotifications);
            }
        } else if self.session.user.is_some() {
            self.report_background();
        }
    }

    /// `report_background {unread}`, then the badge.
    fn report_background(&mut self) {
        self.visibility.reported = Some(false);
        self.effect(Effect::ReportBackground {
            unread: self.visibility.unread,
        });
        self.set_badge(self.visibility.unread);
    }

    pub(super) fn on_login_visibility(&mut self) {
        self.visibility.reported = None;
        if !self.visibility.foreground {
            self.report_background();
        }
    }

    pub(super) fn on_session_end_visibility(&mut self) {
        self.visibility.reported = None;
        // The unread count is the ending user's; the next user's arrives with `unread`.
        self.visibility.unread = 0;
        if self.visibility.badge.is_some_and(|c| c > 0) {
            self.set_badge(0);
        }
    }

    pub(super) fn on_unread(&mut self, count: u32) {
        self.visibility.unread = count;
        if self.session.user.is_some()
            && !self.visibility.foreground
            && self.visibility.badge != Some(count)
        {
            self.set_badge(count);
        }
    }

    /// Sets the launcher badge the device family's way (vendors.md §3), or warns once why not.
    fn set_badge(&mut self, count: u32) {
        let call = match self.family {
            Some(family) => family.badge(
                count,
                &BadgeContext {
                    device: &self.device,
                    config: &self.config,
                    vendor_config: self.config.vendor(family.name()),
                },
            ),
            None => BadgeCall::Unsupported,
        };
        match call {
            BadgeCall::Call(call) => {
                self.visibility.badge = Some(count);
                self.effect(Effect::SetBadge { count, call });
            }
            BadgeCall::NotOwned => {}
            BadgeCall::Unsupported => {
                if !self.visibility.badge_unsupported_warned {
                    self.visibility.badge_unsupported_warned = true;
                    let family = self.family.map(|f| f.name()).unwrap_or("no family");
                    self.warning(
                        WarningCode::BadgeUnsupported,
                        format!("this launcher ({family}) has no badge call; the badge is not set"),
                    );
                }
            }
            BadgeCall::ConfigMissing { field } => {
                if !self.visibility.badge_config_warned {
                    self.visibility.badge_config_warned = true;
                    self.warning(
                        WarningCode::BadgeConfigMissing,
                        format!("the badge call needs config {field}; the badge is not set"),
                    );
                }
            }
        }
    }
}
