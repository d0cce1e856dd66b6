//! The case's documents (.docx): each written for a case and read back from its XML.

use std::io::Read;
use std::path::Path;

use labordesk::domain::{AccessAction, CaseFilter, Category, RemedyInput, SessionInput};
use labordesk::export::{Block, DocumentKind};
use labordesk::store::accounts::AccessLogFilter;
use labordesk::{CaseInput, Store};

use crate::common::*;

/// The text of the document's body (`word/document.xml`), read from the .docx file.
fn document_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("a .docx is a zip archive");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("a Word document has word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// A wage and dismissal case with everything the documents show.
fn wage_case(s: &mut Store) -> String {
    let case = s
        .create_case(&CaseInput {
            client_name: Some("홍길순".into()),
            client_phone: Some("010-2000-0001".into()),
            client_birth_year: Some(1990),
            workplace_size: Some("10to29".into()),
            employment_type: Some("regular".into()),
            workplace_name: Some("한빛물류".into()),
            employer_representative: Some("김대표".into()),
            employer_reg_no: Some("124-81-00998".into()),
            employer_address: Some("서울특별시 관악구 남부순환로 1".into()),
            employer_phone: Some("02-800-1234".into()),
            employer_headcount: Some(14),
            work_site: Some("관악 물류센터".into()),
            secondary_categories: vec!["dismissal".into()],
            summary: Some("3개월분 임금 미지급 후 구두 해고".into()),
            hired_on: Some("2021-03-02".into()),
            left_on: Some("2024-06-01".into()),
            weekly_hours: Some(40.0),
            monthly_wage: Some(2_508_000),
            unpaid_amount: Some(5_016_000),
            written_notice: Some(false),
            ..intake("2024-06-10", "wage_arrears")
        })
        .unwrap();
    s.add_session(
        &case.id,
        &SessionInput {
            held_on: Some("2024-06-20".into()),
            method: Some("visit".into()),
            minutes: Some(40),
            notes: Some("급여명세서와 근로계약서 확인".into()),
            ..Default::default()
        },
    )
    .unwrap();
    s.add_remedy(
        &case.id,
        &RemedyInput {
            channel: Some("노동청".into()),
            agency: Some("서울지방고용노동청".into()),
            filed_on: Some("2024-07-01".into()),
            ..Default::default()
        },
    )
    .unwrap();
    case.id
}

/// The access log's export entries for case `id`.
fn exports_of(s: &Store, id: &str) -> Vec<labordesk::store::accounts::AccessEntry> {
    s.access_log(&AccessLogFilter {
        action: Some(AccessAction::Export),
        record_id: Some(id.to_string()),
        ..Default::default()
    })
    .unwrap()
}

fn assert_holds(xml: &str, what: &str, expected: &[&str]) {
    for text in expected {
        assert!(xml.contains(text), "{what}: «{text}» missing");
    }
    assert!(!xml.contains("{{"), "{what}: a field left unfilled");
}

#[test]
fn each_document_holds_the_fields_of_its_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store();
    let id = wage_case(&mut s);
    let common = [
        "테스트 노동권익센터",
        "2024-A0001",
        "홍길순",
        "010-2000-0001",
        "1990년",
        "한빛물류",
        "김대표",
        "서울특별시 관악구 남부순환로 1",
        "2021-03-02",
        "2,508,000원",
        "3개월분 임금 미지급 후 구두 해고",
        "2024-11-30",
    ];

    let sheet = dir.path().join("sheet.docx");
    s.write_document(DocumentKind::Sheet, &id, &sheet, "사건 파일 보관")
        .unwrap();
    let xml = document_xml(&sheet);
    assert_holds(&xml, "상담일지", &common);
    assert_holds(
        &xml,
        "상담일지",
        &[
            "상담일지",
            "임금체불",
            "부당해고 등",
            "2024-06-01",
            "5,016,000원",
            "받지 못함",
            "급여명세서와 근로계약서 확인",
            "40분",
            "서울지방고용노동청",
            // 96,000 a day (2,508,000 ÷ 209 × 8) over 1,187 days of service.
            "9,365,917원",
            "1일 평균임금 96,000.00원 × 30 × 재직일수 1187일 ÷ 365",
            "해고예고수당",
            "2,880,000원",
            "연차휴가 16일",
            "지연이자",
            "간이대지급금",
        ],
    );

    let petition = dir.path().join("petition.docx");
    s.write_document(DocumentKind::Petition, &id, &petition, "노동청 진정 제출")
        .unwrap();
    let xml = document_xml(&petition);
    assert_holds(&xml, "진정서", &common);
    assert_holds(
        &xml,
        "진정서",
        &[
            "임금체불 진정서 (초안)",
            "진정인",
            "피진정인",
            "사업자등록번호",
            "124-81-00998",
            "14명",
            "02-800-1234",
            "실근무지",
            "관악 물류센터",
            "임금 지급일",
            // The last day worked: the day before the 퇴직일.
            "2024-05-31",
            "체불 내역",
            "5,016,000원",
            "9,365,917원",
            "2,880,000원",
            "1,536,000원",
            "진정 내용",
        ],
    );
    // In the order of the Ministry's form.
    let order = [
        "진정인",
        "피진정인",
        "입사일",
        "퇴사일",
        "임금 지급일",
        "체불 내역",
        "진정 내용",
    ];
    let at: Vec<usize> = order.iter().map(|t| xml.find(t).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{order:?} at {at:?}");

    let dismissal = dir.path().join("dismissal.docx");
    s.write_document(
        DocumentKind::Dismissal,
        &id,
        &dismissal,
        "노동위원회 구제신청",
    )
    .unwrap();
    let xml = document_xml(&dismissal);
    assert_holds(&xml, "구제신청서", &common);
    assert_holds(
        &xml,
        "구제신청서",
        &[
            "부당해고 등 구제신청서 (초안)",
            "신청인",
            "피신청인",
            "신청취지",
            "피신청인이 2024-06-01 신청인에게 한 해고는 부당해고임을 인정한다.",
            "신청이유",
            // 민법 제157·160조: three months from the dismissal.
            "신청 기한: 2024-09-01",
            "받지 못함",
        ],
    );
}

#[test]
fn a_document_is_logged_as_an_export_with_its_reason_and_needs_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store();
    let id = wage_case(&mut s);
    let path = dir.path().join("진정서.docx");

    let refused = s
        .write_document(DocumentKind::Petition, &id, &path, "  ")
        .unwrap_err();
    assert_eq!(refused.code(), "invalid");
    assert!(refused.to_string().contains("사유"), "{refused}");
    assert!(!path.exists(), "nothing written without a reason");

    s.write_document(DocumentKind::Petition, &id, &path, "노동청 진정 제출")
        .unwrap();
    let log = exports_of(&s, &id);
    assert_eq!(log.len(), 1, "{log:?}");
    let detail = log[0].detail.as_deref().unwrap();
    assert!(
        detail.contains("2024-A0001")
            && detail.contains("임금체불 진정서")
            && detail.contains("진정서.docx")
            && detail.contains("사유: 노동청 진정 제출"),
        "{detail}"
    );
}

#[test]
fn a_document_for_a_missing_folder_says_so_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store();
    let id = wage_case(&mut s);
    let path = dir.path().join("없는 폴더").join("상담일지.docx");
    let e = s
        .write_document(DocumentKind::Sheet, &id, &path, "보관")
        .unwrap_err();
    assert!(e.to_string().contains("없는 폴더"), "names the file: {e}");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    let log = s
        .access_log(&AccessLogFilter {
            action: Some(AccessAction::Export),
            ..Default::default()
        })
        .unwrap();
    assert!(log.is_empty(), "no file, no export in the log: {log:?}");
}

#[test]
fn every_document_of_a_demo_case_fills_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store();
    labordesk::demo::write_demo(&mut s).unwrap();
    // The first demo wage case with all the labor facts the calculations need.
    let page = s
        .list_cases(&CaseFilter {
            category: Some(Category::WageArrears),
            limit: 1_000,
            ..Default::default()
        })
        .unwrap();
    let detail = page
        .items
        .iter()
        .map(|row| s.get_case(&row.id).unwrap())
        .find(|d| {
            let f = &d.case.facts;
            d.case.client.name.is_some()
                && f.hired_on.is_some()
                && f.left_on.is_some()
                && f.monthly_wage.is_some()
                && f.weekly_hours.is_some()
        })
        .expect("a demo case with its labor facts");
    let case = &detail.case;
    for kind in DocumentKind::ALL {
        let path = dir.path().join(kind.file_name(&case.case_no));
        s.write_document(kind, &case.id, &path, "데모 확인")
            .unwrap();
        let xml = document_xml(&path);
        let wage = format!(
            "{}원",
            labordesk::domain::entitlements::group_digits(case.facts.monthly_wage.unwrap())
        );
        assert_holds(
            &xml,
            kind.label(),
            &[
                &case.case_no,
                case.client.name.as_deref().unwrap(),
                &case.facts.hired_on.unwrap().to_string(),
                &wage,
            ],
        );
    }
}

#[test]
fn the_preview_is_what_the_file_holds_and_printing_it_is_an_export_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store();
    let id = wage_case(&mut s);
    let preview = s.document_preview(DocumentKind::Petition, &id).unwrap();
    assert_eq!(preview.file_name, "2024-A0001 임금체불 진정서.docx");
    let path = dir.path().join(&preview.file_name);
    s.write_document(DocumentKind::Petition, &id, &path, "노동청 진정 제출")
        .unwrap();
    let xml = document_xml(&path);
    let mut texts = Vec::new();
    for block in &preview.blocks {
        match block {
            Block::Title { text } | Block::Heading { text } | Block::Text { text } => {
                texts.push(text.clone())
            }
            Block::Labels { rows } | Block::Grid { rows, .. } => {
                texts.extend(rows.iter().flatten().filter(|c| !c.is_empty()).cloned())
            }
        }
    }
    assert!(texts.contains(&"임금체불 진정서 (초안)".to_string()));
    assert!(texts.contains(&"124-81-00998".to_string()));
    for text in &texts {
        // One line of a multi-line value is one run of the file.
        for line in text.lines() {
            assert!(
                xml.contains(line),
                "the preview shows «{line}», the file does not"
            );
        }
    }

    let refused = s
        .document_printed(DocumentKind::Petition, &id, "")
        .unwrap_err();
    assert_eq!(refused.code(), "invalid");
    s.document_printed(DocumentKind::Petition, &id, "방문 상담 중 출력")
        .unwrap();
    let log = exports_of(&s, &id);
    assert!(
        log.iter().any(|e| e
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("임금체불 진정서 인쇄 — 사유: 방문 상담 중 출력"))),
        "{log:?}"
    );
}
