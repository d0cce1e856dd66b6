//! The app's one piece of managed state: the database path and, once opened, the `Store`.
//! A database that fails to open is reported, never repaired: the file is left as it was.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use labordesk::Store;

pub struct AppState {
    db_path: PathBuf,
    store: Mutex<Option<Store>>,
}

impl AppState {
    /// Opens the store at start-up. A failure must not stop the window from opening, so it is
    /// only logged here; the commands then retry the open and hand the core's error to the UI.
    pub fn open(db_path: PathBuf) -> Self {
        let store = Store::open(&db_path)
            .inspect_err(|err| eprintln!("labordesk: {}: {err}", db_path.display()))
            .ok();
        Self {
            db_path,
            store: Mutex::new(store),
        }
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// Runs `f` on the store, opening it first if that has not succeeded yet. Retrying means a
    /// transient failure (a file locked by another program) heals without a restart, and a
    /// lasting one reaches the UI with the core's own code and Korean message.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> labordesk::Result<T>,
    ) -> labordesk::Result<T> {
        // A command that panicked cannot have left a half-written change behind (SQLite rolls
        // back an unfinished transaction), so a poisoned lock is safe to keep using.
        let mut slot = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let store = match slot.take() {
            Some(store) => store,
            None => Store::open(&self.db_path)?,
        };
        f(slot.insert(store))
    }
}
