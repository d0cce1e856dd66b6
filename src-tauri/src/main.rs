//! LaborDesk desktop shell: opens the core `Store` and exposes it to the UI as commands.
//! It holds no business rules; anything a counselor would call a rule belongs in the core.

// Windows release builds: no console window behind the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

fn main() {
    let state = state::AppState::open(labordesk::default_db_path());
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
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
        ])
        .run(tauri::generate_context!())
        .expect("LaborDesk could not start its window");
}
