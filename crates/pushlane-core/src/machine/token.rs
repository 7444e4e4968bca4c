//! Region `token` (lifecycle.md §6): the upload condition, the delay, dedup against the
//! persisted record, one upload in flight (remembered in the store while it waits for its
//! result), backoff, and push enable/disable with clear.

use super::wanted::WantedUpload;
use super::{backoff_ms, Machine};
use crate::effect::Effect;
use crate::event::Event;
use crate::input::TimerName;
use crate::persist::{StoreWrite, UploadRecord};
use crate::statechart::token;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum InFlightKind {
    Upload(UploadRecord),
    Clear(UploadRecord),
}

#[derive(Debug, Clone)]
pub(super) struct InFlight {
    pub effect_id: u64,
    pub session: u64,
    pub kind: InFlightKind,
}

#[derive(Debug, Default)]
pub(super) struct TokenRegion {
    pub in_flight: Option<InFlight>,
    /// Consecutive failed uploads of `attempt_record`.
    pub upload_attempt: u32,
    /// The upload the attempts count for: a new token *or vendor* starts again.
    pub attempt_record: Option<UploadRecord>,
    pub clear_attempt: u32,
    /// U held after the previous input.
    pub u_held: bool,
    /// This period of U has been settled (uploaded, or the skip was announced).
    pub settled: bool,
}

impl Machine {
    pub(super) fn token_state(&self) -> &'static str {
        match &self.token.in_flight {
            Some(InFlight {
                kind: InFlightKind::Clear(_),
                ..
            }) => return token::CLEARING,
            Some(_) => return token::UPLOADING,
            None => {}
        }
        if self.is_armed(TimerName::ClearRetry) {
            token::CLEARING
        } else if self.is_armed(TimerName::UploadRetry) {
            token::RETRYING
        } else if self.is_armed(TimerName::TokenUpload) {
            token::SCHEDULED
        } else if self
            .desired_record()
            .is_some_and(|want| self.known_on_server(want))
        {
            token::UPLOADED
        } else if self.current_token().is_some() {
            token::KNOWN
        } else {
            token::NONE
        }
    }

    /// Condition U: init done ∧ vendor not `local` ∧ logged in ∧ token non-empty ∧ push enabled.
    pub(super) fn upload_condition(&self) -> bool {
        self.init_done()
            && !self.selected_is_local()
            && self.session.user.is_some()
            && self.current_token().is_some()
            && self.store.push_enabled
    }

    /// The record an upload now would put on the server.
    pub(super) fn desired_record(&self) -> Option<WantedUpload<'_>> {
        let selected = self.init.selected.as_ref().filter(|s| !s.is_local)?;
        Some(WantedUpload {
            user_id: self.session.user.as_deref()?,
            vendor: &selected.name,
            business_id: selected.business_id?,
            token: self.current_token()?,
        })
    }

    /// Whether the store knows `want` to be on the server: it is the upload record, and no
    /// later upload for the same user, whose result never came (the process died waiting), may
    /// have replaced it.
    pub(super) fn known_on_server(&self, want: WantedUpload<'_>) -> bool {
        let replaced = self
            .store
            .upload_pending
            .as_ref()
            .is_some_and(|p| p.user_id == want.user_id && !want.is(p));
        self.store
            .upload_record
            .as_ref()
            .is_some_and(|r| want.is(r))
            && !replaced
    }

    /// Brings uploads and clears in line with the state after an input.
    pub(super) fn reconcile(&mut self) {
        self.reconcile_upload();
        self.reconcile_clear();
    }

    fn reconcile_upload(&mut self) {
        if !self.upload_condition() {
            self.token.u_held = false;
            self.cancel(TimerName::TokenUpload);
            self.cancel(TimerName::UploadRetry);
            self.token.upload_attempt = 0;
            return;
        }
        if !self.token.u_held {
            self.token.u_held = true;
            self.token.settled = false;
        }
        if self.token.in_flight.is_some() {
            return;
        }
        let Some(want) = self.desired_record() else {
            return;
        };
        if self.known_on_server(want) {
            self.cancel(TimerName::TokenUpload);
            self.cancel(TimerName::UploadRetry);
            if !self.token.settled {
                self.token.settled = true;
                self.emit(Event::UploadSkipped {
                    reason: "already_uploaded".to_string(),
                });
            }
            return;
        }
        let same_attempt = self
            .token
            .attempt_record
            .as_ref()
            .is_some_and(|r| want.is(r));
        if !same_attempt {
            // A new token (or vendor): the attempt count starts again and a backoff for the old
            // one ends.
            self.token.attempt_record = Some(want.to_record());
            self.token.upload_attempt = 0;
            self.cancel(TimerName::UploadRetry);
        }
        if self.is_armed(TimerName::UploadRetry) {
            return;
        }
        let init_at = self.init.init_at.unwrap_or(self.now);
        let due = init_at
            .saturating_add(self.config.upload_delay_ms)
            .max(self.now);
        if due > self.now {
            self.arm(TimerName::TokenUpload, due);
            return;
        }
        self.cancel(TimerName::TokenUpload);
        // The attempt's record is the wanted one (set above): the upload goes out with it.
        let Some(want) = self.token.attempt_record.clone() else {
            return;
        };
        // Stored before it goes out: if the process dies before the result comes, the next one
        // knows the token may be on the server (and clears it if push is disabled by then).
        if self.store.upload_pending.as_ref() != Some(&want) {
            self.persist(StoreWrite::UploadPending {
                record: Some(want.clone()),
            });
        }
        let effect_id = self.next_effect_id();
        self.token.in_flight = Some(InFlight {
            effect_id,
            session: self.session.seq,
            kind: InFlightKind::Upload(want.clone()),
        });
        self.effect(Effect::UploadToken {
            effect_id,
            vendor: want.vendor,
            business_id: want.business_id,
            token: want.token,
        });
    }

    /// The record to clear: push disabled while logged in and this user's token on the server,
    /// or maybe on it (an upload whose result never came; it is the later of the two).
    fn clear_target(&self) -> Option<&UploadRecord> {
        let user = self.session.user.as_deref()?;
        if self.store.push_enabled {
            return None;
        }
        let of_user = |r: &&UploadRecord| r.user_id == user;
        let pending = self.store.upload_pending.as_ref().filter(of_user);
        pending.or(self.store.upload_record.as_ref().filter(of_user))
    }

    /// Forgets that `user`'s token is, or may be, on the server: their record, then their
    /// pending upload (a crash between the two leaves the pending entry, which at worst clears
    /// once more or uploads again).
    pub(super) fn forget_uploads_of(&mut self, user: &str) {
        if self
            .store
            .upload_record
            .as_ref()
            .is_some_and(|r| r.user_id == user)
        {
            self.persist(StoreWrite::UploadRecord { record: None });
        }
        if self
            .store
            .upload_pending
            .as_ref()
            .is_some_and(|r| r.user_id == user)
        {
            self.persist(StoreWrite::UploadPending { record: None });
        }
    }

    fn reconcile_clear(&mut self) {
        if self.clear_target().is_none() {
            self.cancel(TimerName::ClearRetry);
            self.token.clear_attempt = 0;
            return;
        }
        if self.token.in_flight.is_some() || self.is_armed(TimerName::ClearRetry) {
            return;
        }
        let Some(record) = self.clear_target().cloned() else {
            return;
        };
        let effect_id = self.next_effect_id();
        self.token.in_flight = Some(InFlight {
            effect_id,
            session: self.session.seq,
            kind: InFlightKind::Clear(record.clone()),
        });
        self.effect(Effect::ClearToken {
            effect_id,
            vendor: record.vendor,
            business_id: record.business_id,
        });
    }

    pub(super) fn on_push_enabled(&mut self, enabled: bool) {
        if self.store.push_enabled != enabled {
            self.persist(StoreWrite::PushEnabled { enabled });
        }
        self.reconcile();
    }

    pub(super) fn on_effect_done(&mut self, effect_id: u64, ok: bool, error: Option<String>) {
        let in_flight = match &self.token.in_flight {
            Some(f) if f.effect_id == effect_id => self.token.in_flight.take().unwrap(),
            _ => {
                self.ignored("effect_done", "unknown_effect");
                return;
            }
        };
        if self.session.user.is_none() || in_flight.session != self.session.seq {
            self.ignored("effect_done", "session_ended");
            self.reconcile();
            return;
        }
        match in_flight.kind {
            InFlightKind::Upload(record) => self.upload_done(record, ok, error),
            InFlightKind::Clear(record) => self.clear_done(record, ok, error),
        }
        self.reconcile();
    }

    fn upload_done(&mut self, record: UploadRecord, ok: bool, error: Option<String>) {
        if ok {
            let vendor = record.vendor.clone();
            let business_id = record.business_id;
            self.persist(StoreWrite::UploadRecord {
                record: Some(record),
            });
            self.token.upload_attempt = 0;
            self.token.settled = true;
            self.emit(Event::TokenUploaded {
                vendor,
                business_id,
            });
            return;
        }
        // A failure: this upload is not on the server.
        if self.store.upload_pending.as_ref() == Some(&record) {
            self.persist(StoreWrite::UploadPending { record: None });
        }
        self.token.upload_attempt += 1;
        let attempt = self.token.upload_attempt;
        // The same upload, not merely the same token text: after a vendor switch the new
        // vendor's token goes out at once even when its text is equal.
        let same_token_wanted =
            self.upload_condition() && self.desired_record().is_some_and(|want| want.is(&record));
        let retry_in_ms = same_token_wanted.then(|| backoff_ms(attempt));
        self.emit(Event::UploadFailed {
            attempt,
            retry_in_ms,
            error,
        });
        if let Some(delay) = retry_in_ms {
            self.arm(TimerName::UploadRetry, self.now.saturating_add(delay));
        }
    }

    fn clear_done(&mut self, record: UploadRecord, ok: bool, error: Option<String>) {
        if ok {
            self.forget_uploads_of(&record.user_id);
            self.token.clear_attempt = 0;
            self.emit(Event::TokenCleared {
                vendor: record.vendor,
                business_id: record.business_id,
            });
            return;
        }
        self.token.clear_attempt += 1;
        let attempt = self.token.clear_attempt;
        let retry_in_ms = self.clear_target().is_some().then(|| backoff_ms(attempt));
        self.emit(Event::ClearFailed {
            attempt,
            retry_in_ms,
            error,
        });
        if let Some(delay) = retry_in_ms {
            self.arm(TimerName::ClearRetry, self.now.saturating_add(delay));
        }
    }
}
