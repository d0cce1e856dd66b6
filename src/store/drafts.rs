//! Drafts of unfinished forms and the app's small preferences (language, last counselor,
//! booth event). Both are per device and never travel in sync files.

use rusqlite::{named_params, OptionalExtension};

use super::Store;
use crate::error::{Error, Result};

/// Preferences share the settings table under this prefix, apart from center settings.
const PREFERENCE_PREFIX: &str = "pref.";

impl Store {
    /// Drafts belong to the account that wrote them: on a shared laptop one counselor never
    /// opens another's unfinished form.
    fn draft_key(&self, key: &str) -> String {
        format!("{}/{key}", self.actor.username)
    }

    /// Saves (replaces) this account's draft under `key`.
    pub fn save_draft(&mut self, key: &str, body: &serde_json::Value) -> Result<()> {
        self.require(super::accounts::Permission::EditCases)?;
        let key = self.draft_key(key);
        let body = body.to_string();
        self.write(|conn, clock| {
            conn.execute(
                "INSERT INTO drafts (key, body, updated_at) VALUES (:key, :body, :now)
                 ON CONFLICT (key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                named_params! {":key": key, ":body": body, ":now": clock.stamp()},
            )?;
            Ok(())
        })
    }

    pub fn draft(&self, key: &str) -> Result<Option<serde_json::Value>> {
        let key = self.draft_key(key);
        let body: Option<String> = self
            .conn
            .query_row(
                "SELECT body FROM drafts WHERE key = :key",
                named_params! {":key": key},
                |r| r.get(0),
            )
            .optional()?;
        body.map(|b| {
            serde_json::from_str(&b).map_err(|e| {
                Error::InvalidState(format!("임시 저장된 양식을 읽을 수 없습니다: {e}"))
            })
        })
        .transpose()
    }

    pub fn clear_draft(&mut self, key: &str) -> Result<()> {
        let key = self.draft_key(key);
        self.write(|conn, _| {
            conn.execute(
                "DELETE FROM drafts WHERE key = :key",
                named_params! {":key": key},
            )?;
            Ok(())
        })
    }

    pub fn preference(&self, key: &str) -> Result<Option<String>> {
        super::settings::get(&self.conn, &format!("{PREFERENCE_PREFIX}{key}"))
    }

    /// Sets a preference; `None` removes it.
    pub fn set_preference(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        let key = format!("{PREFERENCE_PREFIX}{key}");
        self.write(|conn, _| {
            match value {
                Some(v) => conn.execute(
                    "INSERT INTO settings (key, value) VALUES (:key, :value)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    named_params! {":key": key, ":value": v},
                )?,
                None => conn.execute(
                    "DELETE FROM settings WHERE key = :key",
                    named_params! {":key": key},
                )?,
            };
            Ok(())
        })
    }
}
