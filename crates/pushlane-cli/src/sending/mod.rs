//! The sending side on the command line: a push file (a message being sent, its offline-push
//! info, its targets and recipients) checked by `pushlane lint` and turned into the Chat REST
//! API's bodies by `pushlane payload`.

pub mod lint;
pub mod payload;
pub mod push_file;
