//! The records of a counseling center, as the API hands them out (`Case`, `Session`, …) and as
//! it takes them in (`CaseInput`, …).
//!
//! Inputs carry dates and codes as text, exactly as a form or a file gives them, so that one
//! validator (`validate`) names every bad field in Korean, whatever the entry path.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::codes::*;
use super::deadlines::{Deadline, ProceedingFacts};

/// What a form or an import row says about a case. Dates are `YYYY-MM-DD`; codes may be the
/// code or the Korean label; an empty or missing value means unknown / none.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
#[ts(export, optional_fields)]
#[serde(default)]
pub struct CaseInput {
    pub received_on: Option<String>,
    /// The counselor's name; an unknown name is added to the counselor list.
    pub counselor: Option<String>,
    pub intake_method: Option<String>,
    pub outreach_event_id: Option<String>,
    pub client_name: Option<String>,
    pub client_phone: Option<String>,
    pub client_birth_year: Option<i32>,
    pub client_country: Option<String>,
    pub client_role: Option<String>,
    pub gender: Option<String>,
    pub age_band: Option<String>,
    pub nationality: Option<String>,
    pub employment_type: Option<String>,
    pub workplace_size: Option<String>,
    pub industry: Option<String>,
    pub region: Option<String>,
    pub union_presence: Option<String>,
    pub workplace_name: Option<String>,
    pub employer_representative: Option<String>,
    /// 사업자등록번호, with or without hyphens.
    pub employer_reg_no: Option<String>,
    pub employer_address: Option<String>,
    pub employer_phone: Option<String>,
    /// 상시근로자 수.
    pub employer_headcount: Option<i64>,
    /// 실제 근무 장소, where it differs from the employer's address.
    pub work_site: Option<String>,
    pub primary_category: Option<String>,
    pub sub_type: Option<String>,
    pub secondary_categories: Vec<String>,
    pub summary: Option<String>,
    pub outcome: Option<String>,
    pub closed_on: Option<String>,
    pub hired_on: Option<String>,
    pub left_on: Option<String>,
    pub weekly_hours: Option<f64>,
    pub monthly_wage: Option<i64>,
    pub unpaid_amount: Option<i64>,
    pub written_notice: Option<bool>,
    pub injury_on: Option<String>,
    /// The day consent was given; defaults to the day received when a method is given.
    pub consent_on: Option<String>,
    pub consent_method: Option<String>,
    pub sensitive_consent: Option<bool>,
    pub referral_consent: Option<bool>,
    pub guardian_consent: Option<bool>,
}

/// 내담자 인적사항: the personal data of a case, kept apart from its statistics.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
#[ts(export)]
pub struct Client {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub birth_year: Option<i32>,
    pub country: Option<String>,
}

impl Client {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.phone.is_none()
            && self.birth_year.is_none()
            && self.country.is_none()
    }
}

/// 사용자(사업장): the employer of a case, beside its name (`workplace_name`). Business data
/// where it is a business; the representative's name and a mobile number name a person and
/// are destroyed with the client's data (src/store/retention.rs).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
#[ts(export)]
pub struct Employer {
    /// 대표자.
    pub representative: Option<String>,
    /// 사업자등록번호 as `000-00-00000`, its check digit verified.
    pub reg_no: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// 상시근로자 수.
    pub headcount: Option<i64>,
    /// 실제 근무 장소.
    pub work_site: Option<String>,
}

/// 내담자 특성: the coded profile that statistics count (T3). Each defaults to unknown.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, TS)]
#[ts(export)]
pub struct Profile {
    pub client_role: ClientRole,
    pub gender: Gender,
    pub age_band: AgeBand,
    pub nationality: Nationality,
    pub employment_type: EmploymentType,
    pub workplace_size: WorkplaceSize,
    pub industry: Industry,
    pub region: Region,
    pub union_presence: UnionPresence,
}

impl Default for Profile {
    fn default() -> Self {
        Self {
            client_role: ClientRole::Unknown,
            gender: Gender::Unknown,
            age_band: AgeBand::Unknown,
            nationality: Nationality::Unknown,
            employment_type: EmploymentType::Unknown,
            workplace_size: WorkplaceSize::Unknown,
            industry: Industry::Unknown,
            region: Region::Unknown,
            union_presence: UnionPresence::Unknown,
        }
    }
}

/// The labor facts behind the eligibility hints (근로기준법 thresholds).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
#[ts(export)]
pub struct LaborFacts {
    pub hired_on: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
    pub weekly_hours: Option<f64>,
    pub monthly_wage: Option<i64>,
    pub unpaid_amount: Option<i64>,
    pub written_notice: Option<bool>,
    pub injury_on: Option<NaiveDate>,
}

/// 동의: the consent recorded for a case's personal data.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
#[ts(export)]
pub struct Consent {
    pub consent_on: Option<NaiveDate>,
    pub method: Option<ConsentMethod>,
    /// 민감정보 처리 동의 (union membership, health).
    pub sensitive: Option<bool>,
    /// 제3자 제공 동의 (a referral).
    pub referral: Option<bool>,
    /// 법정대리인 동의 (under 14).
    pub guardian: Option<bool>,
}

/// A case input once validated: typed, complete, consistent.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFields {
    pub received_on: NaiveDate,
    pub counselor: Option<String>,
    pub intake_method: IntakeMethod,
    pub outreach_event_id: Option<String>,
    pub client: Client,
    pub profile: Profile,
    pub workplace_name: Option<String>,
    pub employer: Employer,
    pub primary_category: Category,
    pub sub_type: Option<String>,
    pub secondary_categories: Vec<Category>,
    pub summary: Option<String>,
    pub outcome: Option<Outcome>,
    pub closed_on: Option<NaiveDate>,
    pub facts: LaborFacts,
    pub consent: Consent,
}

/// 상담 사건, as stored.
#[derive(Debug, Clone, Serialize, PartialEq, TS)]
#[ts(export)]
pub struct Case {
    pub id: String,
    /// 사건번호 `YYYY-<device letter><4 digits>`, e.g. 2024-A0007.
    pub case_no: String,
    pub received_on: NaiveDate,
    pub counselor: Option<String>,
    pub intake_method: IntakeMethod,
    pub outreach_event_id: Option<String>,
    pub client: Client,
    pub profile: Profile,
    pub workplace_name: Option<String>,
    pub employer: Employer,
    pub primary_category: Category,
    pub sub_type: Option<String>,
    pub secondary_categories: Vec<Category>,
    pub summary: Option<String>,
    pub outcome: Option<Outcome>,
    pub closed_on: Option<NaiveDate>,
    pub facts: LaborFacts,
    pub consent: Consent,
    pub created_at: String,
    pub updated_at: String,
}

impl Case {
    pub fn is_closed(&self) -> bool {
        self.closed_on.is_some()
    }
}

/// 상담 회차 as entered.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
#[ts(export, optional_fields)]
#[serde(default)]
pub struct SessionInput {
    pub held_on: Option<String>,
    pub method: Option<String>,
    pub counselor: Option<String>,
    pub minutes: Option<i64>,
    pub notes: Option<String>,
}

/// 상담 회차, as stored.
#[derive(Debug, Clone, Serialize, PartialEq, TS)]
#[ts(export)]
pub struct Session {
    pub id: String,
    pub case_id: String,
    pub held_on: NaiveDate,
    pub method: IntakeMethod,
    pub counselor: Option<String>,
    pub minutes: Option<i64>,
    pub notes: Option<String>,
}

/// 권리구제 절차 as entered. `concluded_on` and `outcome` may be given at once (an import of a
/// finished proceeding) or later through a conclusion.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
#[ts(export, optional_fields)]
#[serde(default)]
pub struct RemedyInput {
    pub channel: Option<String>,
    pub procedure: Option<String>,
    pub agency: Option<String>,
    pub filed_on: Option<String>,
    pub concluded_on: Option<String>,
    pub outcome: Option<String>,
    pub amount_claimed: Option<i64>,
    pub amount_recovered: Option<i64>,
    pub representative: Option<String>,
    pub next_deadline: Option<String>,
    /// 결정서 수령일: the day the decision was received, which opens the next step's window.
    pub decision_on: Option<String>,
    /// Why `next_deadline` differs from the rule's (a lead's override).
    pub deadline_reason: Option<String>,
}

/// The end of a proceeding: when, how it ended and what was recovered.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
#[ts(export, optional_fields)]
#[serde(default)]
pub struct RemedyConclusion {
    pub concluded_on: Option<String>,
    pub outcome: Option<String>,
    pub amount_recovered: Option<i64>,
    /// 결정서 수령일, when the conclusion is a decision.
    pub decision_on: Option<String>,
}

/// A remedy input once validated.
#[derive(Debug, Clone, PartialEq)]
pub struct RemedyFields {
    pub channel: RemedyChannel,
    pub procedure: Option<String>,
    pub agency: Option<String>,
    pub filed_on: NaiveDate,
    pub concluded_on: Option<NaiveDate>,
    pub outcome: Option<RemedyOutcome>,
    pub amount_claimed: Option<i64>,
    pub amount_recovered: Option<i64>,
    pub representative: Option<String>,
    pub next_deadline: Option<NaiveDate>,
    pub decision_on: Option<NaiveDate>,
    pub deadline_reason: Option<String>,
}

/// 권리구제 절차, as stored.
#[derive(Debug, Clone, Serialize, PartialEq, TS)]
#[ts(export)]
pub struct Remedy {
    pub id: String,
    pub case_id: String,
    pub channel: RemedyChannel,
    pub procedure: Option<String>,
    pub agency: Option<String>,
    pub filed_on: NaiveDate,
    pub concluded_on: Option<NaiveDate>,
    pub status: RemedyStatus,
    pub outcome: Option<RemedyOutcome>,
    pub amount_claimed: Option<i64>,
    pub amount_recovered: Option<i64>,
    pub representative: Option<String>,
    /// The date entered (or a lead's override, with `deadline_reason`).
    pub next_deadline: Option<NaiveDate>,
    pub decision_on: Option<NaiveDate>,
    pub deadline_reason: Option<String>,
    /// The next deadline in force: the override, the rule's, or the entered date.
    pub deadline: Option<Deadline>,
}

impl Remedy {
    pub fn facts(&self) -> ProceedingFacts<'_> {
        ProceedingFacts {
            channel: self.channel,
            procedure: self.procedure.as_deref(),
            agency: self.agency.as_deref(),
            outcome: self.outcome,
            decision_on: self.decision_on,
        }
    }
}

/// 찾아가는 상담 as entered.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
#[ts(export, optional_fields)]
#[serde(default)]
pub struct OutreachEventInput {
    pub held_on: Option<String>,
    pub place: Option<String>,
    pub kind: Option<String>,
    pub visitor_count: Option<i64>,
    pub counselors: Vec<String>,
    pub note: Option<String>,
}

/// 찾아가는 상담, as stored, with the number of cases taken there.
#[derive(Debug, Clone, Serialize, PartialEq, TS)]
#[ts(export)]
pub struct OutreachEvent {
    pub id: String,
    pub held_on: NaiveDate,
    pub place: String,
    pub kind: OutreachKind,
    pub visitor_count: Option<i64>,
    pub counselors: Vec<String>,
    pub note: Option<String>,
    pub case_count: i64,
}

/// A case with everything recorded under it.
#[derive(Debug, Clone, Serialize, PartialEq, TS)]
#[ts(export)]
pub struct CaseDetail {
    pub case: Case,
    pub sessions: Vec<Session>,
    pub remedies: Vec<Remedy>,
    /// The store's today when it was read: what the D-days of its deadlines count from.
    pub today: NaiveDate,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    #[default]
    Any,
    Open,
    Closed,
}

/// A sortable column of the case list.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SortColumn {
    #[default]
    ReceivedOn,
    CaseNo,
    PrimaryCategory,
    Counselor,
    ClientName,
    ClosedOn,
}

/// The order of the case list; ties fall back to the case number.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, TS)]
#[ts(export)]
#[serde(default)]
pub struct CaseSort {
    pub column: SortColumn,
    pub descending: bool,
}

impl CaseSort {
    pub const fn by(column: SortColumn, descending: bool) -> Self {
        CaseSort { column, descending }
    }
}

impl Default for CaseSort {
    /// Newest first.
    fn default() -> Self {
        CaseSort::by(SortColumn::ReceivedOn, true)
    }
}

/// What the case list shows: every filter is optional and they combine with AND.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
#[ts(export, optional_fields)]
#[serde(default)]
pub struct CaseFilter {
    pub received_from: Option<NaiveDate>,
    pub received_to: Option<NaiveDate>,
    pub category: Option<Category>,
    pub status: CaseStatus,
    /// A counselor's name.
    pub counselor: Option<String>,
    /// Cases with at least one live proceeding in this channel.
    pub remedy_channel: Option<RemedyChannel>,
    pub outreach_event_id: Option<String>,
    /// A substring of the case number, client name, workplace name or summary.
    pub text: Option<String>,
    pub sort: CaseSort,
    pub limit: u32,
    pub offset: u32,
}

impl Default for CaseFilter {
    fn default() -> Self {
        Self {
            received_from: None,
            received_to: None,
            category: None,
            status: CaseStatus::Any,
            counselor: None,
            remedy_channel: None,
            outreach_event_id: None,
            text: None,
            sort: CaseSort::default(),
            limit: 50,
            offset: 0,
        }
    }
}

/// One line of the case list.
#[derive(Debug, Clone, Serialize, PartialEq, TS)]
#[ts(export)]
pub struct CaseSummary {
    pub id: String,
    pub case_no: String,
    pub received_on: NaiveDate,
    pub counselor: Option<String>,
    pub primary_category: Category,
    pub client_name: Option<String>,
    pub workplace_name: Option<String>,
    pub summary: Option<String>,
    pub outcome: Option<Outcome>,
    pub closed_on: Option<NaiveDate>,
    pub remedy_count: i64,
    pub open_remedy_count: i64,
}

/// A page of the case list and how many cases match in all.
#[derive(Debug, Clone, Serialize, PartialEq, TS)]
#[ts(export)]
pub struct CasePage {
    pub total: u64,
    /// A search matched more cases than it counts (`SEARCH_COUNT_LIMIT`): `total` is a lower
    /// bound, and the list pages through that many.
    pub total_is_lower_bound: bool,
    pub items: Vec<CaseSummary>,
}

/// Center settings (센터 설정).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, TS)]
#[ts(export)]
pub struct Settings {
    pub center_name: String,
    /// This device's letter in case numbers; unique per device of a center.
    pub device_letter: String,
}

/// 상담원.
#[derive(Debug, Clone, Serialize, PartialEq, TS)]
#[ts(export)]
pub struct Counselor {
    pub id: String,
    pub name: String,
    pub active: bool,
}

/// A new account, or a password reset.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export, optional_fields)]
#[serde(default)]
pub struct AccountInput {
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub role: Option<String>,
    pub password: Option<String>,
}

/// A validated session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionFields {
    pub held_on: NaiveDate,
    pub method: IntakeMethod,
    pub counselor: Option<String>,
    pub minutes: Option<i64>,
    pub notes: Option<String>,
}

/// An outreach event (찾아가는 상담) once validated.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFields {
    pub held_on: NaiveDate,
    pub place: String,
    pub kind: OutreachKind,
    pub visitor_count: Option<i64>,
    pub counselors: Vec<String>,
    pub note: Option<String>,
}
