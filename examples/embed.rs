//! A minimal Rust host: runs the engine over a real SQLite store for a short Xiaomi session and
//! writes a journal of every input, which `pushlane replay` turns back into a trace.
//!
//! ```sh
//! cargo run --example embed -- target/embed-demo
//! cargo run -p pushlane-cli -- replay target/embed-demo/journal.jsonl
//! ```

use pushlane::runtime::{async_trait, Engine, Host, HostError};
use pushlane::{AppLifecycle, DeviceInfo, Effect};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Answers every effect at once; a real host calls the Chat SDK, the vendor SDK and the UI.
struct DemoHost;

#[async_trait]
impl Host for DemoHost {
    async fn perform(&self, effect: &Effect) -> Result<(), HostError> {
        println!("host: {}", effect.kind());
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
    let device = DeviceInfo::android("Xiaomi")
        .with_brand("Redmi")
        .with_api(34)
        .with_prop("ro.miui.ui.version.name", "V140");
    let engine_config = pushlane::engine_config(config, device).with_journal(&journal);
    let engine =
        Engine::open_sqlite(engine_config, Arc::new(DemoHost), &dir.join("push.db"))?.spawn()?;

    engine.sdk_initialized()?;
    engine.plugin_init()?;
    engine.login("alice")?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    engine.vendor_token("mi-token-1", Some("xiaomi"))?;
    tokio::time::sleep(Duration::from_secs(6)).await;
    engine.app_state(AppLifecycle::Paused)?;
    let status = engine.status().await?;
    println!(
        "status: vendor {:?}, upload {:?}",
        status.vendor, status.upload
    );
    engine.shutdown().await;
    println!("journal: {}", journal.display());
    Ok(())
}
