//! The rules of an account: its user name, display name, role and password.

use crate::domain::codes::*;
use crate::domain::records::*;
use crate::error::{Error, FieldError, Result};

/// A new account once checked.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountFields {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

/// A new account: every problem of its fields at once.
pub fn account_fields(input: &AccountInput) -> Result<AccountFields> {
    let username = input.username.as_deref().unwrap_or("").trim().to_string();
    let display_name = input
        .display_name
        .as_deref()
        .unwrap_or("")
        .trim()
        .to_string();
    let password = input.password.clone().unwrap_or_default();
    let mut errors = name_errors(&username, &display_name);
    let role = input.role.as_deref().and_then(Role::parse);
    if role.is_none() {
        errors.push(FieldError::new(
            "role",
            format!("역할 — 허용: {}", Role::allowed()),
        ));
    }
    if let Err(Error::Invalid(mut e)) = check_password(&password) {
        errors.append(&mut e);
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    Ok(AccountFields {
        username,
        display_name,
        role: role.expect("checked"),
        password,
    })
}

/// The first account of a new store (the lead): names and password, before any file is made.
pub fn first_account(username: &str, display_name: &str, password: &str) -> Result<()> {
    let mut errors = name_errors(username, display_name);
    if let Err(Error::Invalid(mut e)) = check_password(password) {
        errors.append(&mut e);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

fn name_errors(username: &str, display_name: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !is_username(username) {
        errors.push(FieldError::new(
            "username",
            "사용자 이름 — 영문·숫자·.-_ 3~32자여야 합니다",
        ));
    }
    if display_name.trim().is_empty() {
        errors.push(FieldError::new("display_name", "이름 — 필수 항목입니다"));
    }
    errors
}

/// Whether `name` is a well-formed user name: ASCII letters, digits and `.-_`, 3 to 32 of them
/// (so never a control character, a space or a formula sign other than `-`).
pub fn is_username(name: &str) -> bool {
    (3..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
}

/// A password: eight characters at least (a laptop left at a booth meets an offline guesser).
pub fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < 8 {
        return Err(Error::invalid("password", "암호 — 8자 이상이어야 합니다"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_of_a_new_account_is_named_at_once() {
        let input = AccountInput {
            username: Some("a b".into()),
            display_name: Some("  ".into()),
            role: Some("boss".into()),
            password: Some("short".into()),
        };
        let Err(Error::Invalid(errors)) = account_fields(&input) else {
            panic!("refused");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["username", "display_name", "role", "password"]);
        let ok = AccountInput {
            username: Some(" kim.c ".into()),
            display_name: Some("김상담".into()),
            role: Some("counselor".into()),
            password: Some("긴 암호 여덟자".into()),
        };
        let f = account_fields(&ok).unwrap();
        assert_eq!((f.username.as_str(), f.role), ("kim.c", Role::Counselor));
    }
}
