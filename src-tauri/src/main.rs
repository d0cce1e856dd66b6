//! LaborDesk desktop shell: opens the core `Store` for a logged-in account and exposes it to
//! the UI as commands. It holds no business rules; anything a counselor would call a rule
//! belongs in the core.

// Windows release builds: no console window behind the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::time::Duration;

use tauri::Manager;

mod commands;
mod desktop;
mod error;
#[cfg(target_os = "linux")]
mod render;
mod security;
mod state;
mod sync;

/// How long exit may wait for the last backup and sync (and for a command still holding the
/// store).
const EXIT_WAIT: Duration = Duration::from_secs(20);

fn main() {
    // Before anything starts a thread: changing the environment is only safe while the process
    // has one.
    #[cfg(target_os = "linux")]
    render::apply();

    let app = desktop::plugins(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        // Only once the plugins run: a second start has left by then without touching the
        // database, and what the look at the database finds reaches the log file.
        .setup(|app| {
            app.manage(state::AppState::new(desktop::data_folder(app.handle())));
            #[cfg(unix)]
            desktop::exit_on_termination(app.handle())?;
            Ok(())
        })
        .manage(desktop::update::PendingUpdate::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::case_count,
            commands::code_lists,
            commands::settings,
            commands::update_settings,
            commands::counselors,
            commands::add_counselor,
            commands::set_counselor_active,
            commands::preference,
            commands::set_preference,
            commands::draft,
            commands::save_draft,
            commands::clear_draft,
            commands::create_case,
            commands::update_case,
            commands::close_case,
            commands::reopen_case,
            commands::delete_case,
            commands::get_case,
            commands::case_hints,
            commands::case_calculator,
            commands::calculate,
            commands::document_preview,
            commands::save_document,
            commands::document_printed,
            commands::find_case_by_no,
            commands::list_cases,
            commands::add_session,
            commands::add_remedy,
            commands::update_remedy,
            commands::conclude_remedy,
            commands::outreach_events,
            commands::outreach_event,
            commands::create_outreach_event,
            commands::update_outreach_event,
            commands::report,
            commands::t1_cell,
            commands::export_workbook,
            commands::review,
            commands::dashboard,
            commands::check_import,
            commands::import_file,
            commands::test_dialog_answer,
            security::session,
            security::setup,
            security::login,
            security::unlock,
            security::recover,
            security::lock,
            security::logout,
            security::change_password,
            security::lock_policy,
            security::set_idle_minutes,
            security::accounts,
            security::create_account,
            security::set_account_active,
            security::reset_password,
            security::new_recovery_code,
            security::access_log,
            security::access_log_problems,
            security::export_access_log,
            security::backups,
            security::backup_now,
            security::restore_backup,
            security::newest_backup,
            security::restore_newest,
            security::retention,
            security::set_retention_years,
            security::run_retention,
            sync::sync_status,
            sync::sync_folder_path,
            sync::set_sync_folder,
            sync::sync_export,
            sync::sync_import,
            sync::sync_folder,
            sync::sync_conflicts,
            sync::resolve_conflict,
            sync::sync_enrollment,
            sync::sync_enroll,
            sync::sync_revoke_enrollment,
            desktop::files::about,
            desktop::files::open_export,
            desktop::files::open_export_folder,
            desktop::files::open_log_folder,
            desktop::update::update_address,
            desktop::update::set_update_address,
            desktop::update::check_update,
            desktop::update::install_update,
        ])
        .build(tauri::generate_context!())
        .expect("LaborDesk could not start its window");
    app.run(|handle, event| {
        // A backup on the way out, best effort: the daily one at login may be hours old. Then
        // the sync folder, if one is set, so the other devices find this device's last changes.
        // Their failures go to the log file (desktop.rs), where IT can find them afterwards.
        if let tauri::RunEvent::Exit = event {
            if let Some(state) = handle.try_state::<state::AppState>() {
                state.close_on_exit(EXIT_WAIT);
            }
        }
    });
}
