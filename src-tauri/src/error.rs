//! What a command answers when it fails: the core's error unchanged, or the shell's own
//! refusal when the session is not open (locked, logged out, not set up yet). Both reach the
//! UI as `{ "code", "message" }` with a Korean message, so the UI handles them alike.

use serde::ser::SerializeStruct;

#[derive(Debug)]
pub enum AppError {
    /// The core's error: its code, Korean message and field details pass through as they are.
    Core(labordesk::Error),
    /// Refused by the shell before the core was asked.
    Refused { code: &'static str, message: String },
}

pub type Result<T> = std::result::Result<T, AppError>;

impl AppError {
    /// The screen is locked: the store is closed until the password is entered again.
    pub fn locked() -> Self {
        AppError::Refused {
            code: "locked",
            message: "화면이 잠겨 있습니다. 암호를 입력해 잠금을 해제해 주세요.".into(),
        }
    }

    pub fn signed_out() -> Self {
        AppError::Refused {
            code: "signed_out",
            message: "로그인하지 않았습니다. 사용자 이름과 암호로 로그인해 주세요.".into(),
        }
    }

    pub fn setup_required() -> Self {
        AppError::Refused {
            code: "setup_required",
            message: "아직 이 컴퓨터의 최초 설정을 마치지 않았습니다. 설정을 먼저 마쳐 주세요."
                .into(),
        }
    }

    /// Asked for something the current session state does not allow (unlocking a session
    /// that is not locked, setting up a store that already exists).
    pub fn out_of_turn(message: impl Into<String>) -> Self {
        AppError::Refused {
            code: "invalid_state",
            message: message.into(),
        }
    }

    /// An update could not be checked or installed (no answer, a bad signature).
    pub fn update_failed(message: String) -> Self {
        AppError::Refused {
            code: "update_failed",
            message,
        }
    }

    #[cfg(test)]
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Core(e) => e.code(),
            AppError::Refused { code, .. } => code,
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Core(e) => e.fmt(f),
            AppError::Refused { message, .. } => f.write_str(message),
        }
    }
}

impl From<labordesk::Error> for AppError {
    fn from(e: labordesk::Error) -> Self {
        AppError::Core(e)
    }
}

impl serde::Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            AppError::Core(e) => e.serialize(s),
            AppError::Refused { code, message } => {
                let mut st = s.serialize_struct("Error", 2)?;
                st.serialize_field("code", code)?;
                st.serialize_field("message", message)?;
                st.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_core_error_reaches_the_ui_unchanged() {
        let json = serde_json::to_value(AppError::from(labordesk::Error::WrongPassword)).unwrap();
        assert_eq!(
            json,
            serde_json::to_value(labordesk::Error::WrongPassword).unwrap()
        );
        assert_eq!(json["code"], "wrong_password");
    }

    #[test]
    fn a_refusal_of_the_shell_has_a_code_and_a_korean_message() {
        let json = serde_json::to_value(AppError::locked()).unwrap();
        assert_eq!(json["code"], "locked");
        assert!(json["message"].as_str().unwrap().contains("잠겨"));
    }
}
