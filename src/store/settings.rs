//! Center settings: center name and this device's letter in case numbers.

use rusqlite::{named_params, Connection, OptionalExtension};

use super::accounts::Permission;
use super::{numbers, Store};
use crate::domain::Settings;
use crate::error::{Error, FieldError, Result};

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM settings WHERE key = :key",
            named_params! {":key": key},
            |r| r.get("value"),
        )
        .optional()?)
}

pub(crate) fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (:key, :value)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        named_params! {":key": key, ":value": value},
    )?;
    Ok(())
}

impl Store {
    /// The center settings; empty strings before `init`.
    pub fn settings(&self) -> Result<Settings> {
        Ok(Settings {
            center_name: get(&self.conn, "center_name")?.unwrap_or_default(),
            device_letter: numbers::letter(&self.conn)?.unwrap_or_default(),
        })
    }

    pub fn is_initialized(&self) -> Result<bool> {
        Ok(numbers::letter(&self.conn)?.is_some())
    }

    /// Sets the center name and the device letter (one capital letter A–Z, unique per device
    /// of a center, so that case numbers never collide when devices are merged).
    pub fn update_settings(&mut self, settings: &Settings) -> Result<Settings> {
        self.require(Permission::ManageSettings)?;
        let center = settings.center_name.trim();
        let letter = settings.device_letter.trim();
        let mut errors = Vec::new();
        if center.is_empty() {
            errors.push(FieldError::new("center_name", "센터명 — 필수 항목입니다"));
        }
        if let Err(Error::Invalid(bad)) = numbers::check_letter(letter) {
            errors.extend(bad);
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let current = numbers::letter(&self.conn)?;
        if let Some(current) = current.as_deref().filter(|c| *c != letter) {
            if numbers::issued_under(&self.conn, current)? {
                return Err(Error::invalid(
                    "device_letter",
                    format!(
                        "기기 문자 — 이 기기는 이미 '{}'로 사건번호를 발급했습니다. 기기 문자를 바꾸면 다른 기기의 사건번호와 겹칠 수 있어 바꿀 수 없습니다",
                        current
                    ),
                ));
            }
        }
        self.write_logged(|conn, _clock, log| {
            log(crate::domain::AccessAction::Update, None, Some("센터 설정"))?;
            put(conn, "center_name", center)?;
            numbers::set_letter(conn, letter)
        })?;
        self.settings()
    }
}
