//! What the child does with its engine: a random session from a seed (or a fixed script), a
//! status round trip after every step, and a watcher that reports the events the checks use.

use super::host::{send_token, DeviceTokens};
use super::out::emit;
use crate::protocol::{Ack, Line, Seen, Sent};
use crate::rng::Rng;
use crate::setup::USERS;
use pushlane::{fingerprint, AppLifecycle, Effect, ElemType, Event, Input, Message, WarningCode};
use pushlane_runtime::{EngineHandle, EngineItem, InputSender, Item};
use std::time::Duration;
use tokio::sync::broadcast;

/// Reports `Q`, waits until every input sent so far is handled, reports `K`.
pub async fn ack(handle: &EngineHandle) -> Result<Option<String>, String> {
    emit(&Line::Query);
    let status = handle.status().await.map_err(|e| format!("status: {e}"))?;
    emit(&Line::Acked(Ack {
        user: status.user_id.clone(),
        vendor: status.vendor.clone(),
        push: status.push_enabled,
    }));
    Ok(status.vendor)
}

fn sent(what: Sent) {
    emit(&Line::Sent(what));
}

async fn advance(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

/// The vendor a new token is for: the selected one, or the device's own while `local` serves.
fn token_vendor<'a>(selected: &'a Option<String>, primary: &'a str) -> &'a str {
    match selected.as_deref() {
        Some(v) if v != "local" => v,
        _ => primary,
    }
}

/// A random session: start-up in a random order, then 6–30 random steps, each acknowledged.
pub async fn random(
    handle: &EngineHandle,
    tokens: &DeviceTokens,
    rng: &mut Rng,
    primary: &str,
) -> Result<(), String> {
    let input = handle.sender();
    // FCM and HMS may hand a token over before the app's code runs.
    if rng.percent(25) {
        send_token(&input, primary, &tokens.current_or_new(primary));
    }
    if rng.percent(15) {
        other(&input, Input::PluginInit);
        other(&input, Input::SdkInitialized);
    } else {
        other(&input, Input::SdkInitialized);
        other(&input, Input::PluginInit);
    }
    if rng.percent(70) {
        other(&input, Input::UiReady);
    }
    let mut selected = ack(handle).await?;
    for _ in 0..rng.between(6, 30) {
        step(&input, tokens, rng, token_vendor(&selected, primary)).await;
        selected = ack(handle).await?;
    }
    advance(rng.between(0, 20_000)).await;
    ack(handle).await?;
    Ok(())
}

/// Step weights: advance time, login, session end, push switch, new token, same token again,
/// app state, unread, message, click, vendor error, permission.
const WEIGHTS: [u64; 12] = [5, 3, 2, 3, 2, 1, 1, 1, 1, 1, 1, 1];

async fn step(input: &InputSender, tokens: &DeviceTokens, rng: &mut Rng, vendor: &str) {
    match rng.weighted(&WEIGHTS) {
        0 => advance(rng.between(0, 8_000)).await,
        1 => {
            let user = *rng.pick(&USERS);
            sent(Sent::Login(user.to_string()));
            input.login(user);
        }
        2 => {
            let end = rng.pick(&[Input::Logout, Input::KickedOffline, Input::UserSigExpired]);
            sent(Sent::End(end.kind().to_string()));
            let _ = input.send(end.clone());
        }
        3 => {
            let on = rng.percent(50);
            sent(Sent::Push(on));
            input.push_enabled(on);
        }
        4 => send_token(input, vendor, &tokens.renew(vendor)),
        5 => send_token(input, vendor, &tokens.current_or_new(vendor)),
        6 => {
            let state = if rng.percent(50) {
                AppLifecycle::Paused
            } else {
                AppLifecycle::Resumed
            };
            other(input, Input::AppState { state });
        }
        7 => other(
            input,
            Input::Unread {
                count: rng.below(120) as u32,
            },
        ),
        8 => other(
            input,
            Input::MessageReceived {
                message: message(rng),
            },
        ),
        9 => other(
            input,
            Input::NotificationClicked {
                source: vendor.to_string(),
                payload: serde_json::json!({
                    "ext": format!("{{\"conversationID\":\"c2c_{}\"}}", rng.pick(&USERS)),
                    "msgId": format!("m{}", rng.below(5)),
                }),
            },
        ),
        10 => other(
            input,
            Input::VendorError {
                reason: "SERVICE_NOT_AVAILABLE".to_string(),
            },
        ),
        _ => other(
            input,
            Input::Permission {
                granted: rng.percent(70),
            },
        ),
    }
}

fn message(rng: &mut Rng) -> Message {
    Message {
        msg_id: format!("m{}", rng.below(1_000)),
        sender: rng.pick(&USERS).to_string(),
        nick_name: None,
        group_id: None,
        elem_type: ElemType::Text,
        text: Some("hello".to_string()),
        is_self: rng.percent(10),
        offline_push_info: None,
    }
}

/// An input nothing of which persists: reported by kind only.
fn other(input: &InputSender, what: Input) {
    sent(Sent::Input(what.kind().to_string()));
    let _ = input.send(what);
}

/// The fixed session of `--script push-off-during-upload`: alice logs in with a known token,
/// the upload goes out at 5 s (the steady server answers after 1 s), and push is switched off
/// at 5.5 s while the upload is in flight.
pub async fn push_off_during_upload(
    handle: &EngineHandle,
    tokens: &DeviceTokens,
    primary: &str,
) -> Result<(), String> {
    let input = handle.sender();
    send_token(&input, primary, &tokens.current_or_new(primary));
    other(&input, Input::SdkInitialized);
    other(&input, Input::PluginInit);
    sent(Sent::Login("alice".to_string()));
    input.login("alice");
    ack(handle).await?;
    advance(5_500).await;
    sent(Sent::Push(false));
    input.push_enabled(false);
    ack(handle).await?;
    advance(10_000).await;
    ack(handle).await?;
    Ok(())
}

/// Reports, in the engine's order, the events the checks use. The user of an upload is the one
/// logged in (per the inputs the engine handled) when the engine asked for it.
pub async fn watch(mut rx: broadcast::Receiver<EngineItem>) {
    let mut user: Option<String> = None;
    let mut upload: Option<(Option<String>, String, u32, String)> = None;
    loop {
        let item = match rx.recv().await {
            Ok(item) => item.item,
            Err(broadcast::error::RecvError::Closed) => return,
            Err(broadcast::error::RecvError::Lagged(n)) => {
                emit(&Line::Error(format!("the watcher lost {n} engine items")));
                std::process::exit(4);
            }
        };
        match item {
            Item::Input(Input::Login { user_id }) => user = Some(user_id),
            Item::Input(Input::Logout | Input::KickedOffline | Input::UserSigExpired) => {
                user = None
            }
            Item::Effect(Effect::UploadToken {
                vendor,
                business_id,
                token,
                ..
            }) => upload = Some((user.clone(), vendor, business_id, fingerprint(&token))),
            Item::Event(Event::TokenUploaded { .. }) => {
                if let Some((user, vendor, business_id, fp)) = upload.take() {
                    emit(&Line::Event(Seen::Uploaded {
                        user,
                        vendor,
                        business_id,
                        fp,
                    }));
                }
            }
            Item::Event(Event::TokenCleared {
                vendor,
                business_id,
            }) => emit(&Line::Event(Seen::Cleared {
                vendor,
                business_id,
            })),
            Item::Event(Event::Warning { code, .. }) if code == WarningCode::StoreReset => {
                emit(&Line::Event(Seen::Warning(code.as_str().to_string())))
            }
            Item::Event(Event::StoreError { .. }) => emit(&Line::Event(Seen::StoreError)),
            _ => {}
        }
    }
}
