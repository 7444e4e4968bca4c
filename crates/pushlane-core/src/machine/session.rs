//! Region `session` (lifecycle.md §5): login, logout, kicked offline, expired credentials, and
//! the once-per-process permission request.

use super::Machine;
use crate::effect::Effect;
use crate::event::WarningCode;
use crate::input::TimerName;
use crate::statechart::session;

#[derive(Debug, Default)]
pub(super) struct SessionRegion {
    pub user: Option<String>,
    /// The user of the latest session of this process (held clicks belong to them).
    pub last_user: Option<String>,
    /// Increases with every login; results of effects from an older session are ignored.
    pub seq: u64,
    pub permission: Option<bool>,
    pub permission_requested: bool,
}

impl Machine {
    pub(super) fn session_state(&self) -> &'static str {
        if self.session.user.is_some() {
            session::LOGGED_IN
        } else {
            session::LOGGED_OUT
        }
    }

    pub(super) fn user(&self) -> Option<&str> {
        self.session.user.as_deref()
    }

    pub(super) fn on_login(&mut self, user_id: String) {
        if self.user() == Some(user_id.as_str()) {
            self.ignored("login", "already_logged_in");
            return;
        }
        if self.session.user.is_some() {
            self.end_session();
            self.emit_state_changes();
        }
        self.session.user = Some(user_id.clone());
        self.session.last_user = Some(user_id);
        self.session.seq += 1;
        // What one login emits, in order (lifecycle.md §5): the session change, the background
        // report and its badge, the permission request, a held click, the upload decision.
        self.emit_state_changes();
        self.on_login_visibility();
        self.maybe_request_permission();
        self.on_login_click();
        self.reconcile();
    }

    pub(super) fn on_session_end(&mut self, input: &str) {
        if self.session.user.is_none() {
            self.ignored(input, "not_logged_in");
            return;
        }
        self.end_session();
        self.reconcile();
    }

    /// Ends the session: timers of the token region stop, a pending clear is dropped, the
    /// server record is forgotten, and the launcher badge goes back to 0.
    fn end_session(&mut self) {
        self.cancel(TimerName::TokenUpload);
        self.cancel(TimerName::UploadRetry);
        self.cancel(TimerName::ClearRetry);
        self.token.upload_attempt = 0;
        self.token.clear_attempt = 0;
        // Only the ending user's record (and pending upload) is forgotten: another user's
        // (left by a clear that never succeeded, or by a process that died during an upload)
        // must survive so that its clear goes out at that user's next login.
        if let Some(ending) = self.session.user.clone() {
            self.forget_uploads_of(&ending);
        }
        self.session.user = None;
        self.on_session_end_visibility();
    }

    /// Once per process, when init and a login have happened, permission is unknown, and the
    /// platform asks for it (a vendor that requests it, Android API ≥ 33, iOS).
    pub(super) fn maybe_request_permission(&mut self) {
        if self.session.permission_requested
            || self.session.permission.is_some()
            || !self.init_done()
            || self.session.user.is_none()
        {
            return;
        }
        let vendor_asks = self
            .selected()
            .and_then(|v| self.plugin(v))
            .is_some_and(|p| p.capabilities().requests_permission);
        let platform_asks = self.device.is_ios() || self.device.android_api_at_least(33);
        if vendor_asks || platform_asks {
            self.session.permission_requested = true;
            self.effect(Effect::RequestPermission);
        }
    }

    pub(super) fn on_permission(&mut self, granted: bool) {
        self.session.permission = Some(granted);
        if !granted {
            self.warning(
                WarningCode::NotificationsDenied,
                "the user denied notifications; the token is still uploaded",
            );
        }
    }
}
