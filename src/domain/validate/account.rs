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
    if let Err(Error::Invalid(mut e)) = check_password(&password, &[&username, &display_name]) {
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
    if let Err(Error::Invalid(mut e)) = check_password(password, &[username, display_name]) {
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

/// A password: eight characters at least, and hard to guess by zxcvbn's estimate (score 3 of 4:
/// more than 10^8 guesses), because a laptop left at a booth meets an offline guesser with the
/// key file in hand. `user_inputs` are words the guesser knows (the user name, the display name).
pub fn check_password(password: &str, user_inputs: &[&str]) -> Result<()> {
    if password.chars().count() < 8 {
        return Err(Error::invalid("password", "암호 — 8자 이상이어야 합니다"));
    }
    // zxcvbn's cost grows with the length; beyond this a password is long enough anyway.
    if password.chars().count() > 100 {
        return Ok(());
    }
    let estimate = zxcvbn::zxcvbn(password, user_inputs);
    if estimate.score() >= zxcvbn::Score::Three {
        return Ok(());
    }
    let mut advice: Vec<&str> = Vec::new();
    if let Some(feedback) = estimate.feedback() {
        advice.extend(feedback.warning().map(warning_ko));
        advice.extend(feedback.suggestions().iter().map(|s| suggestion_ko(*s)));
    }
    if advice.is_empty() {
        advice.push("흔하지 않은 단어를 두세 개 더 이어 붙이세요.");
    }
    Err(Error::invalid(
        "password",
        format!("암호 — 추측하기 쉽습니다. {}", advice.join(" ")),
    ))
}

fn warning_ko(w: zxcvbn::feedback::Warning) -> &'static str {
    use zxcvbn::feedback::Warning::*;
    match w {
        StraightRowsOfKeysAreEasyToGuess | ShortKeyboardPatternsAreEasyToGuess => {
            "키보드에서 나란히 놓인 글쇠는 추측하기 쉽습니다."
        }
        RepeatsLikeAaaAreEasyToGuess | RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            "같은 글자나 묶음의 반복은 추측하기 쉽습니다."
        }
        ThisIsATop10Password | ThisIsATop100Password | ThisIsACommonPassword => {
            "널리 쓰이는 암호입니다."
        }
        ThisIsSimilarToACommonlyUsedPassword => "널리 쓰이는 암호와 비슷합니다.",
        SequencesLikeAbcAreEasyToGuess => "abc나 6543 같은 순서는 추측하기 쉽습니다.",
        RecentYearsAreEasyToGuess => "최근 연도는 추측하기 쉽습니다.",
        AWordByItselfIsEasyToGuess => "단어 하나만으로는 추측하기 쉽습니다.",
        DatesAreOftenEasyToGuess => "날짜는 추측하기 쉽습니다.",
        NamesAndSurnamesByThemselvesAreEasyToGuess | CommonNamesAndSurnamesAreEasyToGuess => {
            "이름과 성은 추측하기 쉽습니다."
        }
    }
}

fn suggestion_ko(s: zxcvbn::feedback::Suggestion) -> &'static str {
    use zxcvbn::feedback::Suggestion::*;
    match s {
        UseAFewWordsAvoidCommonPhrases => "흔한 문구를 피하고 단어 몇 개를 이어 쓰세요.",
        NoNeedForSymbolsDigitsOrUppercaseLetters => "기호·숫자·대문자가 꼭 필요하지는 않습니다.",
        AddAnotherWordOrTwo => "흔하지 않은 단어를 한두 개 더 붙이세요.",
        CapitalizationDoesntHelpVeryMuch | AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => {
            "대문자로 바꾸는 것은 큰 도움이 되지 않습니다."
        }
        ReversedWordsArentMuchHarderToGuess => "단어를 거꾸로 써도 크게 어려워지지 않습니다.",
        PredictableSubstitutionsDontHelpVeryMuch => {
            "'a' 대신 '@'처럼 뻔한 바꿔 쓰기는 큰 도움이 되지 않습니다."
        }
        UseALongerKeyboardPatternWithMoreTurns => {
            "키보드 무늬를 쓰려면 더 길고 꺾임이 많게 하세요."
        }
        AvoidRepeatedWordsAndCharacters => "반복되는 단어와 글자를 피하세요.",
        AvoidSequences => "연속된 글자나 숫자를 피하세요.",
        AvoidRecentYears => "최근 연도를 피하세요.",
        AvoidYearsThatAreAssociatedWithYou | AvoidDatesAndYearsThatAreAssociatedWithYou => {
            "나와 관련된 날짜와 연도를 피하세요."
        }
    }
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
            password: Some("긴 암호 여덟자 바다 등대".into()),
        };
        let f = account_fields(&ok).unwrap();
        assert_eq!((f.username.as_str(), f.role), ("kim.c", Role::Counselor));
    }
}
