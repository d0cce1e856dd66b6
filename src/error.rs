//! The one error type of the core. Each variant has a stable `code` the UI can branch on and a
//! Korean message a counselor can act on; the message names the field or file at fault.

use serde::ser::SerializeStruct;

/// One invalid field of a record: the field's key (as in files and the API) and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// One bad row of an import file; `row` is the data row number, header excluded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RowError {
    pub row: usize,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}: {}: {}", self.row, self.field, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("입력값을 확인해 주세요: {}", join_fields(.0))]
    Invalid(Vec<FieldError>),

    #[error("{what}을(를) 찾을 수 없습니다.")]
    NotFound { what: String },

    #[error("{0}")]
    InvalidState(String),

    #[error("이미 있는 사건번호입니다: {0}")]
    DuplicateCaseNo(String),

    #[error("센터 설정이 없습니다. 앱의 최초 설정을 마치거나 'labordesk init --center 센터명 --device 기기문자 --user 계정'으로 초기화해 주세요.")]
    NotInitialized,

    #[error("데이터베이스 파일({path})이 이 프로그램보다 새 버전(스키마 {found})입니다. 지원하는 최신 스키마는 {supported}입니다. LaborDesk를 업데이트해 주세요. 파일은 변경하지 않았습니다.")]
    DatabaseTooNew {
        path: String,
        found: i64,
        supported: i64,
    },

    #[error("데이터베이스 파일({path})을 읽을 수 없습니다: SQLite 데이터베이스가 아니거나 암호가 다릅니다. 파일은 변경하지 않았습니다.")]
    NotADatabase { path: String },

    #[error("데이터베이스 파일({path})이 손상되었습니다: {detail}. 파일은 변경하지 않았습니다. 백업에서 복구해 주세요.")]
    Corrupt { path: String, detail: String },

    #[error("권한이 없습니다: {action} — {role} 이상만 할 수 있습니다.")]
    Forbidden { action: String, role: String },

    #[error("암호화된 데이터베이스입니다({path}). 사용자 이름과 암호로 열어 주세요.")]
    PasswordRequired { path: String },

    #[error("사용자 이름 또는 암호가 맞지 않습니다.")]
    WrongPassword,

    #[error("복구 코드가 맞지 않습니다. 인쇄해 둔 코드를 다시 확인해 주세요.")]
    WrongRecoveryCode,

    #[error("가져오기 파일에 오류가 {}건 있어 아무것도 저장하지 않았습니다.", .0.len())]
    ImportRows(Vec<RowError>),

    #[error("가져오기 파일({file})을 읽을 수 없습니다: {reason}")]
    ImportFile { file: String, reason: String },

    #[error("동기화 파일({file})을 가져오지 않았습니다: {reason} 아무것도 바뀌지 않았습니다.")]
    SyncRefused { file: String, reason: String },

    /// Another program (Excel, most often) holds the file open on Windows, so it can be neither
    /// replaced nor read; the message names the file.
    #[error("파일이 다른 프로그램(예: Excel)에서 열려 있습니다 — 닫고 다시 시도하세요: {file}")]
    FileInUse { file: String },

    #[error("파일 작업 실패({path}): {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("데이터베이스 오류: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("엑셀 파일 작성 오류: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

pub type Result<T> = std::result::Result<T, Error>;

fn join_fields(fields: &[FieldError]) -> String {
    fields
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    /// The stable code the UI branches on. Never renamed once shipped.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::InvalidState(_) => "invalid_state",
            Error::DuplicateCaseNo(_) => "duplicate_case_no",
            Error::NotInitialized => "not_initialized",
            Error::DatabaseTooNew { .. } => "db_too_new",
            Error::NotADatabase { .. } => "db_unreadable",
            Error::Corrupt { .. } => "db_corrupt",
            Error::Forbidden { .. } => "forbidden",
            Error::PasswordRequired { .. } => "password_required",
            Error::WrongPassword => "wrong_password",
            Error::WrongRecoveryCode => "wrong_recovery_code",
            Error::ImportRows(_) => "import_rows",
            Error::ImportFile { .. } => "import_file",
            Error::SyncRefused { .. } => "sync_refused",
            Error::FileInUse { .. } => "file_in_use",
            Error::Io { .. } => "io",
            Error::Sqlite(e) if is_disk_full(e) => "disk_full",
            Error::Sqlite(_) => "db_error",
            Error::Xlsx(_) => "xlsx",
        }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound { what: what.into() }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError::new(field, message)])
    }

    /// A failed file operation on `path`. A file another program holds open is said as such,
    /// never as the operating system's raw error, wherever it is met.
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        if crate::fs::is_in_use(&source) {
            return Error::FileInUse {
                file: path.display().to_string(),
            };
        }
        Error::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

fn is_disk_full(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull)
}

/// The UI receives `{ "code", "message" }`, plus the field or row details it shows in place.
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let message = match self {
            Error::Sqlite(e) if is_disk_full(e) => {
                "디스크 공간이 부족해 저장하지 못했습니다. 공간을 확보한 뒤 다시 시도해 주세요. 저장 중이던 내용은 반영되지 않았습니다.".to_string()
            }
            _ => self.to_string(),
        };
        let mut st = s.serialize_struct("Error", 3)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &message)?;
        match self {
            Error::Invalid(fields) => st.serialize_field("fields", fields)?,
            Error::ImportRows(rows) => st.serialize_field("rows", rows)?,
            _ => st.skip_field("fields")?,
        }
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialized_error_carries_code_korean_message_and_fields() {
        let e = Error::invalid("received_on", "내일 이후 날짜는 입력할 수 없습니다");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "invalid");
        assert_eq!(
            json["message"],
            "입력값을 확인해 주세요: received_on: 내일 이후 날짜는 입력할 수 없습니다"
        );
        assert_eq!(json["fields"][0]["field"], "received_on");
    }

    #[test]
    fn serialized_file_in_use_names_the_file_under_its_own_code() {
        let e = Error::FileInUse {
            file: "사건목록.xlsx".into(),
        };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "file_in_use");
        assert_eq!(
            json["message"],
            "파일이 다른 프로그램(예: Excel)에서 열려 있습니다 — 닫고 다시 시도하세요: 사건목록.xlsx"
        );
    }

    #[test]
    fn serialized_not_found_has_only_code_and_message() {
        let json = serde_json::to_value(Error::not_found("사건 2024-A0001")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "not_found", "message": "사건 2024-A0001을(를) 찾을 수 없습니다."})
        );
    }
}
