//! The runtime's own bounds and their defaults (set on the
//! [`EngineBuilder`](crate::EngineBuilder)).

use std::time::Duration;

/// Default bound on one host call.
pub const DEFAULT_EFFECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default bound on finishing the host calls already asked for at shutdown.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(2);
/// Default capacity of the subscriber channel (a subscriber further behind loses items).
pub const DEFAULT_EVENT_CAPACITY: usize = 1024;
