//! Talking to a running engine from any thread: the [`EngineHandle`] the app keeps, and the
//! [`InputSender`] every host call receives.

use crate::error::RuntimeError;
use crate::item::EngineItem;
use pushlane_core::{AppLifecycle, Input, Message, Status};
use tokio::sync::{broadcast, mpsc, oneshot};
use tracing::info;

/// What the engine task is asked to do.
pub(crate) enum Command {
    Input(Input),
    Status(oneshot::Sender<Status>),
    Shutdown(oneshot::Sender<()>),
}

/// Queues an input; `false` (and a log line naming the input's kind, nothing else) once the
/// engine has stopped.
fn queue(tx: Option<mpsc::UnboundedSender<Command>>, input: Input) -> bool {
    let kind = input.kind();
    let queued = tx.is_some_and(|tx| tx.send(Command::Input(input)).is_ok());
    if !queued {
        info!(input = kind, "the engine has stopped: input dropped");
    }
    queued
}

/// The named inputs of lifecycle.md §1, the same on [`EngineHandle`] and [`InputSender`]. Each
/// returns whether the input was queued: `false` only once the engine has stopped, which a
/// caller can ignore (the input is dropped with a log line).
macro_rules! input_methods {
    () => {
        /// `sdk_initialized`: the Chat SDK is initialised.
        pub fn sdk_initialized(&self) -> bool {
            self.queue(Input::SdkInitialized)
        }

        /// `plugin_init`: push initialisation requested.
        pub fn plugin_init(&self) -> bool {
            self.queue(Input::PluginInit)
        }

        /// `login`: the Chat SDK login succeeded.
        pub fn login(&self, user_id: impl Into<String>) -> bool {
            self.queue(Input::Login {
                user_id: user_id.into(),
            })
        }

        /// `logout`: proactive logout.
        pub fn logout(&self) -> bool {
            self.queue(Input::Logout)
        }

        /// `kicked_offline`: forced logout.
        pub fn kicked_offline(&self) -> bool {
            self.queue(Input::KickedOffline)
        }

        /// `user_sig_expired`: credentials expired.
        pub fn user_sig_expired(&self) -> bool {
            self.queue(Input::UserSigExpired)
        }

        /// `app_state`: app lifecycle change.
        pub fn app_state(&self, state: AppLifecycle) -> bool {
            self.queue(Input::AppState { state })
        }

        /// `unread`: the total unread count changed.
        pub fn unread(&self, count: u32) -> bool {
            self.queue(Input::Unread { count })
        }

        /// `vendor_token`: the vendor SDK produced a token (`vendor: None` = the selected
        /// vendor). The empty token means "not available yet".
        pub fn vendor_token(&self, token: impl Into<String>, vendor: Option<&str>) -> bool {
            self.queue(Input::VendorToken {
                token: token.into(),
                vendor: vendor.map(str::to_string),
            })
        }

        /// `vendor_error`: vendor registration failed.
        pub fn vendor_error(&self, reason: impl Into<String>) -> bool {
            self.queue(Input::VendorError {
                reason: reason.into(),
            })
        }

        /// `permission`: the answer to `request_permission`.
        pub fn permission(&self, granted: bool) -> bool {
            self.queue(Input::Permission { granted })
        }

        /// `push_enabled`: the user switched this device's notifications on or off.
        pub fn push_enabled(&self, enabled: bool) -> bool {
            self.queue(Input::PushEnabled { enabled })
        }

        /// `notification_clicked`: a raw click as the vendor delivered it.
        pub fn notification_clicked(
            &self,
            source: impl Into<String>,
            payload: serde_json::Value,
        ) -> bool {
            self.queue(Input::NotificationClicked {
                source: source.into(),
                payload,
            })
        }

        /// `ui_ready`: the host can navigate now.
        pub fn ui_ready(&self) -> bool {
            self.queue(Input::UiReady)
        }

        /// `conversation_shown`: the conversation on screen now (`None`: none).
        pub fn conversation_shown(&self, conversation_id: Option<String>) -> bool {
            self.queue(Input::ConversationShown { conversation_id })
        }

        /// `message_received`: a message arrived over the online connection.
        pub fn message_received(&self, message: Message) -> bool {
            self.queue(Input::MessageReceived { message })
        }
    };
}

/// A handle to a running engine: what the app keeps. Clone it freely and use it from any
/// thread; sending an input needs no runtime and never blocks (inputs are queued and handled
/// in the order they reach the queue).
///
/// The named input methods ([`login`](Self::login), [`vendor_token`](Self::vendor_token), …)
/// return whether the input was queued, which is `false` only after the engine stopped; there
/// is nothing to handle. [`send`](Self::send) takes any [`Input`] and returns
/// `Err(RuntimeError::Closed)` then, for callers that care.
///
/// When the last `EngineHandle` is dropped the engine stops as if
/// [`shutdown`](Self::shutdown) had been called ([`InputSender`]s do not keep it alive).
#[derive(Clone, Debug)]
pub struct EngineHandle {
    tx: mpsc::UnboundedSender<Command>,
    events: broadcast::Sender<EngineItem>,
}

impl EngineHandle {
    pub(crate) fn new(
        tx: mpsc::UnboundedSender<Command>,
        events: broadcast::Sender<EngineItem>,
    ) -> Self {
        EngineHandle { tx, events }
    }

    /// Queues any input of lifecycle.md §1. `Err(Closed)` once the engine has stopped.
    pub fn send(&self, input: Input) -> Result<(), RuntimeError> {
        self.tx
            .send(Command::Input(input))
            .map_err(|_| RuntimeError::Closed)
    }

    fn queue(&self, input: Input) -> bool {
        queue(Some(self.tx.clone()), input)
    }

    input_methods!();

    /// Every input, effect and event from now on (see [`EngineItem`]). A subscriber more than
    /// the configured capacity behind loses the oldest items (`RecvError::Lagged`); the
    /// channel closes when the engine has stopped and every handle is gone. To see the items
    /// from the very first one, subscribe on the builder
    /// ([`EngineBuilder::subscribe`](crate::EngineBuilder::subscribe)).
    pub fn subscribe(&self) -> broadcast::Receiver<EngineItem> {
        self.events.subscribe()
    }

    /// A snapshot of the machine, after every input sent before this call was handled. The
    /// engine answers between inputs, never waiting for a host call, so this may be awaited
    /// anywhere, inside [`Host::perform`](crate::Host::perform) too.
    pub async fn status(&self) -> Result<Status, RuntimeError> {
        let (tx, rx) = oneshot::channel();
        self.tx
            .send(Command::Status(tx))
            .map_err(|_| RuntimeError::Closed)?;
        rx.await.map_err(|_| RuntimeError::Closed)
    }

    /// Stops the engine after the inputs already sent: host calls already asked for are
    /// finished up to the shutdown bound (results of uploads and clears still reach the
    /// store), then the task ends and the host and store are dropped. Returns when that is
    /// done; at once if it already was.
    pub async fn shutdown(&self) {
        let (tx, rx) = oneshot::channel();
        if self.tx.send(Command::Shutdown(tx)).is_ok() {
            let _ = rx.await;
        }
    }

    /// Whether the engine has stopped.
    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }

    /// Waits until the engine has stopped.
    pub async fn closed(&self) {
        self.tx.closed().await
    }

    /// An [`InputSender`] for this engine (one that does not keep it alive), e.g. for a vendor
    /// SDK callback registered outside [`Host::perform`](crate::Host::perform).
    pub fn sender(&self) -> InputSender {
        InputSender {
            tx: self.tx.downgrade(),
        }
    }
}

/// Sends inputs to an engine without keeping it alive: what every host call receives, so the
/// host can answer later (`vendor_token` after `register_vendor`, `permission` after
/// `request_permission`, `vendor_error`) from inside [`Host::perform`](crate::Host::perform),
/// from a callback it registers there, or from any other thread.
///
/// Cloneable, `Send + Sync`, never blocks, needs no runtime. The named input methods are the
/// same as [`EngineHandle`]'s and return `false` once the engine has stopped (the input is
/// dropped with a log line); [`send`](Self::send) returns `Err(RuntimeError::Closed)` then.
#[derive(Clone, Debug)]
pub struct InputSender {
    tx: mpsc::WeakUnboundedSender<Command>,
}

impl InputSender {
    pub(crate) fn new(tx: mpsc::WeakUnboundedSender<Command>) -> Self {
        InputSender { tx }
    }

    /// Queues any input of lifecycle.md §1. `Err(Closed)` once the engine has stopped (or is
    /// stopping because every [`EngineHandle`] is gone).
    pub fn send(&self, input: Input) -> Result<(), RuntimeError> {
        self.tx
            .upgrade()
            .ok_or(RuntimeError::Closed)?
            .send(Command::Input(input))
            .map_err(|_| RuntimeError::Closed)
    }

    fn queue(&self, input: Input) -> bool {
        queue(self.tx.upgrade(), input)
    }

    input_methods!();

    /// Whether the engine has stopped (or is stopping because every handle is gone).
    pub fn is_closed(&self) -> bool {
        self.tx.upgrade().is_none_or(|tx| tx.is_closed())
    }
}
