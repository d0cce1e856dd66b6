//! Drafts of unfinished forms and the app's small preferences (language, last counselor,
//! booth event). Both are per device and never travel in sync files.

use rusqlite::{named_params, OptionalExtension};

use super::accounts::Permission;
use super::Store;
use crate::domain::AccessAction;
use crate::error::{Error, Result};

/// Preferences share the settings table under this prefix, apart from center settings.
const PREFERENCE_PREFIX: &str = "pref.";

/// The preference that holds the minutes before an idle screen locks: the center lead's to
/// set (`set_idle_lock_minutes`), never a screen's.
pub const IDLE_LOCK_PREFERENCE: &str = "idle_lock_minutes";
/// Preferences no screen may set through `set_preference`.
const RESERVED_PREFERENCES: [&str; 1] = [IDLE_LOCK_PREFERENCE];
/// The idle lock when no lead has set it, and the minutes a lead may choose.
pub const DEFAULT_IDLE_MINUTES: u32 = 10;
pub const IDLE_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=120;

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
                |r| r.get("body"),
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

    /// Sets a preference; `None` removes it. The idle lock is refused here: it is a setting.
    pub fn set_preference(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        if RESERVED_PREFERENCES.contains(&key) {
            return Err(Error::InvalidState(
                "화면 잠금 시간은 설정의 보안 항목에서 센터장만 바꿀 수 있습니다.".into(),
            ));
        }
        self.put_preference(key, value)
    }

    /// Minutes before an idle screen locks: as the lead set them, or the default.
    pub fn idle_lock_minutes(&self) -> Result<u32> {
        Ok(self
            .preference(IDLE_LOCK_PREFERENCE)?
            .and_then(|m| m.parse().ok())
            .filter(|m| IDLE_MINUTES_RANGE.contains(m))
            .unwrap_or(DEFAULT_IDLE_MINUTES))
    }

    /// Sets the idle lock (center lead, as any center setting), logged like one.
    pub fn set_idle_lock_minutes(&mut self, minutes: u32) -> Result<u32> {
        self.require(Permission::ManageSettings)?;
        if !IDLE_MINUTES_RANGE.contains(&minutes) {
            return Err(Error::invalid(
                "idle_minutes",
                format!(
                    "화면 잠금 시간 — {}분에서 {}분 사이여야 합니다",
                    IDLE_MINUTES_RANGE.start(),
                    IDLE_MINUTES_RANGE.end()
                ),
            ));
        }
        let key = format!("{PREFERENCE_PREFIX}{IDLE_LOCK_PREFERENCE}");
        self.write_logged(|conn, _, log| {
            super::settings::put(conn, &key, &minutes.to_string())?;
            log(
                AccessAction::Update,
                None,
                Some(&format!("화면 잠금 시간 {minutes}분")),
            )
        })?;
        Ok(minutes)
    }

    fn put_preference(&mut self, key: &str, value: Option<&str>) -> Result<()> {
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
