//! Updates (업데이트), off until a center lead sets an update address: then the app asks that
//! address for `latest.json` (Tauri's updater format), shows the new version and its notes,
//! and installs it only if the downloaded file carries a valid signature of the release key
//! (`plugins.updater.pubkey` in tauri.conf.json; the plugin checks it with minisign). With no
//! address set, nothing is contacted: `check_update` answers without a request.

use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Runtime, State, Url};
use tauri_plugin_updater::{Update, UpdaterExt};
use ts_rs::TS;

use crate::error::{AppError, Result};
use crate::state::AppState;

/// How long a check or download may wait for a server that does not answer.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The public half of the TEST key in tests/e2e/fixtures (its private half is public too).
/// A release build refuses to install anything while tauri.conf.json still trusts it.
const TEST_PUBKEY: &str = include_str!("../../../tests/e2e/fixtures/updater-test.key.pub");

/// The update found by the last check, kept for "install".
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<Update>>);

/// A newer version on the update server.
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UpdateOffer {
    version: String,
    current_version: String,
    notes: Option<String>,
}

#[tauri::command(async)]
pub fn update_address(state: State<'_, AppState>) -> Result<Option<String>> {
    state.with_store(|store| store.update_address())
}

/// Sets or (with null) clears the update address (center lead; the core checks the role).
#[tauri::command(async)]
pub fn set_update_address(
    state: State<'_, AppState>,
    address: Option<String>,
) -> Result<Option<String>> {
    state.with_store(|store| store.set_update_address(address.as_deref()))
}

/// Asks the update address for a newer version; none when no address is set (and then no
/// request is made) or when this version is the newest.
#[tauri::command]
pub async fn check_update(
    app: AppHandle,
    state: State<'_, AppState>,
    pending: State<'_, PendingUpdate>,
) -> Result<Option<UpdateOffer>> {
    let Some(address) = state.with_store(|store| store.update_address())? else {
        return Ok(None);
    };
    let url = Url::parse(&address)
        .map_err(|e| failed(format!("주소({address})가 올바르지 않습니다: {e}")))?;
    let updater = app
        .updater_builder()
        .endpoints(vec![url])
        .and_then(|b| b.timeout(TIMEOUT).build())
        .map_err(|e| failed(format!("업데이트를 확인할 수 없습니다: {e}")))?;
    let found = updater.check().await.map_err(|e| {
        failed(format!(
            "업데이트 주소({address})에서 새 버전을 확인하지 못했습니다: {e}"
        ))
    })?;
    log::info!(
        "update check at {address}: {}",
        found
            .as_ref()
            .map_or("no newer version", |u| u.version.as_str())
    );
    let offer = found.as_ref().map(|u| UpdateOffer {
        version: u.version.clone(),
        current_version: u.current_version.clone(),
        notes: u.body.clone(),
    });
    *pending.0.lock().unwrap_or_else(|p| p.into_inner()) = found;
    Ok(offer)
}

/// Downloads the update the last check found, checks its signature and installs it, then
/// restarts into the new version. A file whose signature does not match is not installed.
#[tauri::command]
pub async fn install_update(app: AppHandle, pending: State<'_, PendingUpdate>) -> Result<()> {
    refuse_test_key(&app)?;
    let update = pending
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take()
        .ok_or_else(|| {
            failed("설치할 업데이트가 없습니다. 먼저 업데이트를 확인해 주세요.".into())
        })?;
    let version = update.version.clone();
    update
        .download_and_install(|_, _| {}, || {})
        .await
        .map_err(|e| {
            log::error!("update {version} not installed: {e}");
            match e {
                tauri_plugin_updater::Error::Minisign(_)
                | tauri_plugin_updater::Error::SignatureUtf8(_)
                | tauri_plugin_updater::Error::Base64(_) => failed(format!(
                    "버전 {version}의 서명이 맞지 않아 설치하지 않았습니다. 업데이트 파일이 바뀌었을 수 있으니 담당자에게 알려 주세요."
                )),
                e => failed(format!("버전 {version}을 설치하지 못했습니다: {e}")),
            }
        })?;
    log::info!("update {version} installed; restarting");
    app.restart()
}

/// A release build never installs with the test key: anyone could sign with it.
fn refuse_test_key<R: Runtime>(app: &AppHandle<R>) -> Result<()> {
    let trusted = app
        .config()
        .plugins
        .0
        .get("updater")
        .and_then(|u| u.get("pubkey"))
        .and_then(|k| k.as_str())
        .unwrap_or_default();
    if cfg!(debug_assertions) || trusted.trim() != TEST_PUBKEY.trim() {
        return Ok(());
    }
    Err(failed(
        "이 빌드는 시험용 서명 키를 믿도록 되어 있어 업데이트를 설치하지 않습니다. 배포용 공개 키로 다시 빌드해 주세요.".into(),
    ))
}

fn failed(message: String) -> AppError {
    AppError::update_failed(message)
}
