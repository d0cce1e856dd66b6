//! The documents a case needs, as Word files (.docx) that Hancom Office and Word open: the
//! 상담일지 (case sheet), a draft 임금체불 진정서 and a draft 부당해고 구제신청서. Their text
//! is in `assets/documents/` (see `template` for the format); the fields come from the case,
//! its sessions and proceedings, and the law desk's calculations.
//!
//! A document names the client, so writing one is an export of personal data: it needs a
//! reason, and the access log records the case, the document, the file and the reason.

mod template;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use template::{Block, Fields, Grid};

use crate::domain::dates::months_after;
use crate::domain::entitlements::{self, group_digits, group_jeon, CaseCalculations};
use crate::domain::{AccessAction, CaseDetail, CodeList, RemedyStatus};
use crate::error::{Error, Result};
use crate::store::accounts::Permission;
use crate::Store;

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 상담일지: the case, the client, the facts, sessions, proceedings and calculations.
    Sheet,
    /// 임금체불 진정서 초안, in the order of the Ministry's online petition form.
    Petition,
    /// 부당해고 등 구제신청서 초안 (노동위원회 별지 제3호 서식), with its deadline.
    Dismissal,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 3] = [Self::Sheet, Self::Petition, Self::Dismissal];

    /// The document's Korean name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Sheet => "상담일지",
            Self::Petition => "임금체불 진정서",
            Self::Dismissal => "부당해고 구제신청서",
        }
    }

    /// The template, from `assets/documents/`.
    pub fn template(self) -> &'static str {
        match self {
            Self::Sheet => include_str!("../../../assets/documents/sheet.txt"),
            Self::Petition => include_str!("../../../assets/documents/petition.txt"),
            Self::Dismissal => include_str!("../../../assets/documents/dismissal.txt"),
        }
    }

    /// A file name to offer: `2024-A0031 상담일지.docx`.
    pub fn file_name(self, case_no: &str) -> String {
        format!("{case_no} {}.docx", self.label())
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn won(n: Option<i64>) -> String {
    n.map(|n| format!("{}원", group_digits(n)))
        .unwrap_or_default()
}

fn text(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn label<T: CodeList>(v: T) -> String {
    v.label().to_string()
}

/// Every `{{field}}` a template may use, from the case on `today`.
fn fields(center: &str, detail: &CaseDetail, today: NaiveDate) -> Fields {
    let case = &detail.case;
    let f = &case.facts;
    let p = &case.profile;
    let next_deadline = detail
        .remedies
        .iter()
        .filter(|r| r.status == RemedyStatus::InProgress)
        .filter_map(|r| r.next_deadline)
        .min();
    let status = if case.is_closed() { "종결" } else { "진행" };
    [
        ("center", center.to_string()),
        ("today", today.to_string()),
        ("case_no", case.case_no.clone()),
        ("received_on", case.received_on.to_string()),
        ("counselor", text(&case.counselor)),
        ("intake_method", label(case.intake_method)),
        ("status", status.to_string()),
        ("primary_category", label(case.primary_category)),
        ("sub_type", text(&case.sub_type)),
        (
            "secondary_categories",
            case.secondary_categories
                .iter()
                .map(|c| c.label())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("outcome", case.outcome.map(label).unwrap_or_default()),
        ("closed_on", date(case.closed_on)),
        ("next_deadline", date(next_deadline)),
        ("client_name", text(&case.client.name)),
        ("client_phone", text(&case.client.phone)),
        (
            "client_birth_year",
            case.client
                .birth_year
                .map(|y| format!("{y}년"))
                .unwrap_or_default(),
        ),
        ("client_country", text(&case.client.country)),
        ("gender", label(p.gender)),
        ("age_band", label(p.age_band)),
        ("employment_type", label(p.employment_type)),
        ("workplace_size", label(p.workplace_size)),
        ("industry", label(p.industry)),
        ("workplace_name", text(&case.workplace_name)),
        (
            "employer_representative",
            text(&case.employer.representative),
        ),
        ("employer_reg_no", text(&case.employer.reg_no)),
        ("employer_address", text(&case.employer.address)),
        ("employer_phone", text(&case.employer.phone)),
        // 상시근로자 수 when known, else the band.
        (
            "employer_headcount",
            case.employer
                .headcount
                .map(|n| format!("{}명", group_digits(n)))
                .unwrap_or_else(|| label(p.workplace_size)),
        ),
        ("work_site", text(&case.employer.work_site)),
        ("hired_on", date(f.hired_on)),
        ("left_on", date(f.left_on)),
        // 퇴직일 is the day after the last day worked (the Ministry's reading).
        (
            "last_day_worked",
            date(f.left_on.and_then(|d| d.pred_opt())),
        ),
        (
            "weekly_hours",
            f.weekly_hours
                .map(|h| format!("{h}시간"))
                .unwrap_or_default(),
        ),
        ("monthly_wage", won(f.monthly_wage)),
        ("unpaid_amount", won(f.unpaid_amount)),
        (
            "written_notice",
            match f.written_notice {
                Some(true) => "받음",
                Some(false) => "받지 못함",
                None => "",
            }
            .to_string(),
        ),
        ("summary", text(&case.summary)),
        (
            "dismissal_deadline",
            date(f.left_on.map(|left| months_after(left, 3))),
        ),
    ]
    .into_iter()
    .collect()
}

/// The tables a template may hold: `sessions`, `remedies`, `calculations`, `arrears`.
fn grids(detail: &CaseDetail, calc: &CaseCalculations) -> BTreeMap<&'static str, Grid> {
    let sessions = Grid {
        header: vec!["일자", "방법", "상담원", "시간", "내용"],
        rows: detail
            .sessions
            .iter()
            .map(|s| {
                vec![
                    s.held_on.to_string(),
                    label(s.method),
                    text(&s.counselor),
                    s.minutes.map(|m| format!("{m}분")).unwrap_or_default(),
                    text(&s.notes),
                ]
            })
            .collect(),
        empty: "기록된 상담 회차가 없습니다.",
    };
    let remedies = Grid {
        header: vec!["접수일", "기관", "절차", "상태", "결과", "다음 기한"],
        rows: detail
            .remedies
            .iter()
            .map(|r| {
                vec![
                    r.filed_on.to_string(),
                    [Some(label(r.channel)), r.agency.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" "),
                    text(&r.procedure),
                    match r.status {
                        RemedyStatus::InProgress => "진행".to_string(),
                        RemedyStatus::Concluded => format!("종결 {}", date(r.concluded_on)),
                    },
                    r.outcome.map(label).unwrap_or_default(),
                    date(r.next_deadline),
                ]
            })
            .collect(),
        empty: "권리구제 절차가 없습니다.",
    };
    let mut calculations = Vec::new();
    let mut arrears = Vec::new();
    if let Some(unpaid) = detail.case.facts.unpaid_amount {
        arrears.push(vec![
            "임금".to_string(),
            won(Some(unpaid)),
            "상담에서 확인한 체불액".to_string(),
        ]);
    }
    if let Some(s) = &calc.severance {
        let why = if s.eligible {
            format!(
                "1일 평균임금 {}원 × 30 × 재직일수 {}일 ÷ 365",
                group_jeon((s.daily_average_wage * 100.0).round() as i64),
                s.days_employed
            )
        } else {
            "계속근로 1년 미만 또는 주 15시간 미만: 대상 아님".to_string()
        };
        calculations.push(vec!["퇴직금".to_string(), won(Some(s.amount)), why.clone()]);
        if s.eligible {
            arrears.push(vec!["퇴직금".to_string(), won(Some(s.amount)), why]);
        }
    }
    if let Some(n) = &calc.dismissal_notice {
        let why = format!("계속근로 {}개월, 30일분 통상임금", n.months_employed);
        calculations.push(vec![
            "해고예고수당".to_string(),
            won(Some(n.amount)),
            why.clone(),
        ]);
        if n.owed {
            arrears.push(vec!["해고예고수당".to_string(), won(Some(n.amount)), why]);
        }
    }
    if let Some(l) = &calc.annual_leave {
        let why = format!("연차휴가 {}일", l.days);
        calculations.push(vec!["연차수당".to_string(), won(l.amount), why.clone()]);
        if let Some(amount) = l.amount.filter(|a| *a > 0) {
            arrears.push(vec!["미사용 연차수당".to_string(), won(Some(amount)), why]);
        }
    }
    if let Some(m) = &calc.minimum_wage {
        calculations.push(vec![
            "최저임금".to_string(),
            won(Some(m.shortfall)),
            format!(
                "시간급 {}원, {}년 최저임금 {}원{}",
                group_digits(m.hourly),
                m.year,
                group_digits(m.minimum),
                if m.below { ": 미달" } else { "" }
            ),
        ]);
    }
    if let Some(i) = &calc.delay_interest {
        calculations.push(vec![
            "지연이자".to_string(),
            won(Some(i.amount)),
            format!("연 20%, {}부터 {}일", i.from, i.days),
        ]);
    }
    if let Some(s) = &calc.substitute_payment {
        calculations.push(vec![
            "간이대지급금".to_string(),
            won(Some(s.total)),
            format!("{}까지 진정", s.file_by),
        ]);
    }
    let calculations = Grid {
        header: vec!["항목", "금액", "산정"],
        rows: calculations,
        empty: "계산에 필요한 사실관계(입사일, 퇴직일, 월 임금 …)가 아직 없습니다.",
    };
    let arrears = Grid {
        header: vec!["종류", "금액", "산정"],
        rows: arrears,
        empty: "체불 내역을 적어 주세요.",
    };
    [
        ("sessions", sessions),
        ("remedies", remedies),
        ("calculations", calculations),
        ("arrears", arrears),
    ]
    .into_iter()
    .collect()
}

/// `kind` for a case as it stands: its fields and tables filled.
pub fn blocks(
    kind: DocumentKind,
    center: &str,
    detail: &CaseDetail,
    today: NaiveDate,
) -> Result<Vec<Block>> {
    let calc = entitlements::for_case(&detail.case, today);
    template::blocks(
        kind.template(),
        &fields(center, detail, today),
        &grids(detail, &calc),
    )
}

/// `kind` for a case as it stands, as .docx bytes.
pub fn render(
    kind: DocumentKind,
    center: &str,
    detail: &CaseDetail,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    template::render(&blocks(kind, center, detail, today)?)
}

/// A document as the app previews and prints it: the blocks the .docx is made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DocumentPreview {
    pub kind: DocumentKind,
    /// The file name to offer in the save dialog.
    pub file_name: String,
    pub blocks: Vec<Block>,
}

/// The reason a document naming the client is made: required.
fn required_reason(reason: &str) -> Result<&str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            "reason",
            "사유 — 내담자 개인정보가 담긴 문서입니다. 만드는 사유를 적어 주세요",
        ));
    }
    Ok(reason)
}

impl Store {
    /// `kind` for case `case_id`, to read on screen. The case's screen already shows what it
    /// holds, so this is logged as a view of the case; printing it is an export
    /// (`document_printed`).
    pub fn document_preview(&self, kind: DocumentKind, case_id: &str) -> Result<DocumentPreview> {
        self.require(Permission::ViewCases)?;
        let center = self.settings()?.center_name;
        let detail = self.case_detail(case_id)?;
        let blocks = blocks(kind, &center, &detail, self.clock().today())?;
        self.log_read(
            AccessAction::View,
            Some(case_id),
            Some(&format!(
                "{} {} 미리보기",
                detail.case.case_no,
                kind.label()
            )),
        )?;
        Ok(DocumentPreview {
            kind,
            file_name: kind.file_name(&detail.case.case_no),
            blocks,
        })
    }

    /// Records that `kind` for case `case_id` was printed from the app: an export of personal
    /// data on paper, logged with its reason like a saved file.
    pub fn document_printed(&self, kind: DocumentKind, case_id: &str, reason: &str) -> Result<()> {
        self.require(Permission::ViewCases)?;
        let reason = required_reason(reason)?;
        let case_no = self.case_detail(case_id)?.case.case_no;
        self.log_read(
            AccessAction::Export,
            Some(case_id),
            Some(&format!("{case_no} {} 인쇄 — 사유: {reason}", kind.label())),
        )
    }

    /// Writes `kind` for case `case_id` to `path` (whole or not at all) and records it in the
    /// access log with `reason`, which must be given: the document names the client.
    pub fn write_document(
        &self,
        kind: DocumentKind,
        case_id: &str,
        path: &Path,
        reason: &str,
    ) -> Result<()> {
        self.require(Permission::ViewCases)?;
        let reason = required_reason(reason)?;
        let center = self.settings()?.center_name;
        let detail = self.case_detail(case_id)?;
        let bytes = render(kind, &center, &detail, self.clock().today())?;
        crate::fs::write_atomically(path, &bytes)?;
        self.log_read(
            AccessAction::Export,
            Some(case_id),
            Some(&format!(
                "{} {} {} — 사유: {reason}",
                detail.case.case_no,
                kind.label(),
                path.display()
            )),
        )
    }
}
