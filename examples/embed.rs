//! A minimal Rust host: runs the engine over a real SQLite store for a short Xiaomi session and
//! writes a journal of every input, which `pushlane replay` turns back into a trace.
//!
//! ```sh
//! cargo run --example embed -- target/embed-demo
//! cargo run -p pushlane-cli -- replay target/embed-demo/journal.jsonl
//! ```
//!
//! The host is created before the engine, as a Kotlin or Swift object handed over through
//! bindings would be. It answers `register_vendor` and `request_permission` through the
//! `InputSender` every call receives, the way a vendor SDK callback or a permission dialog
//! would.

use pushlane::runtime::{async_trait, Host, HostEffect, HostError, InputSender, StoreChoice};
use pushlane::{AppLifecycle, DeviceInfo, SetBadgeCall};
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Answers every effect at once; a real host calls the Chat SDK, the vendor SDK and the UI.
struct DemoHost;

#[async_trait]
impl Host for DemoHost {
    async fn perform(&self, effect: HostEffect, engine: &InputSender) -> Result<(), HostError> {
        match effect {
            HostEffect::RegisterVendor { vendor } => {
                println!("host: register with the {vendor} SDK");
                // A real host passes a clone of `engine` to the vendor SDK's callback, which
                // may run on any thread later.
                engine.vendor_token("mi-token-1", Some(&vendor));
            }
            HostEffect::RequestPermission => {
                println!("host: ask for notification permission (the user allows)");
                engine.permission(true);
            }
            HostEffect::UploadToken {
                vendor,
                business_id,
                ..
            } => {
                // chat_sdk.set_offline_push_config(business_id, &token).await?
                println!("host: upload the {vendor} token for business id {business_id}");
            }
            HostEffect::SetBadge { count, call } => match call {
                SetBadgeCall::XiaomiMessageCount { .. } => {
                    println!("host: set MIUI's message count to {count}")
                }
                SetBadgeCall::ContentProvider { uri, method, .. } => {
                    println!("host: call {method} on {uri}")
                }
                SetBadgeCall::Broadcast { action, .. } => println!("host: broadcast {action}"),
                SetBadgeCall::IosBadge { count } => println!("host: icon badge {count}"),
            },
            HostEffect::DeliverClick {
                conversation_id, ..
            } => println!("host: open conversation {conversation_id:?}"),
            other => println!("host: {}", other.kind()),
        }
        Ok(())
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/embed-demo".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let journal = dir.join("journal.jsonl");
    let _ = std::fs::remove_file(&journal);

    let config = pushlane::parse_config_toml(
        r#"
        edition = "china"
        package_name = "com.example.chat"
        launcher_class = "com.example.chat.MainActivity"
        [[vendors]]
        vendor = "xiaomi"
        business_id = 10001
        app_id = "2882303761517000000"
        app_key = "5731700000000"
        "#,
    )?;
    // MIUI 11: the last MIUI with Xiaomi's message-count badge call.
    let device = DeviceInfo::android("Xiaomi")
        .with_brand("Redmi")
        .with_api(34)
        .with_prop("ro.miui.ui.version.name", "V11");
    let host = Arc::new(DemoHost);
    let engine = pushlane::engine(config, device)
        .store(StoreChoice::Sqlite(dir.join("push.db")))
        .journal(&journal)
        .start(host)?;

    engine.sdk_initialized();
    engine.plugin_init();
    engine.login("alice");
    tokio::time::sleep(Duration::from_secs(6)).await; // the 5 s upload delay
    engine.app_state(AppLifecycle::Paused);
    engine.unread(3);
    tokio::time::sleep(Duration::from_secs(1)).await;
    engine.notification_clicked(
        "xiaomi",
        json!({"title": "Bob", "content": "hi", "msgId": "m1", "ext": "{\"conversationID\":\"c2c_bob\"}"}),
    );
    engine.app_state(AppLifecycle::Resumed);
    engine.ui_ready();
    let status = engine.status().await?;
    println!(
        "status: vendor {:?}, upload {:?}",
        status.vendor, status.upload
    );
    engine.shutdown().await;
    println!("journal: {}", journal.display());
    Ok(())
}
