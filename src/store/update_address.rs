//! The update address (업데이트 주소): where this device looks for a new version of the app, a
//! center's intranet server. None is set until a center lead sets one, and with none set the
//! app contacts nothing. Per device, like the sync folder; it never travels in sync files.
//!
//! The address is only stored and checked here; fetching and verifying an update is the
//! desktop shell's (its updater installs only updates signed with the release key).

use crate::domain::AccessAction;
use crate::error::{Error, Result};
use crate::store::accounts::Permission;
use crate::store::settings::{get, put};
use crate::Store;

const KEY: &str = "update_address";

impl Store {
    /// The update address this device checks, if a lead set one.
    pub fn update_address(&self) -> Result<Option<String>> {
        get(self.conn(), KEY)
    }

    /// Sets (or with `None` or an empty text clears) the update address (center lead); answers
    /// the address now set. Only web addresses: the updater downloads over HTTP, so a shared
    /// folder has to be offered by a web server (IIS, any static file server) to be used.
    pub fn set_update_address(&mut self, address: Option<&str>) -> Result<Option<String>> {
        self.require(Permission::ManageSettings)?;
        let address = address.map(str::trim).filter(|a| !a.is_empty());
        if let Some(a) = address {
            check_address(a)?;
        }
        self.write_logged(|conn, _clock, log| {
            match address {
                Some(a) => put(conn, KEY, a)?,
                None => {
                    conn.execute("DELETE FROM settings WHERE key = 'update_address'", [])?;
                }
            }
            log(AccessAction::Update, None, Some("업데이트 주소 설정"))
        })?;
        Ok(address.map(str::to_string))
    }
}

/// An `http://` or `https://` address with a host and no spaces.
fn check_address(address: &str) -> Result<()> {
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| {
            address
                .get(..scheme.len())
                .filter(|head| head.eq_ignore_ascii_case(scheme))
                .map(|_| &address[scheme.len()..])
        })
        .ok_or_else(|| {
            Error::invalid(
                "update_address",
                format!(
                    "업데이트 주소 — {address}: http:// 또는 https://로 시작하는 웹 주소여야 합니다(공유 폴더는 웹 서버로 제공해 주세요)"
                ),
            )
        })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || address.chars().any(char::is_whitespace) {
        return Err(Error::invalid(
            "update_address",
            format!("업데이트 주소 — {address}: 서버 이름이 없거나 공백이 들어 있습니다"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_address;

    #[test]
    fn web_addresses_pass_and_folders_are_refused_by_name() {
        assert!(check_address("https://intranet.example/labordesk/latest.json").is_ok());
        assert!(check_address("HTTP://10.0.0.5:8080/latest.json").is_ok());
        for bad in [
            "file:///srv/labordesk",
            r"\\server\share\labordesk",
            "https://",
            "https://host/a b",
        ] {
            let message = check_address(bad).unwrap_err().to_string();
            assert!(message.contains("업데이트 주소"), "{bad}: {message}");
        }
    }
}
