//! What makes LaborDesk behave like a desktop program, from Tauri's own plugins: one window per
//! user (a second start brings the first window forward), the window's size and place
//! remembered, a rotating log file, exported files and folders opened in the system's
//! programs (`files`), and updates from an address a center lead sets (`update`). Nothing here
//! touches case data; the database stays the core's.

use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_log::{RotationStrategy, Target, TargetKind, TimezoneStrategy};
use tauri_plugin_window_state::StateFlags;

pub mod files;
pub mod update;

/// The event that tells the UI someone started LaborDesk again while this window was open.
pub const SECOND_START_EVENT: &str = "second-start";

/// A log file grows to this size before a new one starts; the newest few are kept.
const LOG_FILE_BYTES: u128 = 1024 * 1024;
const LOG_FILES_KEPT: usize = 5;

/// The plugins, in the order they must start. The single-instance plugin comes first: a
/// second process must leave before anything else of it starts, the log file included.
pub fn plugins<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            bring_forward(app)
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .clear_targets()
                .targets([
                    Target::new(TargetKind::Stderr),
                    Target::new(TargetKind::LogDir {
                        file_name: Some("labordesk".into()),
                    }),
                ])
                .level(log::LevelFilter::Info)
                .max_file_size(LOG_FILE_BYTES)
                .rotation_strategy(RotationStrategy::KeepSome(LOG_FILES_KEPT))
                .timezone_strategy(TimezoneStrategy::UseLocal)
                .build(),
        )
        .plugin(
            // Size, place and maximized; not visibility (the window always opens shown).
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
                .build(),
        )
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
}

/// On Linux and macOS, a request to end the process (SIGTERM at logout or shutdown, SIGINT,
/// SIGHUP) ends the app as closing its window does, so the exit backup and sync run and the
/// window state is saved, instead of the process vanishing mid-way.
#[cfg(unix)]
pub fn exit_on_termination<R: Runtime>(app: &AppHandle<R>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    let app = app.clone();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            log::info!("signal {signal}: LaborDesk closes as if its window were closed");
            app.exit(0);
        }
    });
    Ok(())
}

/// A second start: the running window comes forward (un-minimized, focused) and tells the UI,
/// which says so on screen. The second process then exits without opening the database.
fn bring_forward<R: Runtime>(app: &AppHandle<R>) {
    log::info!("LaborDesk was started again: the open window comes forward");
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    let _ = app.emit(SECOND_START_EVENT, ());
}

/// The database path, after moving a database left in the old (roaming) Windows data folder
/// to the local one, once. The move's outcome is written to the log and shown in a message box:
/// a counselor who finds the data in a new place, or a move that could not be made, is told.
pub fn data_folder<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> std::path::PathBuf {
    use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

    let (db, moved) = labordesk::store::default_db_path_moving_legacy();
    let notice = match moved {
        Ok(None) => return db,
        Ok(Some(moved)) => {
            log::info!("data folder moved: {moved:?}");
            (MessageDialogKind::Info, moved.message())
        }
        Err(e) => {
            log::warn!("data folder not moved: {e}");
            (MessageDialogKind::Warning, e.to_string())
        }
    };
    app.dialog()
        .message(notice.1)
        .title("LaborDesk 데이터 폴더")
        .kind(notice.0)
        .show(|_| {});
    db
}
