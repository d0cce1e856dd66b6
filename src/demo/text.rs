//! The demo's names, workplaces and the summaries counselors write, per category.

use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;
use rand::Rng;

use crate::domain::*;

pub(super) const SURNAMES: [&str; 20] = [
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황",
    "안", "송", "류", "홍",
];

pub(super) const SYLLABLES: [&str; 20] = [
    "민", "서", "지", "현", "수", "영", "준", "우", "은", "하", "도", "연", "예", "진", "원", "재",
    "유", "성", "혜", "경",
];

pub(super) const FOREIGN_NAMES: [(&str, &str); 6] = [
    ("NGUYEN VAN HUNG", "베트남"),
    ("TRAN THI LAN", "베트남"),
    ("BATBAYAR GANBOLD", "몽골"),
    ("SITI RAHMA", "인도네시아"),
    ("SOMCHAI PRASERT", "태국"),
    ("ZHANG WEI", "중국"),
];

pub(super) const COUNSELORS: [&str; 5] = ["김상담", "이노무", "박권익", "최지원", "정다온"];

pub(super) const WORKPLACE_PREFIX: [&str; 12] = [
    "한빛",
    "새솔",
    "다온",
    "푸른",
    "미래",
    "대한",
    "성진",
    "우리",
    "하나로",
    "동방",
    "라온",
    "청솔",
];

pub(super) fn sub_type_and_summary(
    rng: &mut SmallRng,
    category: Category,
) -> (&'static str, String) {
    let months = rng.random_range(1..=6);
    let amount = rng.random_range(12..=900) * 10;
    let (sub, text): (&str, String) = match category {
        Category::WageArrears => [
            ("정기임금", format!("{months}개월분 임금 약 {amount}만원을 받지 못함. 사업주는 경영난을 이유로 지급을 미룸.")),
            ("퇴직금", format!("{}년 근무 후 퇴사했으나 퇴직금 약 {amount}만원 미지급.", months)),
            ("최저임금 미달", "시급이 최저임금에 못 미침. 근로계약서 미작성.".to_string()),
            ("주휴수당", "주 15시간 이상 근무했으나 주휴수당을 받은 적이 없음.".to_string()),
            ("연차수당", "퇴사 시 미사용 연차수당 정산을 거부당함.".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
        Category::Dismissal => [
            ("해고", "구두로 내일부터 나오지 말라는 통보를 받음. 해고 사유와 시기를 서면으로 받지 못함.".to_string()),
            ("계약만료·갱신거절", "계약 갱신 기대권이 있었으나 갱신을 거절당함.".to_string()),
            ("권고사직", "권고사직을 거부하자 업무 배제와 대기발령을 받음.".to_string()),
            ("징계", "사소한 지각을 이유로 정직 1개월의 징계를 받음.".to_string()),
            ("해고예고수당", "30일 전 예고 없이 해고되어 해고예고수당을 문의함.".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
        Category::Harassment => [
            ("직장 내 괴롭힘", "팀장의 반복적인 폭언과 업무 배제. 회사에 신고했으나 조사가 진행되지 않음.".to_string()),
            ("성희롱", "회식 자리에서 상급자의 성적 발언. 신고 후 불리한 처우를 걱정함.".to_string()),
            ("고객 폭언·감정노동", "고객 응대 중 폭언이 반복되나 회사가 보호 조치를 하지 않음.".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
        Category::Union => [
            ("설립·운영", "노동조합 설립 절차와 설립신고 서류를 문의함.".to_string()),
            ("부당노동행위", "노조 가입 직후 부서 이동과 승진 누락을 겪음.".to_string()),
            ("교섭·단체협약", "교섭 요구 사실 공고 절차를 문의함.".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
        Category::SocialInsurance => [
            ("실업급여", "자진 퇴사로 처리되어 실업급여를 받을 수 있는지 문의함.".to_string()),
            ("고용보험 자격", "고용보험 미가입 상태로 근무해 피보험자격 확인을 원함.".to_string()),
            ("출산·육아휴직 급여", "육아휴직 급여 신청 요건을 문의함.".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
        Category::IndustrialAccident => [
            ("업무상 사고", "작업 중 넘어져 골절. 회사가 공상 처리를 권유함.".to_string()),
            ("업무상 질병", "장시간 반복 작업으로 허리 디스크 진단. 산재 신청 방법 문의.".to_string()),
            ("출퇴근 재해", "출근길 교통사고의 산재 인정 여부 문의.".to_string()),
            ("불승인·장해등급 불복", "산재 불승인 결정에 대한 심사청구 절차 문의.".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
        Category::Other => [
            ("근로계약", "근로계약서를 받지 못했고 근로조건이 구두 약속과 다름.".to_string()),
            ("근로시간·휴게", "하루 12시간 근무에 휴게시간이 보장되지 않음.".to_string()),
            ("휴일·휴가·휴직", "연차휴가 사용을 거부당함.".to_string()),
            ("비정규직 차별", "같은 일을 하는 정규직과 상여금 차별.".to_string()),
            ("근로자성(특고·플랫폼)", "배달 플랫폼 종사자로 근로자성 인정 여부 문의.".to_string()),
            ("이주노동", "사업장 변경 신청 절차 문의.".to_string()),
            ("사용자 노무상담", "소규모 사업장 사용자가 취업규칙 작성 방법을 문의함.".to_string()),
            ("생활법률", "임대차 보증금 반환 문제 문의(노동 외 상담).".to_string()),
        ]
        .choose(rng)
        .expect("non-empty").clone(),
    };
    (sub, text)
}
