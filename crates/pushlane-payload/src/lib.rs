//! The sending side of pushlane: what a push looks like when a message is sent.
//!
//! - [`OfflinePushInfo`]: the Chat SDK's offline-push fields of a message;
//! - [`PushBuilder`]: builds it from a [`Message`] the way TUIKit does (`ext` naming the
//!   conversation, `desc` from the element summary table the local notifications use);
//! - [`lint`]: finds what will make the push not arrive or arrive degraded, with the
//!   cross-vendor rules here and each vendor's own rules from its plugin;
//! - [`rest`]: the Chat REST API's bodies (single send, batch send, push to all);
//! - [`call`]: call invitations (audio/video calls with an offline push to the callee).
//!
//! No tokio, no I/O: values in, values out.
//!
//! ```
//! use pushlane_payload::{lint, ElemType, Message, PushBuilder};
//!
//! let message = Message::new("alice", ElemType::Image).in_group("g42");
//! let info = PushBuilder::new(&message).build();
//! assert_eq!(info.desc, "[Image]");
//! assert_eq!(info.ext, r#"{"conversationID":"group_g42"}"#);
//! assert!(lint(&info, &message, &["fcm", "apns"]).is_empty());
//! ```

mod build;
pub mod call;
pub mod error;
mod info;
pub mod lint;
mod message;
pub mod rest;

pub use build::{ExtForm, PushBuilder};
pub use error::PayloadError;
pub use info::{IosPushType, OfflinePushInfo, VIVO_SYSTEM};
pub use lint::{
    has_errors, lint, lint_with_summaries, Field, Finding, LengthLimit, Push, SendingTarget,
    Severity, Unit,
};
pub use message::{summary, CallKind, ElemType, Message, Summaries};
