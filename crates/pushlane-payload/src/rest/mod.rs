//! The Chat (IM) REST API bodies a server sends a message with, serialised exactly as the API
//! expects (PascalCase names, `From_Account`, fields in the documented order):
//!
//! - [`SingleSend`]: `POST /v4/openim/sendmsg`, one recipient
//!   (<https://trtc.io/document/34919>);
//! - [`BatchSend`]: `POST /v4/openim/batchsendmsg`, at most [`BATCH_LIMIT`] recipients per
//!   request (<https://trtc.io/document/34920>);
//! - [`PushToAll`]: `POST /v4/all_member_push/im_push`, every user of the app
//!   (<https://trtc.io/document/37166>).
//!
//! Each body carries a [`MsgBody`] (message elements, <https://trtc.io/document/33527>) and a
//! [`RestOfflinePushInfo`], the REST form of [`OfflinePushInfo`](crate::OfflinePushInfo)
//! (field reference: <https://trtc.io/document/33527> and <https://trtc.io/document/77715>).
//!
//! Start from [`Outgoing`]:
//!
//! ```
//! use pushlane_payload::rest::Outgoing;
//! use pushlane_payload::{Message, PushBuilder};
//!
//! let message = Message::text("alice", "hi");
//! let outgoing = Outgoing::from_message(&message, &PushBuilder::new(&message).build())?;
//! let body = serde_json::to_value(outgoing.single("bob"))?;
//! assert_eq!(body["To_Account"], "bob");
//! assert_eq!(body["MsgBody"][0]["MsgContent"]["Text"], "hi");
//! assert_eq!(body["OfflinePushInfo"]["Ext"], r#"{"conversationID":"c2c_alice"}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Omitted fields: an optional field is left out when it is unset (an empty string counts as
//! unset) or equal to the server's documented default, as the API's own examples do.
//! `PushFlag` is always written, so a body says plainly whether it pushes.

mod body;
mod offline;
mod outgoing;
mod random;
mod send;

pub use body::{
    CustomContent, FaceContent, LocationContent, MsgBody, MsgElement, RawContent, TextContent,
};
pub use offline::{AndroidInfo, ApnsInfo, RestOfflinePushInfo};
pub use outgoing::{default_msg_random, Outgoing};
pub use random::fnv1a32;
pub use send::{
    BatchSend, PushToAll, SingleSend, BATCH_LIMIT, MAX_MSG_LIFETIME, SYNC_NOT_TO_SENDER,
};
