//! Accounts, roles and the access log (접근 기록).
//!
//! The store acts for one account, set when an encrypted store is opened with that account's
//! password; every API call checks that account's role here, in the core, so a role's
//! forbidden actions are refused whatever the UI shows. An unencrypted store (tests, the CLI
//! on a plain file) acts as the local center lead.

use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{keys, new_id, Clock, LogEntry, Store};
use crate::domain::validate::{self, AccountFields};
use crate::domain::{AccessAction, CodeList, Role};
use crate::error::{Error, Result};

/// Who the store acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Actor {
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

impl Actor {
    /// The operator of an unencrypted store.
    pub(crate) fn local() -> Actor {
        Actor {
            username: "local".into(),
            display_name: "이 컴퓨터".into(),
            role: Role::Lead,
        }
    }
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    ViewCases,
    EditCases,
    DeleteCases,
    /// Give a case to another counselor.
    Reassign,
    Review,
    ConcludeRemedies,
    /// Set a proceeding's deadline other than the rule's, with a reason.
    OverrideDeadlines,
    Import,
    ExportPersonalData,
    ManageAccounts,
    ManageSettings,
    Retention,
    ViewAccessLog,
    Restore,
    ResolveConflicts,
}

impl Permission {
    /// The least role that has it: counselor < supervisor < lead.
    fn least_role(self) -> Role {
        use Permission::*;
        match self {
            ViewCases | EditCases => Role::Counselor,
            DeleteCases | Reassign | Review | ConcludeRemedies => Role::Supervisor,
            OverrideDeadlines | Import | ExportPersonalData | ManageAccounts | ManageSettings
            | Retention | ViewAccessLog | Restore | ResolveConflicts => Role::Lead,
        }
    }

    fn label(self) -> &'static str {
        use Permission::*;
        match self {
            ViewCases => "사건 열람",
            EditCases => "사건 등록·수정",
            DeleteCases => "사건 삭제",
            Reassign => "담당 상담원 변경",
            Review => "권리구제 검토",
            ConcludeRemedies => "권리구제 완료 처리",
            OverrideDeadlines => "법정 기한 변경",
            Import => "가져오기",
            ExportPersonalData => "개인정보가 포함된 내보내기",
            ManageAccounts => "계정 관리",
            ManageSettings => "센터 설정",
            Retention => "보존기간 경과 정보 파기",
            ViewAccessLog => "접근 기록 열람",
            Restore => "백업 복원",
            ResolveConflicts => "동기화 충돌 해결",
        }
    }
}

fn rank(role: Role) -> u8 {
    match role {
        Role::Counselor => 0,
        Role::Supervisor => 1,
        Role::Lead => 2,
    }
}

/// An account as the lead sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Account {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}

pub use crate::domain::AccountInput;

/// One entry of the access log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AccessEntry {
    pub seq: i64,
    pub at: String,
    pub username: String,
    pub action: AccessAction,
    pub record_id: Option<String>,
    pub detail: Option<String>,
}

/// Which log entries to show; every filter is optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export, optional_fields)]
#[serde(default)]
pub struct AccessLogFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub username: Option<String>,
    pub action: Option<AccessAction>,
    pub record_id: Option<String>,
    pub limit: Option<u32>,
}

/// Appends to the access log inside the caller's transaction.
pub(crate) fn log(
    conn: &Connection,
    clock: Clock,
    username: &str,
    action: AccessAction,
    record_id: Option<&str>,
    detail: Option<&str>,
) -> Result<()> {
    super::log_chain::append(conn, &clock.stamp(), username, action, record_id, detail)
}

pub(crate) fn find_account(conn: &Connection, username: &str) -> Result<Option<Account>> {
    Ok(conn
        .query_row(
            "SELECT id, username, display_name, role, active FROM accounts WHERE username = :u",
            named_params! {":u": username},
            |r| {
                Ok(Account {
                    id: r.get("id")?,
                    username: r.get("username")?,
                    display_name: r.get("display_name")?,
                    role: r.get("role")?,
                    active: r.get("active")?,
                })
            },
        )
        .optional()?)
}

pub(crate) fn insert_account(
    conn: &Connection,
    clock: Clock,
    username: &str,
    display_name: &str,
    role: Role,
) -> Result<Account> {
    let id = new_id();
    let now = clock.stamp();
    conn.execute(
        "INSERT INTO accounts (id, username, display_name, role, created_at, updated_at)
         VALUES (:id, :username, :display_name, :role, :now, :now)",
        named_params! {":id": id, ":username": username, ":display_name": display_name, ":role": role, ":now": now},
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => Error::invalid("username", format!("사용자 이름 — '{username}'은(는) 이미 있습니다")),
        _ => Error::Sqlite(e),
    })?;
    Ok(Account {
        id,
        username: username.into(),
        display_name: display_name.into(),
        role,
        active: true,
    })
}

/// What is wrong with an account's user name and display name, if anything.
impl Store {
    /// The account the store acts for.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Refuses, with a Korean message naming the action and the role it needs, what the
    /// acting account's role does not allow.
    pub fn require(&self, permission: Permission) -> Result<()> {
        let needed = permission.least_role();
        if rank(self.actor.role) >= rank(needed) {
            Ok(())
        } else {
            Err(Error::Forbidden {
                action: permission.label().into(),
                role: needed.label().into(),
            })
        }
    }

    /// Records an export (내보내기) in the access log.
    pub fn log_export(&self, detail: &str) -> Result<()> {
        self.log_read(AccessAction::Export, None, Some(detail))
    }

    /// Records a read (열람) in the access log; a read needs no transaction of its own.
    pub(crate) fn log_read(
        &self,
        action: AccessAction,
        record_id: Option<&str>,
        detail: Option<&str>,
    ) -> Result<()> {
        log(
            &self.conn,
            self.clock,
            &self.actor.username,
            action,
            record_id,
            detail,
        )
    }

    pub fn accounts(&self) -> Result<Vec<Account>> {
        self.require(Permission::ManageAccounts)?;
        let mut stmt = self.conn.prepare(
            "SELECT id, username, display_name, role, active FROM accounts ORDER BY active DESC, role DESC, username",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Account {
                id: r.get("id")?,
                username: r.get("username")?,
                display_name: r.get("display_name")?,
                role: r.get("role")?,
                active: r.get("active")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds an account (center lead only). On an encrypted store the database key is wrapped
    /// for the new password in the key file, in the same step.
    pub fn create_account(&mut self, input: &AccountInput) -> Result<Account> {
        self.require(Permission::ManageAccounts)?;
        let AccountFields {
            username,
            display_name,
            role,
            password,
        } = validate::account_fields(input)?;
        // If the key file cannot be written, the account is not created. A new lead gets the
        // lead-only key; the roles are sealed anew with it.
        let lead_key = self.lead_key.take();
        let created = self.write_with_key_file(
            |conn, clock, log| {
                let account = insert_account(conn, clock, &username, &display_name, role)?;
                log(
                    AccessAction::Create,
                    Some(&account.id),
                    Some(&format!("계정 {username} ({})", role.label())),
                )?;
                if let Some(lead) = &lead_key {
                    super::log_chain::seal_roles(conn, lead)?;
                }
                Ok(account)
            },
            |file, key| {
                file.set_password(key, &username, &password)?;
                match (&lead_key, role) {
                    (Some(lead), Role::Lead) => file.seal_lead(Some(&username), lead),
                    _ => Ok(()),
                }
            },
        );
        self.lead_key = lead_key;
        Ok(created?.0)
    }

    /// Activates or deactivates an account (center lead only; never one's own, so a lead always
    /// remains). Deactivating removes the account's key and re-keys the database and its copies,
    /// so neither its password nor a copy of the key file it could read opens anything. A
    /// reactivated account needs a new password (`reset_password`).
    pub fn set_account_active(&mut self, username: &str, active: bool) -> Result<()> {
        self.require(Permission::ManageAccounts)?;
        if username == self.actor.username && !active {
            return Err(Error::InvalidState(
                "자기 자신의 계정은 비활성화할 수 없습니다.".into(),
            ));
        }
        let label = if active { "활성화" } else { "비활성화" };
        let lead_key = self.lead_key.take();
        let written = self.write_logged(|conn, clock, log| {
            let changed = conn.execute(
                "UPDATE accounts SET active = :active, updated_at = :now WHERE username = :u",
                named_params! {":active": active, ":now": clock.stamp(), ":u": username},
            )?;
            if changed == 0 {
                return Err(Error::not_found(format!("계정 {username}")));
            }
            log(
                AccessAction::Update,
                None,
                Some(&format!("계정 {username} {label}")),
            )?;
            match &lead_key {
                Some(lead) => super::log_chain::seal_roles(conn, lead),
                None => Ok(()),
            }
        });
        self.lead_key = lead_key;
        written?;
        if !active {
            self.rekey_logged(&format!("계정 {username} {label}"), |file, _| {
                file.remove_user(username);
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Sets a new password for another account (center lead only): for a counselor who forgot
    /// theirs, after a compromise, and to let a reactivated account in again. The database is
    /// re-keyed, so the old password opens no copy of the key file either.
    pub fn reset_password(&mut self, username: &str, new_password: &str) -> Result<()> {
        self.require(Permission::ManageAccounts)?;
        validate::check_password(new_password, &[username])?;
        let account = find_account(&self.conn, username)?
            .ok_or_else(|| Error::not_found(format!("계정 {username}")))?;
        if !account.active {
            return Err(Error::InvalidState(format!(
                "계정 {username}은(는) 비활성 상태입니다. 먼저 활성화해 주세요."
            )));
        }
        self.rekey_logged(
            &format!("계정 {username} 암호 재설정"),
            |file, key| file.set_password(key, username, new_password),
        )?;
        Ok(())
    }

    /// Makes a new recovery code (center lead only), to show once, and re-keys the database:
    /// the old code opens nothing from now on, not even a copy of the old key file. For a code
    /// that was lost, seen by someone else, or never written down.
    pub fn new_recovery_code(&mut self) -> Result<keys::RecoveryCode> {
        self.require(Permission::ManageAccounts)?;
        if self.key.is_none() {
            return Err(Error::InvalidState(
                "암호화되지 않은 데이터베이스에는 복구 코드가 없습니다.".into(),
            ));
        }
        self.rekey_logged("복구 코드 새로 만듦", |file, key| {
            file.new_recovery(key)
        })?
        .ok_or_else(|| Error::InvalidState("키 파일이 없습니다.".into()))
    }

    /// `write_logged`, then `edit` of the key file (an encrypted store only) inside the same
    /// transaction: if the key file cannot be written, nothing is. The store lends its key to
    /// the write and takes it back whatever happens.
    fn write_with_key_file<T, U>(
        &mut self,
        write: impl FnOnce(&Connection, Clock, LogEntry<'_>) -> Result<T>,
        edit: impl FnOnce(&mut keys::KeyFile, &keys::DbKey) -> Result<U>,
    ) -> Result<(T, Option<U>)> {
        let key_path = self.key_path.clone();
        let key = self.key.take();
        let result = self.write_logged(|conn, clock, log| {
            let written = write(conn, clock, log)?;
            let edited = match (&key_path, &key) {
                (Some(path), Some(key)) => {
                    let mut file = keys::KeyFile::read(path)?;
                    let value = edit(&mut file, key)?;
                    file.write(path)?;
                    Some(value)
                }
                _ => None,
            };
            Ok((written, edited))
        });
        self.key = key;
        result
    }

    /// The access log, newest first (center lead only).
    pub fn access_log(&self, filter: &AccessLogFilter) -> Result<Vec<AccessEntry>> {
        self.require(Permission::ViewAccessLog)?;
        // Entries are stamped in UTC; the dates are the lead's own (local) days.
        let offset = *self.clock.now().offset();
        let utc_start = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .and_then(|t| t.and_local_timezone(offset).single())
                .map(|t| {
                    t.with_timezone(&chrono::Utc)
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                })
        };
        let from = filter.from.and_then(utc_start);
        let to_exclusive = filter.to.and_then(|d| d.succ_opt()).and_then(utc_start);
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, at, username, action, record_id, detail FROM access_log
             WHERE (:from IS NULL OR at >= :from) AND (:to IS NULL OR at < :to)
               AND (:username IS NULL OR username = :username) AND (:action IS NULL OR action = :action)
               AND (:record IS NULL OR record_id = :record)
             ORDER BY seq DESC LIMIT :limit",
        )?;
        let rows = stmt.query_map(
            named_params! {
                ":from": from, ":to": to_exclusive,
                ":username": filter.username, ":action": filter.action, ":record": filter.record_id,
                ":limit": filter.limit.unwrap_or(1000).min(10_000_000),
            },
            |r| {
                Ok(AccessEntry {
                    seq: r.get("seq")?,
                    at: r.get("at")?,
                    username: r.get("username")?,
                    action: r.get("action")?,
                    record_id: r.get("record_id")?,
                    detail: r.get("detail")?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
