//! The code lists of the domain (../shared/domain.md): stable codes stored in the database and
//! used in files, with the Korean labels people see.
//!
//! Every list is a Rust enum; a value is parsed from either its code (`wage_arrears`) or its
//! Korean label (`임금체불`), so a center's existing spreadsheet can be imported as it is.
//! Codes never change once shipped: they are in every database and transfer file.

use std::fmt;

/// Shared behaviour of every code list.
pub trait CodeList: Sized + Copy + 'static {
    /// The list's name for people, used in error messages (e.g. `상담유형`).
    const LIST_LABEL: &'static str;
    /// Every value, in report order.
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;

    /// Parses a code or a Korean label; surrounding white space is ignored.
    fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.code() == text || v.label() == text)
    }

    /// The allowed values as `code(라벨)`, for error messages that name what would be accepted.
    fn allowed() -> String {
        Self::ALL
            .iter()
            .map(|v| format!("{}({})", v.code(), v.label()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

macro_rules! code_list {
    (
        $(#[$meta:meta])*
        $name:ident, $list_label:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant, )+ }

        impl CodeList for $name {
            const LIST_LABEL: &'static str = $list_label;
            const ALL: &'static [Self] = &[ $( Self::$variant, )+ ];
            fn code(self) -> &'static str { match self { $( Self::$variant => $code, )+ } }
            fn label(self) -> &'static str { match self { $( Self::$variant => $label, )+ } }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.label()) }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <Self as CodeList>::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "{}: '{}'은(는) 허용되지 않는 값입니다 (허용: {})",
                        $list_label, text, <Self as CodeList>::allowed()
                    ))
                })
            }
        }

        /// In TypeScript a code list is the union of its codes: `"wage_arrears" | "dismissal" | …`.
        impl ts_rs::TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &ts_rs::Config) -> String { stringify!($name).to_owned() }
            fn inline(_: &ts_rs::Config) -> String {
                [$( concat!("\"", $code, "\"") ),+].join(" | ")
            }
            fn decl(cfg: &ts_rs::Config) -> String {
                format!("type {} = {};", stringify!($name), <Self as ts_rs::TS>::inline(cfg))
            }
            fn decl_concrete(cfg: &ts_rs::Config) -> String { <Self as ts_rs::TS>::decl(cfg) }
            fn docs() -> Option<String> { Some(concat!("/**\n * ", $list_label, ": the stable codes.\n */\n").to_owned()) }
            fn output_path() -> Option<std::path::PathBuf> {
                Some(std::path::PathBuf::from(concat!(stringify!($name), ".ts")))
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.code()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = v.as_str()?;
                <Self as CodeList>::ALL
                    .iter()
                    .copied()
                    .find(|x| x.code() == text)
                    .ok_or_else(|| rusqlite::types::FromSqlError::Other(
                        format!("unknown {} code '{}'", stringify!($name), text).into(),
                    ))
            }
        }
    };
}

code_list! {
    /// 상담유형: the primary category of a case; the rows of T1 and T2.
    Category, "상담유형" {
        WageArrears = "wage_arrears", "임금체불";
        Dismissal = "dismissal", "부당해고 등";
        Harassment = "harassment", "직장내 괴롭힘";
        Union = "union", "노동조합";
        SocialInsurance = "social_insurance", "4대보험";
        IndustrialAccident = "industrial_accident", "산업재해";
        Other = "other", "기타";
    }
}

code_list! {
    /// 상담방법: how the client reached the center (also the method of each session).
    IntakeMethod, "상담방법" {
        Visit = "visit", "방문";
        Phone = "phone", "전화";
        Online = "online", "온라인";
        Messenger = "messenger", "메신저";
        Outreach = "outreach", "찾아가는 상담";
        Other = "other", "기타";
        Unknown = "unknown", "미상";
    }
}

code_list! {
    /// 내담자 구분.
    ClientRole, "내담자 구분" {
        Worker = "worker", "노동자";
        Union = "union", "노동조합";
        Employer = "employer", "사용자";
        Family = "family", "가족·지인";
        Other = "other", "기타";
        Unknown = "unknown", "미상";
    }
}

code_list! {
    /// 성별.
    Gender, "성별" {
        Male = "male", "남";
        Female = "female", "여";
        Unknown = "unknown", "미상";
    }
}

code_list! {
    /// 연령대.
    AgeBand, "연령대" {
        Teens = "10s", "10대";
        Twenties = "20s", "20대";
        Thirties = "30s", "30대";
        Forties = "40s", "40대";
        Fifties = "50s", "50대";
        Sixties = "60s", "60대";
        SeventyPlus = "70plus", "70대 이상";
        Unknown = "unknown", "미상";
    }
}

code_list! {
    /// 국적: the statistical code; the country itself is personal data kept with the client.
    Nationality, "국적" {
        Korean = "korean", "내국인";
        Foreign = "foreign", "외국인";
        Unknown = "unknown", "미상";
    }
}

code_list! {
    /// 고용형태.
    EmploymentType, "고용형태" {
        Regular = "regular", "정규직";
        FixedTerm = "fixed_term", "기간제";
        PartTime = "part_time", "단시간·아르바이트";
        Dispatched = "dispatched", "파견";
        Outsourced = "outsourced", "용역·사내하청";
        Daily = "daily", "일용";
        Platform = "platform", "특수고용·플랫폼";
        Freelance = "freelance", "프리랜서";
        Unknown = "unknown", "미상";
    }
}

code_list! {
    /// 사업장 규모 (상시근로자 수). Under 5 and under 10 are legal thresholds (근로기준법 제11조).
    WorkplaceSize, "사업장 규모" {
        Under5 = "under5", "5인 미만";
        From5To9 = "5to9", "5~9인";
        From10To29 = "10to29", "10~29인";
        From30To99 = "30to99", "30~99인";
        From100To299 = "100to299", "100~299인";
        From300 = "300plus", "300인 이상";
        Unknown = "unknown", "미상";
    }
}

impl WorkplaceSize {
    /// The band of a number of regular workers (상시근로자 수).
    pub fn of_headcount(n: i64) -> Self {
        match n {
            ..=4 => Self::Under5,
            5..=9 => Self::From5To9,
            10..=29 => Self::From10To29,
            30..=99 => Self::From30To99,
            100..=299 => Self::From100To299,
            _ => Self::From300,
        }
    }
}

code_list! {
    /// 업종: 한국표준산업분류 대분류 (KSIC sections A–U).
    Industry, "업종" {
        A = "A", "농업, 임업 및 어업";
        B = "B", "광업";
        C = "C", "제조업";
        D = "D", "전기, 가스, 증기 및 공기 조절 공급업";
        E = "E", "수도, 하수 및 폐기물 처리, 원료 재생업";
        F = "F", "건설업";
        G = "G", "도매 및 소매업";
        H = "H", "운수 및 창고업";
        I = "I", "숙박 및 음식점업";
        J = "J", "정보통신업";
        K = "K", "금융 및 보험업";
        L = "L", "부동산업";
        M = "M", "전문, 과학 및 기술 서비스업";
        N = "N", "사업시설 관리, 사업 지원 및 임대 서비스업";
        O = "O", "공공 행정, 국방 및 사회보장 행정";
        P = "P", "교육 서비스업";
        Q = "Q", "보건업 및 사회복지 서비스업";
        R = "R", "예술, 스포츠 및 여가관련 서비스업";
        S = "S", "협회 및 단체, 수리 및 기타 개인 서비스업";
        T = "T", "가구 내 고용활동 및 달리 분류되지 않은 자가 소비 생산활동";
        U = "U", "국제 및 외국기관";
        Unknown = "unknown", "미상";
    }
}

code_list! {
    /// 지역: whether the workplace or client is within the city (관내).
    Region, "지역" {
        Local = "local", "관내";
        Outside = "outside", "관외";
        Unknown = "unknown", "미상";
    }
}

code_list! {
    /// 노조 유무 at the client's workplace.
    UnionPresence, "노조 유무" {
        Yes = "yes", "있음";
        No = "no", "없음";
        Unknown = "unknown", "미상";
    }
}

code_list! {
    /// 처리결과 of a case.
    Outcome, "처리결과" {
        Info = "info", "정보제공";
        DocumentReview = "document_review", "자료검토";
        WritingSupport = "writing_support", "서면작성 지원";
        Opinion = "opinion", "의견서";
        Mediation = "mediation", "조정·중재";
        Remedy = "remedy", "권리구제 지원";
        Referral = "referral", "타기관 연계";
        Ongoing = "ongoing", "계속상담";
    }
}

code_list! {
    /// 권리구제 channel: the columns of T1 block 2 and the rows of T4.
    RemedyChannel, "권리구제 기관" {
        LaborOffice = "labor_office", "노동청";
        LaborCommission = "labor_commission", "노동위원회";
        WelfareInsurance = "welfare_insurance", "고용복지센터/4대보험 공단";
        Other = "other", "기타";
    }
}

code_list! {
    /// 권리구제 결과 of a concluded proceeding.
    RemedyOutcome, "권리구제 결과" {
        Recognized = "recognized", "인정";
        Partial = "partial", "일부인정";
        Dismissed = "dismissed", "기각";
        Rejected = "rejected", "각하";
        Settled = "settled", "화해·합의";
        Withdrawn = "withdrawn", "취하";
        Paid = "paid", "청산";
        Prosecuted = "prosecuted", "송치";
        Approved = "approved", "승인";
        Denied = "denied", "불승인";
        Other = "other", "기타";
    }
}

code_list! {
    /// 운영 형태 of an outreach event (찾아가는 상담).
    OutreachKind, "운영 형태" {
        Subway = "subway", "지하철역 상담";
        Van = "van", "상담차";
        FoodTruck = "food_truck", "푸드트럭";
        Festival = "festival", "축제·행사 부스";
        Workplace = "workplace", "사업장 방문";
        Other = "other", "기타";
    }
}

code_list! {
    /// 동의 방법: how consent was given.
    ConsentMethod, "동의 방법" {
        Written = "written", "서면";
        Phone = "phone", "전화(녹취)";
        Online = "online", "온라인";
    }
}

code_list! {
    /// 역할: what an account may do (enforced by the store, not only hidden in the UI).
    Role, "역할" {
        Counselor = "counselor", "상담원";
        Supervisor = "supervisor", "검토자";
        Lead = "lead", "센터장";
    }
}

code_list! {
    /// 접근 기록의 행위: what the access log records.
    AccessAction, "접근 행위" {
        View = "view", "열람";
        Create = "create", "등록";
        Update = "update", "수정";
        Delete = "delete", "삭제";
        Export = "export", "내보내기";
        Login = "login", "로그인";
        FailedLogin = "failed_login", "로그인 실패";
        Unlock = "unlock", "잠금 해제";
        Import = "import", "가져오기";
        Destroy = "destroy", "파기";
        Restore = "restore", "복원";
        Backup = "backup", "백업";
    }
}

/// One value of a code list, for the UI's dropdowns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CodeValue {
    pub code: &'static str,
    pub label: &'static str,
}

/// A whole code list: its key (the field it fills), its Korean name and its values in order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CodeListInfo {
    pub name: &'static str,
    pub label: &'static str,
    pub values: Vec<CodeValue>,
}

fn info<T: CodeList>(name: &'static str) -> CodeListInfo {
    CodeListInfo {
        name,
        label: T::LIST_LABEL,
        values: T::ALL
            .iter()
            .map(|v| CodeValue {
                code: v.code(),
                label: v.label(),
            })
            .collect(),
    }
}

/// Every code list, keyed by the field name it fills, so the UI never repeats a code or label.
pub fn code_lists() -> Vec<CodeListInfo> {
    vec![
        info::<Category>("category"),
        info::<IntakeMethod>("intake_method"),
        info::<ClientRole>("client_role"),
        info::<Gender>("gender"),
        info::<AgeBand>("age_band"),
        info::<Nationality>("nationality"),
        info::<EmploymentType>("employment_type"),
        info::<WorkplaceSize>("workplace_size"),
        info::<Industry>("industry"),
        info::<Region>("region"),
        info::<UnionPresence>("union_presence"),
        info::<Outcome>("outcome"),
        info::<RemedyChannel>("remedy_channel"),
        info::<RemedyOutcome>("remedy_outcome"),
        info::<OutreachKind>("outreach_kind"),
        info::<ConsentMethod>("consent_method"),
        info::<Role>("role"),
        info::<AccessAction>("access_action"),
    ]
}

/// 진행 / 완료: derived from `concluded_on`, never stored apart from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum RemedyStatus {
    InProgress,
    Concluded,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_and_labels_are_unique<T: CodeList>() {
        let mut seen = std::collections::HashSet::new();
        for v in T::ALL {
            assert!(
                seen.insert(v.code()),
                "{}: duplicate code {}",
                T::LIST_LABEL,
                v.code()
            );
            assert!(
                seen.insert(v.label()),
                "{}: label {} collides",
                T::LIST_LABEL,
                v.label()
            );
        }
    }

    #[test]
    fn every_list_has_unique_codes_and_labels() {
        codes_and_labels_are_unique::<Category>();
        codes_and_labels_are_unique::<IntakeMethod>();
        codes_and_labels_are_unique::<ClientRole>();
        codes_and_labels_are_unique::<Gender>();
        codes_and_labels_are_unique::<AgeBand>();
        codes_and_labels_are_unique::<Nationality>();
        codes_and_labels_are_unique::<EmploymentType>();
        codes_and_labels_are_unique::<WorkplaceSize>();
        codes_and_labels_are_unique::<Industry>();
        codes_and_labels_are_unique::<Region>();
        codes_and_labels_are_unique::<UnionPresence>();
        codes_and_labels_are_unique::<Outcome>();
        codes_and_labels_are_unique::<RemedyChannel>();
        codes_and_labels_are_unique::<RemedyOutcome>();
        codes_and_labels_are_unique::<OutreachKind>();
    }

    #[test]
    fn a_value_parses_from_its_code_or_its_korean_label() {
        assert_eq!(Category::parse("wage_arrears"), Some(Category::WageArrears));
        assert_eq!(Category::parse(" 임금체불 "), Some(Category::WageArrears));
        assert_eq!(Category::parse("부당해고 등"), Some(Category::Dismissal));
        assert_eq!(AgeBand::parse("70plus"), Some(AgeBand::SeventyPlus));
        assert_eq!(
            Category::parse("임금"),
            None,
            "a prefix of a label is not a label"
        );
    }
}
