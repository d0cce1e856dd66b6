//! Unfinished forms and preferences survive a restart; code lists feed the UI.

use labordesk::domain::code_lists;
use labordesk::Store;
use serde_json::json;

use crate::common::*;

#[test]
fn a_draft_survives_closing_and_reopening_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = file_store(&dir);
    let body = json!({"received_on": "2024-11-30", "summary": "임금 체불 상담 작성 중"});
    s.save_draft("intake", &body).unwrap();
    s.save_draft("intake", &json!({"summary": "고쳐 쓴 내용"}))
        .unwrap();
    drop(s);
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        s.draft("intake").unwrap(),
        Some(json!({"summary": "고쳐 쓴 내용"})),
        "the latest save wins"
    );
    s.clear_draft("intake").unwrap();
    assert_eq!(s.draft("intake").unwrap(), None);
    assert_eq!(s.draft("never-saved").unwrap(), None);
}

#[test]
fn preferences_are_kept_apart_from_center_settings() {
    let mut s = store();
    s.set_preference("language", Some("en")).unwrap();
    s.set_preference("center_name", Some("not a setting"))
        .unwrap();
    assert_eq!(s.preference("language").unwrap().as_deref(), Some("en"));
    assert_eq!(
        s.settings().unwrap().center_name,
        "테스트 노동권익센터",
        "a preference never overwrites a setting"
    );
    s.set_preference("language", None).unwrap();
    assert_eq!(s.preference("language").unwrap(), None);
}

#[test]
fn code_lists_name_every_list_with_korean_labels() {
    let lists = code_lists();
    let category = lists.iter().find(|l| l.name == "category").unwrap();
    assert_eq!(category.label, "상담유형");
    assert_eq!(
        category.values.iter().map(|v| v.label).collect::<Vec<_>>(),
        [
            "임금체불",
            "부당해고 등",
            "직장내 괴롭힘",
            "노동조합",
            "4대보험",
            "산업재해",
            "기타"
        ]
    );
    for list in &lists {
        assert!(!list.values.is_empty(), "{} has values", list.name);
    }
    assert_eq!(lists.len(), 18);
    assert!(lists.iter().any(|l| l.name == "access_action"));
}
