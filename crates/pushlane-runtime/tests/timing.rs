//! Upload timing on paused tokio time: the delay, late tokens, backoff, logout, token refresh
//! during an upload, and host calls that hang.

mod support;

use pushlane::{Effect, Event, UploadState};
use std::time::Duration;
use support::{engine, Scene, Script, TOKEN_A, TOKEN_B};

#[tokio::test(start_paused = true)]
async fn upload_waits_for_the_5_s_delay_after_init() {
    let mut scene = Scene::start(engine());
    scene.boot();
    scene.at(4_999).await;
    assert!(scene.host.uploads().is_empty());
    assert!(matches!(
        scene.handle.status().await.unwrap().upload,
        UploadState::ScheduledAt { at_ms: 5_000 }
    ));
    scene.at(10_000).await;
    assert_eq!(scene.host.uploads(), vec![(5_000, TOKEN_A.to_string())]);
    let uploaded = scene.events("token_uploaded").await;
    assert_eq!(uploaded.len(), 1);
    assert_eq!(uploaded[0].0, 5_000);
    assert_eq!(
        scene.handle.status().await.unwrap().upload,
        UploadState::Uploaded
    );
}

#[tokio::test(start_paused = true)]
async fn a_late_token_uploads_at_once_and_polling_stops() {
    let scene = Scene::start(engine());
    assert!(scene.handle.sdk_initialized());
    assert!(scene.handle.plugin_init());
    assert!(scene.handle.login("alice"));
    scene.at(7_000).await;
    assert!(scene.handle.vendor_token(TOKEN_A, Some("xiaomi")));
    scene.at(30_000).await;
    assert_eq!(scene.host.uploads(), vec![(7_000, TOKEN_A.to_string())]);
    // Xiaomi's token is polled every 2 s while unknown, and no longer once it arrived.
    assert_eq!(
        scene.host.times_of("fetch_token"),
        vec![2_000, 4_000, 6_000]
    );
}

#[tokio::test(start_paused = true)]
async fn failed_uploads_back_off_1_2_4_to_60_s_over_7_minutes() {
    let wall = std::time::Instant::now();
    let mut scene = Scene::start(engine());
    scene.host.script(
        "upload_token",
        Script {
            fail: 12,
            ..Script::default()
        },
    );
    scene.boot();
    scene.at(8 * 60_000).await;
    let times: Vec<u64> = scene.host.uploads().into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        times,
        vec![
            5_000, 6_000, 8_000, 12_000, 20_000, 36_000, 68_000, 128_000, 188_000, 248_000,
            308_000, 368_000, 428_000
        ]
    );
    let failed: Vec<(u32, Option<u64>)> = scene
        .events("upload_failed")
        .await
        .into_iter()
        .map(|(_, e)| match e {
            Event::UploadFailed {
                attempt,
                retry_in_ms,
                ..
            } => (attempt, retry_in_ms),
            _ => unreachable!(),
        })
        .collect();
    let expected: Vec<(u32, Option<u64>)> = [
        1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000,
    ]
    .into_iter()
    .enumerate()
    .map(|(i, ms)| (i as u32 + 1, Some(ms)))
    .collect();
    assert_eq!(failed, expected);
    let uploaded = scene.events("token_uploaded").await;
    assert_eq!(
        uploaded.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        [428_000]
    );
    assert!(
        wall.elapsed() < Duration::from_secs(5),
        "paused time should run 7 minutes of backoff in milliseconds, took {:?}",
        wall.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn logout_during_backoff_cancels_the_retry() {
    let mut scene = Scene::start(engine());
    scene.host.script(
        "upload_token",
        Script {
            fail: 2,
            ..Script::default()
        },
    );
    scene.boot();
    // 5000 fails (retry at 6000), 6000 fails (retry at 8000); log out in between.
    scene.at(7_000).await;
    assert!(scene.handle.logout());
    scene.at(60_000).await;
    assert_eq!(
        scene.host.uploads(),
        vec![(5_000, TOKEN_A.to_string()), (6_000, TOKEN_A.to_string())]
    );
    let cancelled = scene.collect().await.iter().any(|i| {
        i.at_ms == 7_000
            && matches!(
                i.effect(),
                Some(Effect::CancelTimer {
                    timer: pushlane::TimerName::UploadRetry
                })
            )
    });
    assert!(cancelled, "logout cancels upload_retry");
    // The next login uploads again, at once (the delay since init is long over).
    assert!(scene.handle.login("alice"));
    scene.at(61_000).await;
    assert_eq!(
        scene.host.uploads().last(),
        Some(&(60_000, TOKEN_A.to_string()))
    );
    assert_eq!(
        scene.handle.status().await.unwrap().upload,
        UploadState::Uploaded
    );
}

#[tokio::test(start_paused = true)]
async fn a_token_refreshed_during_an_upload_goes_out_when_the_result_arrives() {
    let mut scene = Scene::start(engine());
    scene.host.script(
        "upload_token",
        Script {
            latency: Duration::from_secs(3),
            ..Script::default()
        },
    );
    scene.boot();
    scene.at(6_000).await;
    assert!(matches!(
        scene.handle.status().await.unwrap().upload,
        UploadState::Uploading { .. }
    ));
    assert!(scene.handle.vendor_token(TOKEN_B, Some("xiaomi")));
    scene.at(20_000).await;
    // One upload in flight at a time: B goes out when A's result arrives (at 8000).
    assert_eq!(
        scene.host.uploads(),
        vec![(5_000, TOKEN_A.to_string()), (8_000, TOKEN_B.to_string())]
    );
    let uploaded: Vec<u64> = scene
        .events("token_uploaded")
        .await
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(uploaded, [8_000, 11_000]);
    let status = scene.handle.status().await.unwrap();
    assert_eq!(status.token.as_deref(), Some(TOKEN_B));
    assert_eq!(status.upload, UploadState::Uploaded);
}

#[tokio::test(start_paused = true)]
async fn an_upload_that_hangs_past_the_timeout_fails_and_is_retried() {
    let mut scene = Scene::start(engine().effect_timeout(Duration::from_secs(10)));
    scene.host.script(
        "upload_token",
        Script {
            hang: 1,
            ..Script::default()
        },
    );
    scene.boot();
    scene.at(30_000).await;
    assert_eq!(
        scene.host.uploads(),
        vec![(5_000, TOKEN_A.to_string()), (16_000, TOKEN_A.to_string())]
    );
    let failed = scene.events("upload_failed").await;
    assert_eq!(failed.len(), 1);
    let (
        at,
        Event::UploadFailed {
            attempt,
            retry_in_ms,
            error,
        },
    ) = &failed[0]
    else {
        unreachable!()
    };
    assert_eq!((*at, *attempt, *retry_in_ms), (15_000, 1, Some(1_000)));
    assert!(error.as_deref().unwrap().contains("timed out"), "{error:?}");
    assert_eq!(scene.events("token_uploaded").await[0].0, 16_000);
}

#[tokio::test(start_paused = true)]
async fn a_hanging_call_without_result_is_abandoned_after_the_timeout() {
    let mut scene = Scene::start(engine().effect_timeout(Duration::from_secs(2)));
    scene.host.script(
        "report_background",
        Script {
            hang: 1,
            ..Script::default()
        },
    );
    scene.boot();
    scene.at(1_000).await;
    assert!(scene.handle.app_state(pushlane::AppLifecycle::Paused));
    // Sent while the hanging call runs: handled at once; its report_foreground waits for its
    // turn behind report_background, which is abandoned at the 2 s timeout.
    scene.at(1_500).await;
    assert!(scene.handle.app_state(pushlane::AppLifecycle::Resumed));
    scene.at(10_000).await;
    let handled: Vec<u64> = scene
        .inputs("app_state")
        .await
        .into_iter()
        .map(|(at, _)| at)
        .collect();
    assert_eq!(handled, [1_000, 1_500]);
    assert_eq!(scene.host.times_of("report_background"), vec![1_000]);
    assert_eq!(scene.host.times_of("report_foreground"), vec![3_000]);
    let failed = scene.host_failures().await;
    assert_eq!(failed.len(), 1);
    assert_eq!(
        (failed[0].0, failed[0].1.as_str()),
        (3_000, "report_background")
    );
    assert!(failed[0].2.contains("timed out"), "{failed:?}");
    // The upload delay is counted in engine time, independent of the stall.
    assert_eq!(scene.host.uploads(), vec![(5_000, TOKEN_A.to_string())]);
}
