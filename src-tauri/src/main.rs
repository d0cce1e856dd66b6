//! LaborDesk desktop shell: opens the core `Store` and exposes it to the UI as commands.
//! It holds no business rules; anything a counselor would call a rule belongs in the core.

// Windows release builds: no console window behind the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

fn main() {
    let state = state::AppState::open(labordesk::default_db_path());
    tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::case_count
        ])
        .run(tauri::generate_context!())
        .expect("LaborDesk could not start its window");
}
