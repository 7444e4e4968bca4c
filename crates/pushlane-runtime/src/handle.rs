//! The cloneable handle a host uses to talk to a running engine, from any thread.

use crate::error::RuntimeError;
use crate::item::EngineItem;
use pushlane_core::{AppLifecycle, Input, Message, Status};
use tokio::sync::{broadcast, mpsc, oneshot};

/// What the engine task is asked to do.
pub(crate) enum Command {
    Input(Input),
    Status(oneshot::Sender<Status>),
    Shutdown(oneshot::Sender<()>),
}

/// A handle to a running engine. Clone it freely; sending inputs needs no runtime and never
/// blocks (inputs are queued and handled in the order sent). When the last handle is dropped the
/// engine stops as if [`shutdown`](Self::shutdown) had been called.
#[derive(Clone, Debug)]
pub struct EngineHandle {
    tx: mpsc::UnboundedSender<Command>,
    events: broadcast::Sender<EngineItem>,
}

/// A handle that does not keep the engine alive: what a host keeps to feed inputs back
/// (`vendor_token` after `register_vendor`, …) without a reference cycle.
#[derive(Clone, Debug)]
pub struct WeakEngineHandle {
    tx: mpsc::WeakUnboundedSender<Command>,
    events: broadcast::WeakSender<EngineItem>,
}

impl WeakEngineHandle {
    /// The handle, while the engine runs and some other handle exists.
    pub fn upgrade(&self) -> Option<EngineHandle> {
        Some(EngineHandle {
            tx: self.tx.upgrade()?,
            events: self.events.upgrade()?,
        })
    }
}

macro_rules! inputs {
    ($($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty),*) => $input:expr;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(&self $(, $arg: $ty)*) -> Result<(), RuntimeError> {
                self.send($input)
            }
        )*
    };
}

impl EngineHandle {
    pub(crate) fn new(
        tx: mpsc::UnboundedSender<Command>,
        events: broadcast::Sender<EngineItem>,
    ) -> Self {
        EngineHandle { tx, events }
    }

    /// Queues an input. `Err(Closed)` once the engine has stopped.
    pub fn send(&self, input: Input) -> Result<(), RuntimeError> {
        self.tx
            .send(Command::Input(input))
            .map_err(|_| RuntimeError::Closed)
    }

    inputs! {
        /// `sdk_initialized`: the Chat SDK is initialised.
        sdk_initialized() => Input::SdkInitialized;
        /// `plugin_init`: push initialisation requested.
        plugin_init() => Input::PluginInit;
        /// `login`: the Chat SDK login succeeded.
        login(user_id: impl Into<String>) => Input::Login { user_id: user_id.into() };
        /// `logout`: proactive logout.
        logout() => Input::Logout;
        /// `kicked_offline`: forced logout.
        kicked_offline() => Input::KickedOffline;
        /// `user_sig_expired`: credentials expired.
        user_sig_expired() => Input::UserSigExpired;
        /// `app_state`: app lifecycle change.
        app_state(state: AppLifecycle) => Input::AppState { state };
        /// `unread`: the total unread count changed.
        unread(count: u32) => Input::Unread { count };
        /// `vendor_token`: the vendor SDK produced a token (`vendor: None` = the selected one).
        vendor_token(token: impl Into<String>, vendor: Option<&str>) => Input::VendorToken {
            token: token.into(),
            vendor: vendor.map(str::to_string),
        };
        /// `vendor_error`: vendor registration failed.
        vendor_error(reason: impl Into<String>) => Input::VendorError { reason: reason.into() };
        /// `permission`: the answer to `request_permission`.
        permission(granted: bool) => Input::Permission { granted };
        /// `push_enabled`: the user switched this device's notifications on or off.
        push_enabled(enabled: bool) => Input::PushEnabled { enabled };
        /// `notification_clicked`: a raw click as the vendor delivered it.
        notification_clicked(source: impl Into<String>, payload: serde_json::Value) =>
            Input::NotificationClicked { source: source.into(), payload };
        /// `ui_ready`: the host can navigate now.
        ui_ready() => Input::UiReady;
        /// `conversation_shown`: the conversation on screen now (`None`: none).
        conversation_shown(conversation_id: Option<String>) =>
            Input::ConversationShown { conversation_id };
        /// `message_received`: a message arrived over the online connection.
        message_received(message: Message) => Input::MessageReceived { message };
    }

    /// Every input, effect and event from now on (see [`EngineItem`]). A subscriber more than
    /// the configured capacity behind loses the oldest items (`RecvError::Lagged`); the
    /// channel closes when the engine has stopped and every handle is gone.
    pub fn subscribe(&self) -> broadcast::Receiver<EngineItem> {
        self.events.subscribe()
    }

    /// A snapshot of the machine, after every input sent before this call was handled.
    pub async fn status(&self) -> Result<Status, RuntimeError> {
        let (tx, rx) = oneshot::channel();
        self.tx
            .send(Command::Status(tx))
            .map_err(|_| RuntimeError::Closed)?;
        rx.await.map_err(|_| RuntimeError::Closed)
    }

    /// Stops the engine after the inputs already sent: in-flight host calls are awaited up to
    /// the shutdown bound (their results still reach the store), then the task ends and the
    /// host and store are dropped. Returns when that is done; at once if it already was.
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

    /// A handle that does not keep the engine alive.
    pub fn downgrade(&self) -> WeakEngineHandle {
        WeakEngineHandle {
            tx: self.tx.downgrade(),
            events: self.events.downgrade(),
        }
    }
}
