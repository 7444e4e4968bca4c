//! The three request bodies: [`SingleSend`], [`BatchSend`] and [`PushToAll`].

use super::body::MsgBody;
use super::offline::RestOfflinePushInfo;
use serde::Serialize;

/// At most this many recipients per `batchsendmsg` request ("up to 500 at a time",
/// <https://trtc.io/document/34920>); [`Outgoing::batch`](super::Outgoing::batch) splits
/// longer lists.
pub const BATCH_LIMIT: usize = 500;

/// The longest time the server keeps a message for an offline receiver: 7 days, in seconds
/// (`MsgLifeTime`, <https://trtc.io/document/34919>).
pub const MAX_MSG_LIFETIME: u32 = 604_800;

/// `SyncOtherMachine` 2: the message is not synchronised to the sender's other devices and
/// roaming history. Left out, the server does synchronise it, which an admin or service
/// account sending on a user's behalf rarely wants; the API's admin examples all write 2
/// (<https://trtc.io/document/34919>).
pub const SYNC_NOT_TO_SENDER: u8 = 2;

/// `POST /v4/openim/sendmsg`: one message to one user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SingleSend {
    #[serde(rename = "SyncOtherMachine")]
    pub sync_other_machine: u8,
    #[serde(rename = "From_Account")]
    pub from_account: String,
    #[serde(rename = "To_Account")]
    pub to_account: String,
    #[serde(rename = "MsgRandom")]
    pub msg_random: u32,
    /// Seconds the message waits for an offline receiver; left out: 7 days. 0: online only,
    /// so no offline push.
    #[serde(rename = "MsgLifeTime", skip_serializing_if = "Option::is_none")]
    pub msg_life_time: Option<u32>,
    #[serde(rename = "MsgBody")]
    pub msg_body: MsgBody,
    #[serde(rename = "OfflinePushInfo")]
    pub offline_push_info: RestOfflinePushInfo,
}

impl SingleSend {
    pub const PATH: &'static str = "/v4/openim/sendmsg";
}

/// `POST /v4/openim/batchsendmsg`: one message to at most [`BATCH_LIMIT`] users.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchSend {
    #[serde(rename = "SyncOtherMachine")]
    pub sync_other_machine: u8,
    #[serde(rename = "From_Account")]
    pub from_account: String,
    #[serde(rename = "To_Account")]
    pub to_account: Vec<String>,
    #[serde(rename = "MsgRandom")]
    pub msg_random: u32,
    /// As in [`SingleSend::msg_life_time`].
    #[serde(rename = "MsgLifeTime", skip_serializing_if = "Option::is_none")]
    pub msg_life_time: Option<u32>,
    #[serde(rename = "MsgBody")]
    pub msg_body: MsgBody,
    #[serde(rename = "OfflinePushInfo")]
    pub offline_push_info: RestOfflinePushInfo,
}

impl BatchSend {
    pub const PATH: &'static str = "/v4/openim/batchsendmsg";
}

/// `POST /v4/all_member_push/im_push`: one message to every user of the app (a paid
/// feature, limited to 100 calls a day, <https://trtc.io/document/37166>).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PushToAll {
    #[serde(rename = "From_Account")]
    pub from_account: String,
    #[serde(rename = "MsgRandom")]
    pub msg_random: u32,
    /// Seconds the message waits for offline users. Always written: this API's default is 0,
    /// online users only, which would send no offline push at all; at most
    /// [`MAX_MSG_LIFETIME`] (the server refuses more, error 90026).
    #[serde(rename = "MsgLifeTime")]
    pub msg_life_time: u32,
    #[serde(rename = "MsgBody")]
    pub msg_body: MsgBody,
    #[serde(rename = "OfflinePushInfo")]
    pub offline_push_info: RestOfflinePushInfo,
}

impl PushToAll {
    pub const PATH: &'static str = "/v4/all_member_push/im_push";
}
