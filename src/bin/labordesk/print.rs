//! What the commands print: the review queue, a sync report, T1.

use labordesk::domain::deadlines::DeadlineSource;
use labordesk::domain::{CodeList, RemedyChannel};
use labordesk::report::Period;

pub fn print_review(review: &labordesk::review::Review, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(review).expect("a review always serializes")
        );
        return;
    }
    println!("사건번호\t기관\t신청일\t진행 일수\t다음 기한\t남은 일수\t기한 내용");
    for r in &review.open {
        let deadline = r
            .next_deadline
            .map_or_else(|| "-".to_string(), |d| d.to_string());
        // What the deadline is for: the rule's step, or the lead's reason for moving it.
        let what = r
            .deadline
            .as_ref()
            .map_or_else(String::new, |d| match d.source {
                DeadlineSource::Rule => d.step.clone(),
                DeadlineSource::Override => format!("변경: {}", d.note),
                DeadlineSource::Entered => "입력한 기한".to_string(),
            });
        let left = r
            .days_to_deadline
            .map_or_else(|| "-".to_string(), |d| d.to_string());
        println!(
            "{}\t{}\t{}\t{}\t{deadline}\t{left}\t{what}",
            r.case_no,
            r.channel.label(),
            r.filed_on,
            r.days_open
        );
    }
    for p in &review.problems {
        println!("점검: {}", p.message);
    }
}

pub fn print_sync_report(r: &labordesk::sync::SyncReport) {
    println!(
        "{} (기기 {}): 새 사건 {}건, 바뀐 사건 {}건 — 전체 기록 새로 {}건, 바뀜 {}건, 그대로 {}건, 충돌 {}건",
        r.file,
        r.from_letter,
        r.new_cases,
        r.updated_cases,
        r.new_records,
        r.updated_records,
        r.unchanged_records,
        r.conflicts
    );
}

/// T1 as a readable table on the terminal.
pub fn print_t1(r: &labordesk::report::Report) {
    let c = &r.t1.consultations;
    let rem = &r.t1.remedies;
    println!(
        "노동관련 법률상담 및 구제 — {} ({} 기준/단위 : 건)",
        r.center_name,
        Period::as_of(r.as_of).title_date()
    );
    println!("기간: {} ~ {}", r.period_start, r.as_of);
    println!();
    println!("합계\t임금체불\t부당해고 등\t직장내 괴롭힘\t노동조합\t4대보험\t산업재해\t기타");
    println!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        c.total,
        c.wage_arrears,
        c.dismissal,
        c.harassment,
        c.union,
        c.social_insurance,
        c.industrial_accident,
        c.other
    );
    println!();
    println!(
        "권리구제: 합계 {} = 완료 {} + 진행 {}",
        rem.total, rem.concluded, rem.in_progress
    );
    println!("진행 중\t신규\t이월");
    for ch in RemedyChannel::ALL {
        let s = rem.in_progress_by_channel.get(*ch);
        println!("{}\t{}\t{}", ch.label(), s.new, s.carried);
    }
}
