//! The `labordesk` binary as a center lead runs it.

use std::io::Read;
use std::process::{Command, Output};

use crate::common::repo_file;

fn labordesk(db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_labordesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("LABORDESK_DB")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn init_import_and_list_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.db");
    assert!(labordesk(
        &db,
        &[
            "init",
            "--center",
            "구로 노동권익센터",
            "--device",
            "B",
            "--unencrypted"
        ]
    )
    .status
    .success());
    let cases = repo_file("assets/examples/cases.csv");
    let out = labordesk(&db, &["import", "cases", cases.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = labordesk(
        &db,
        &["cases", "list", "--year", "2024", "--category", "임금체불"],
    );
    let listing = text(&out.stdout);
    assert!(
        listing
            .lines()
            .any(|l| l.starts_with("2024-B0001\t2024-03-04")),
        "{listing}"
    );
    assert_eq!(
        listing.lines().count(),
        2,
        "header and one wage case: {listing}"
    );
    let open = text(&labordesk(&db, &["cases", "list", "--open"]).stdout);
    assert_eq!(
        open.lines().skip(1).map(|l| &l[..10]).collect::<Vec<_>>(),
        ["2024-B0003"],
        "{open}"
    );
}

#[test]
fn a_bad_import_prints_every_row_error_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.db");
    labordesk(
        &db,
        &["init", "--center", "센터", "--device", "A", "--unencrypted"],
    );
    let f = dir.path().join("bad.csv");
    std::fs::write(&f, "case_no,received_on,primary_category\n2024-A0001,2024-01-02,other\n2024-A0002,2099-01-01,other\n2024-A0003,2024-01-02,없음\n").unwrap();
    let out = labordesk(&db, &["import", "cases", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("row 2: received_on: ") && err.contains("row 3: primary_category: "),
        "{err}"
    );
    let listing = text(&labordesk(&db, &["cases", "list"]).stdout);
    assert_eq!(listing.lines().count(), 1, "only the header: {listing}");
}

/// Runs the binary allowed at most `limit_mb` of private writable memory (RLIMIT_DATA: the
/// heap and every anonymous mapping), so an allocation past it fails the process. Peak RSS as
/// wait4 reports it cannot be used here: a child of this large test process inherits the
/// parent's high-water mark when it execs.
#[cfg(target_os = "linux")]
fn run_within(db: &std::path::Path, args: &[&str], limit_mb: u64) -> Output {
    use std::os::unix::process::CommandExt;
    let limit = limit_mb * 1024 * 1024;
    let mut command = Command::new(env!("CARGO_BIN_EXE_labordesk"));
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("LABORDESK_DB");
    // SAFETY: setrlimit is async-signal-safe, and nothing else runs between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let rlim = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_DATA, &rlim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command.output().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn an_xlsx_bomb_is_refused_with_exit_2_within_100_mb() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.db");
    labordesk(
        &db,
        &["init", "--center", "센터", "--device", "A", "--unencrypted"],
    );
    // A few KB that ask a dense reader for a grid of 1,048,576 × 16,384 cells.
    let bomb = dir.path().join("bomb.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "case_no").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&bomb).unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 10_000);
    let out = run_within(&db, &["import", "cases", bomb.to_str().unwrap()], 100);
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "refused as bad input, not aborted by a failed allocation: {stderr}"
    );
    assert!(stderr.contains("XFD1048576 칸에 값이 있습니다"), "{stderr}");
}

#[test]
fn a_foreign_file_is_refused_with_a_korean_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("photo.db");
    std::fs::write(&db, vec![7u8; 4096]).unwrap();
    let out = labordesk(&db, &["cases", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("SQLite 데이터베이스가 아니거나"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&db).unwrap(), vec![7u8; 4096]);
}

#[test]
fn an_import_killed_mid_way_leaves_a_store_with_all_of_it_or_none() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.db");
    assert!(labordesk(
        &db,
        &["init", "--center", "센터", "--device", "A", "--unencrypted"]
    )
    .status
    .success());
    let csv = dir.path().join("big.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
    writeln!(
        f,
        "case_no,received_on,counselor,primary_category,client_name,client_phone,summary"
    )
    .unwrap();
    const ROWS: usize = 60_000;
    for i in 0..ROWS {
        writeln!(f, "2024-B{:05},2024-03-{:02},상담원{},임금체불,이름{i},010-{:04}-0000,\"{} 임금 체불 상담\"", i + 1, i % 28 + 1, i % 9, i % 10_000, "내용".repeat(20)).unwrap();
    }
    drop(f);
    let mut child = Command::new(env!("CARGO_BIN_EXE_labordesk"))
        .arg("--db")
        .arg(&db)
        .args(["import", "cases"])
        .arg(&csv)
        .env_remove("LABORDESK_DB")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the transaction is spilling pages into the WAL, then kill it without warning.
    let wal = dir.path().join("center.db-wal");
    // Generous: on a machine busy with other builds the import takes long to get going; the
    // wait ends as soon as the WAL grows.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it could be killed; make the file larger"
        );
        if std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 2 * 1024 * 1024 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the import never started writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let store = labordesk::Store::open(&db).expect("the store opens after the crash");
    let n = store.count_cases().unwrap() as usize;
    assert!(
        n == 0 || n == ROWS,
        "all of the import or none of it, found {n}"
    );
    assert_eq!(n, 0, "killed before its commit: none of it");
}

fn as_user(db: &std::path::Path, user: &str, password: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_labordesk"))
        .arg("--db")
        .arg(db)
        .args(["--user", user])
        .args(args)
        .env_remove("LABORDESK_DB")
        .env("LABORDESK_PASSWORD", password)
        .env("LABORDESK_NEW_PASSWORD", "counsel-password")
        .output()
        .unwrap()
}

#[test]
fn an_encrypted_center_from_the_command_line_accounts_log_backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.db");
    let out = as_user(
        &db,
        "lead",
        "violet-lantern-harbor",
        &[
            "init",
            "--center",
            "암호 센터",
            "--device",
            "A",
            "--name",
            "김센터",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    let code = shown
        .lines()
        .find_map(|l| l.strip_prefix("복구 코드: "))
        .expect("the recovery code is printed once");
    assert_eq!(code.len(), 29);
    assert!(!std::fs::read(&db)
        .unwrap()
        .windows(code.len())
        .any(|w| w == code.as_bytes()));

    let out = as_user(
        &db,
        "lead",
        "violet-lantern-harbor",
        &[
            "accounts",
            "add",
            "counsel",
            "--name",
            "이상담",
            "--role",
            "상담원",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = as_user(
        &db,
        "counsel",
        "counsel-password",
        &[
            "import",
            "cases",
            repo_file("assets/examples/cases.csv").to_str().unwrap(),
        ],
    );
    assert!(
        text(&out.stderr).contains("권한이 없습니다: 가져오기"),
        "{}",
        text(&out.stderr)
    );
    let out = as_user(&db, "counsel", "wrong-password", &["cases", "list"]);
    assert!(text(&out.stderr).contains("사용자 이름 또는 암호가 맞지 않습니다"));

    assert!(as_user(
        &db,
        "lead",
        "violet-lantern-harbor",
        &[
            "import",
            "cases",
            repo_file("assets/examples/cases.csv").to_str().unwrap()
        ]
    )
    .status
    .success());
    assert!(as_user(
        &db,
        "lead",
        "violet-lantern-harbor",
        &[
            "import",
            "remedies",
            repo_file("assets/examples/remedies.csv").to_str().unwrap()
        ]
    )
    .status
    .success());
    let review = as_user(&db, "lead", "violet-lantern-harbor", &["review", "--json"]);
    let review: serde_json::Value = serde_json::from_slice(&review.stdout).unwrap();
    assert_eq!(
        review["open"].as_array().unwrap().len(),
        2,
        "two example proceedings are still open"
    );

    let csv = dir.path().join("log.csv");
    let out = as_user(
        &db,
        "lead",
        "violet-lantern-harbor",
        &["log", "--out", csv.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let log = std::fs::read_to_string(&csv).unwrap();
    assert!(
        log.starts_with('\u{feff}')
            && log.contains(",failed_login,")
            && log.contains(",import,")
            && log.contains(",login,"),
        "{log}"
    );
    let exports = as_user(
        &db,
        "lead",
        "violet-lantern-harbor",
        &["log", "--action", "export"],
    );
    assert!(
        text(&exports.stdout).contains("접근 기록"),
        "the log export is itself logged: {}",
        text(&exports.stdout)
    );

    let out = as_user(&db, "lead", "violet-lantern-harbor", &["backup"]);
    let backup = text(&out.stdout)
        .trim()
        .strip_prefix("백업했습니다: ")
        .unwrap()
        .to_string();
    let later = dir.path().join("later.csv");
    std::fs::write(
        &later,
        "case_no,received_on,primary_category\n2024-A0099,2024-11-02,other\n",
    )
    .unwrap();
    assert!(as_user(
        &db,
        "lead",
        "violet-lantern-harbor",
        &["import", "cases", later.to_str().unwrap()]
    )
    .status
    .success());
    assert_eq!(
        text(&as_user(&db, "lead", "violet-lantern-harbor", &["cases", "list"]).stdout)
            .lines()
            .count(),
        6,
        "a fifth case after the backup"
    );
    let out = as_user(&db, "lead", "violet-lantern-harbor", &["restore", &backup]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list = text(&as_user(&db, "lead", "violet-lantern-harbor", &["cases", "list"]).stdout);
    assert_eq!(
        list.lines().count(),
        5,
        "the four example cases, as at the backup: {list}"
    );
}

#[test]
fn init_without_an_account_refuses_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.db");
    let out = labordesk(&db, &["init", "--center", "센터", "--device", "A"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--user"),
        "{}",
        text(&out.stderr)
    );
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn a_booth_laptop_enrolls_and_syncs_its_cases_to_the_center_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let center = dir.path().join("center.db");
    let booth = dir.path().join("booth.db");
    for (db, device) in [(&center, "A"), (&booth, "A")] {
        let out = as_user(
            db,
            "lead",
            "violet-lantern-harbor",
            &["init", "--center", "센터", "--device", device],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let enrollment = dir.path().join("booth.enroll");
    let out = as_user(
        &center,
        "lead",
        "violet-lantern-harbor",
        &[
            "sync",
            "enrollment",
            "--letter",
            "B",
            "--out",
            enrollment.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let code = text(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("등록 코드: ").map(str::to_string))
        .unwrap();
    let enroll = Command::new(env!("CARGO_BIN_EXE_labordesk"))
        .args(["--db", booth.to_str().unwrap(), "--user", "lead"])
        .args(["sync", "enroll", enrollment.to_str().unwrap()])
        .env("LABORDESK_PASSWORD", "violet-lantern-harbor")
        .env("LABORDESK_ENROLL_CODE", &code)
        .output()
        .unwrap();
    assert!(enroll.status.success(), "{}", text(&enroll.stderr));
    assert!(text(&enroll.stdout).contains("기기 문자 B"));

    let cases = repo_file("assets/examples/cases.csv");
    let out = as_user(
        &booth,
        "lead",
        "violet-lantern-harbor",
        &["import", "cases", cases.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let transfer = dir.path().join("booth.ldsync");
    let out = as_user(
        &booth,
        "lead",
        "violet-lantern-harbor",
        &["sync", "export", transfer.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    // A damaged copy is refused whole, with the reason.
    let mut bytes = std::fs::read(&transfer).unwrap();
    bytes.truncate(bytes.len() - 100);
    let damaged = dir.path().join("damaged.ldsync");
    std::fs::write(&damaged, bytes).unwrap();
    let out = as_user(
        &center,
        "lead",
        "violet-lantern-harbor",
        &["sync", "import", damaged.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("손상"), "{}", text(&out.stderr));

    let out = as_user(
        &center,
        "lead",
        "violet-lantern-harbor",
        &["sync", "import", transfer.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("(기기 B): 새 사건"),
        "{}",
        text(&out.stdout)
    );
    let listed = |db: &std::path::Path| {
        text(&as_user(db, "lead", "violet-lantern-harbor", &["cases", "list"]).stdout)
    };
    assert_eq!(listed(&center), listed(&booth));
    assert!(listed(&center).contains("2024-B0001"));
    let status = as_user(
        &center,
        "lead",
        "violet-lantern-harbor",
        &["sync", "status"],
    );
    assert!(
        text(&status.stdout).contains("B "),
        "{}",
        text(&status.stdout)
    );
}

#[test]
fn check_tallies_finds_a_tally_that_differs_and_repairs_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.db");
    let init = [
        "init",
        "--center",
        "구로 노동권익센터",
        "--device",
        "B",
        "--unencrypted",
    ];
    assert!(labordesk(&db, &init).status.success());
    assert!(labordesk(&db, &["demo"]).status.success());
    let out = labordesk(&db, &["check-tallies"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("일치합니다"),
        "{}",
        text(&out.stdout)
    );

    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE session_tally SET n = n + 1 WHERE day = (SELECT min(day) FROM session_tally)",
        [],
    )
    .unwrap();
    drop(conn);
    let out = labordesk(&db, &["check-tallies"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("집계표 session_tally:"),
        "{}",
        text(&out.stdout)
    );
    let out = labordesk(&db, &["check-tallies", "--repair"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("다시 만들었습니다"));
    assert!(labordesk(&db, &["check-tallies"]).status.success());
}

/// An unencrypted store with the example cases, for the `cases` commands.
fn example_store(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let db = dir.path().join("center.db");
    let init = labordesk(
        &db,
        &["init", "--center", "센터", "--device", "B", "--unencrypted"],
    );
    assert!(init.status.success(), "{}", text(&init.stderr));
    let cases = repo_file("assets/examples/cases.csv");
    let remedies = repo_file("assets/examples/remedies.csv");
    for (kind, file) in [("cases", &cases), ("remedies", &remedies)] {
        let out = labordesk(&db, &["import", kind, file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    db
}

fn show(db: &std::path::Path, case_no: &str) -> serde_json::Value {
    let out = labordesk(db, &["cases", "show", case_no, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_case_is_shown_by_the_import_field_names_and_changed_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_store(&dir);
    let b1 = show(&db, "2024-B0001");
    assert_eq!(b1["case_no"], "2024-B0001");
    assert_eq!(b1["received_on"], "2024-03-04");
    assert_eq!(b1["closed_on"], "2024-03-05");
    assert_eq!(b1["outcome"], "info");
    assert_eq!(b1["primary_category"], "wage_arrears");
    assert_eq!(b1["remedies"][0]["channel"], "labor_office");
    assert_eq!(b1["remedies"][0]["amount_recovered"], 4_500_000);
    assert_eq!(b1["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(
        show(&db, "2024-B0002")["outreach_event"],
        "2024-03-14 신도림역 환승통로"
    );

    let out = labordesk(
        &db,
        &[
            "cases",
            "set",
            "2024-B0001",
            "summary=임금 일부 지급",
            "birth_year=1985",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let b1 = show(&db, "2024-B0001");
    assert_eq!(
        (b1["summary"].as_str(), b1["birth_year"].as_i64()),
        (Some("임금 일부 지급"), Some(1985))
    );

    // Validated as in the app: closing before receipt is refused, naming the field.
    let out = labordesk(&db, &["cases", "set", "2024-B0001", "closed_on=2024-03-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("closed_on"),
        "{}",
        text(&out.stderr)
    );
    let out = labordesk(&db, &["cases", "set", "2024-B0001", "case_no=2024-B0009"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "the case number is not a field to set"
    );
    assert_eq!(
        show(&db, "2024-B0001")["closed_on"],
        "2024-03-05",
        "nothing half-saved"
    );
}

#[test]
fn a_case_is_closed_reopened_and_deleted_from_the_command_line_and_each_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_store(&dir);
    let close = |on: &str| {
        labordesk(
            &db,
            &[
                "cases",
                "close",
                "2024-B0003",
                "--on",
                on,
                "--outcome",
                "정보제공",
            ],
        )
    };
    let out = close("2024-03-30");
    assert_eq!(out.status.code(), Some(2), "closed before it was received");
    let out = close("2024-05-02");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let b3 = show(&db, "2024-B0003");
    assert_eq!(
        (b3["closed_on"].as_str(), b3["outcome"].as_str()),
        (Some("2024-05-02"), Some("info"))
    );

    let out = labordesk(
        &db,
        &["cases", "reopen", "2024-B0003", "--on", "2024-05-01"],
    );
    assert_eq!(out.status.code(), Some(2), "reopened before it was closed");
    let out = labordesk(
        &db,
        &["cases", "reopen", "2024-B0003", "--on", "2024-06-10"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(show(&db, "2024-B0003")["closed_on"].is_null());

    let out = labordesk(&db, &["cases", "delete", "2024-B0004"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = labordesk(&db, &["cases", "show", "2024-B0004"]);
    assert!(!out.status.success(), "a deleted case is not shown");
    let listed = text(&labordesk(&db, &["cases", "list"]).stdout);
    assert!(!listed.contains("2024-B0004"), "{listed}");

    let csv = dir.path().join("log.csv");
    let out = labordesk(&db, &["log", "--out", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let log = std::fs::read_to_string(&csv).unwrap();
    for entry in ["종결", "재개 (2024-06-10)"] {
        assert!(log.contains(entry), "{entry} logged: {log}");
    }
    assert!(log.lines().any(|l| l.contains("delete")), "{log}");
    let out = labordesk(&db, &["check-tallies"]);
    assert!(
        out.status.success(),
        "the report tallies agree after these edits: {}",
        text(&out.stdout)
    );
}

#[test]
fn the_lead_revokes_an_unused_enrollment_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let center = dir.path().join("center.db");
    let lead = |args: &[&str]| as_user(&center, "lead", "violet-lantern-harbor", args);
    let out = lead(&["init", "--center", "센터", "--device", "A"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file = dir.path().join("c.enroll");
    let out = lead(&[
        "sync",
        "enrollment",
        "--letter",
        "C",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = lead(&["sync", "revoke-enrollment", "--letter", "C"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1건을 취소"),
        "{}",
        text(&out.stdout)
    );
    let out = lead(&["sync", "revoke-enrollment", "--letter", "C"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("쓰이지 않은 기기 등록"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn accounts_are_deactivated_and_activated_and_a_new_recovery_code_made_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.db");
    let lead = |args: &[&str]| as_user(&db, "lead", "violet-lantern-harbor", args);
    let out = lead(&[
        "init",
        "--center",
        "키 센터",
        "--device",
        "A",
        "--name",
        "김센터",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let old_code = text(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("복구 코드: ").map(str::to_string))
        .unwrap();
    let add = [
        "accounts",
        "add",
        "counsel",
        "--name",
        "이상담",
        "--role",
        "상담원",
    ];
    assert!(lead(&add).status.success());

    let out = as_user(
        &db,
        "counsel",
        "counsel-password",
        &["accounts", "deactivate", "lead"],
    );
    assert!(
        text(&out.stderr).contains("권한이 없습니다: 계정 관리"),
        "lead only: {}",
        text(&out.stderr)
    );
    let out = lead(&["accounts", "deactivate", "lead"]);
    assert!(
        !out.status.success(),
        "never one's own account, so a lead always remains"
    );
    assert!(text(&out.stderr).contains("자기 자신의 계정은 비활성화할 수 없습니다"));

    let out = lead(&["accounts", "deactivate", "counsel"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("데이터베이스 키를 바꿨습니다"));
    let out = as_user(&db, "counsel", "counsel-password", &["cases", "list"]);
    assert!(text(&out.stderr).contains("사용자 이름 또는 암호가 맞지 않습니다"));
    let out = lead(&["accounts", "activate", "counsel"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(lead(&["accounts", "password", "counsel"]).status.success());
    let out = as_user(&db, "counsel", "counsel-password", &["cases", "list"]);
    assert!(
        out.status.success(),
        "reset after reactivation: {}",
        text(&out.stderr)
    );

    let out = lead(&["recovery-code", "new"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let new_code = text(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("새 복구 코드: ").map(str::to_string))
        .expect("the new code is printed once");
    assert_ne!(new_code, old_code);
    let old = labordesk::store::keys::RecoveryCode::parse(&old_code);
    assert_eq!(
        labordesk::Store::open_with_recovery(&db, &old, "lead", "after the old code")
            .err()
            .unwrap()
            .code(),
        "wrong_recovery_code"
    );

    let out = lead(&["log", "--by", "lead"]);
    let log = text(&out.stdout);
    for logged in [
        "계정 counsel 비활성화",
        "계정 counsel 활성화",
        "복구 코드 새로 만듦",
    ] {
        assert!(log.contains(logged), "{logged} is logged: {log}");
    }

    let weak = Command::new(env!("CARGO_BIN_EXE_labordesk"))
        .arg("--db")
        .arg(&db)
        .args(["--user", "lead", "accounts", "password", "counsel"])
        .env_remove("LABORDESK_DB")
        .env("LABORDESK_PASSWORD", "violet-lantern-harbor")
        .env("LABORDESK_NEW_PASSWORD", "password1")
        .output()
        .unwrap();
    assert_eq!(weak.status.code(), Some(2), "{}", text(&weak.stderr));
    assert!(
        text(&weak.stderr).contains("암호 — 추측하기 쉽습니다"),
        "{}",
        text(&weak.stderr)
    );
}

#[test]
fn log_verify_names_the_first_bad_entry_and_every_lead_command_warns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("center.db");
    let lead = |args: &[&str]| as_user(&db, "lead", "violet-lantern-harbor", args);
    let out = lead(&[
        "init",
        "--center",
        "기록 센터",
        "--device",
        "A",
        "--name",
        "김센터",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(lead(&["backup"]).status.success());
    let out = lead(&["log", "verify"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("이상이 없습니다"),
        "{}",
        text(&out.stdout)
    );
    // Logged after this sign-in's check: the next sign-in checks it.
    let add = [
        "accounts",
        "add",
        "counsel",
        "--name",
        "이상담",
        "--role",
        "상담원",
    ];
    assert!(lead(&add).status.success());

    let keys = labordesk::store::keys::KeyFile::read(&labordesk::store::keys::key_file_path(&db))
        .unwrap()
        .unlock("lead", "violet-lantern-harbor")
        .unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(&keys[0].pragma()).unwrap();
    conn.execute_batch("DROP TRIGGER access_log_append_only")
        .unwrap();
    let seq: i64 = conn
        .query_row(
            "SELECT max(seq) FROM access_log WHERE chain IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "UPDATE access_log SET username = 'someone' WHERE seq = ?1",
        [seq],
    )
    .unwrap();
    drop(conn);

    let out = lead(&["log", "verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("경고: 접근 기록 위변조 감지 — {seq}번")),
        "every command warns the lead: {stderr}"
    );
    assert!(
        stderr.contains(&format!("접근 기록 검증 실패 — 처음 문제가 된 곳 {seq}번")),
        "{stderr}"
    );
}

/// `labordesk` with the words of `line` as its arguments (none of which holds a space).
fn run(db: &std::path::Path, line: &str) -> Output {
    labordesk(db, &line.split_whitespace().collect::<Vec<_>>())
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

#[test]
fn calc_severance_gives_the_ministrys_example_without_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let args = "calc severance --hired 2014-10-02 --left 2017-09-16 --wages 7080000 --bonus 4000000 --leave-pay 300000";
    let s = json(&run(&db, &format!("{args} --json")));
    assert_eq!(s["days_employed"], 1080);
    assert_eq!(s["period_days"], 92);
    assert_eq!(s["daily_average_wage"], 88641.3);
    assert_eq!(s["amount"], 7_868_433);
    assert!(
        s["basis"].as_array().unwrap().len() >= 4,
        "the steps come along: {s}"
    );
    let shown = text(&run(&db, args).stdout);
    assert!(shown.starts_with("퇴직금 7,868,433원\n"), "{shown}");
    assert!(shown.contains("[퇴직급여보장법 제8조①]"), "{shown}");
    assert!(
        !db.exists(),
        "a calculation over given facts opens no database"
    );
}

#[test]
fn calc_leave_notice_minimum_wage_and_interest_answer_in_json() {
    let db = std::path::Path::new("unused.db");
    let leave = json(&run(
        db,
        "calc leave --hired 2010-03-01 --on 2015-03-01 --workers 12 --json",
    ));
    assert_eq!(leave["days"], 17, "five years: 15 + 2");
    let small = json(&run(
        db,
        "calc leave --hired 2010-03-01 --on 2015-03-01 --workers 4 --json",
    ));
    assert_eq!(small["days"], 0, "under five workers");
    let notice = json(&run(
        db,
        "calc notice --hired 2024-01-10 --dismissed 2024-04-10 --ordinary-daily 80000 --json",
    ));
    assert_eq!(notice["amount"], 2_400_000);
    let wage = json(&run(
        db,
        "calc minimum-wage --monthly 2000000 --weekly-hours 40 --year 2025 --json",
    ));
    assert_eq!(
        (wage["hourly"].as_i64(), wage["minimum"].as_i64()),
        (Some(9_569), Some(10_030))
    );
    assert_eq!(wage["below"], true);
    let interest = json(&run(
        db,
        "calc interest --amount 10000000 --left 2024-01-01 --paid 2024-03-01 --json",
    ));
    assert_eq!(interest["amount"], 252_054);
    assert!(!db.exists());
}

#[test]
fn calc_refuses_an_impossible_date_and_an_unknown_year_in_korean() {
    let db = std::path::Path::new("unused.db");
    let out = run(
        db,
        "calc interest --amount 1000 --left 2024-02-30 --paid 2024-03-01",
    );
    assert_eq!(out.status.code(), Some(2), "refused input");
    assert!(
        text(&out.stderr).contains("퇴직일"),
        "{}",
        text(&out.stderr)
    );
    let out = run(
        db,
        "calc minimum-wage --monthly 2000000 --weekly-hours 40 --year 2019",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("2020~2026년"),
        "{}",
        text(&out.stderr)
    );
    let out = labordesk(db, &["calc"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "neither a case nor a calculator"
    );
    assert!(
        text(&out.stderr).contains("사건번호"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn calc_of_a_case_uses_its_facts_and_is_logged_as_a_view() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_store(&dir);
    let set = run(&db, "cases set 2024-B0002 hired_on=2021-03-02 left_on=2024-06-01 weekly_hours=40 monthly_wage=2508000 unpaid_amount=5016000");
    assert!(set.status.success(), "{}", text(&set.stderr));
    // 2024-B0002: a dismissal at a workplace of 10~29, so notice pay and annual leave apply.
    let calc = json(&run(&db, "calc 2024-B0002 --json"));
    assert_eq!(calc["case_no"], "2024-B0002");
    assert_eq!(calc["ordinary_daily"], 96_000, "2,508,000 ÷ 209 × 8");
    assert_eq!(calc["severance"]["amount"], 96_000_i64 * 30 * 1_187 / 365);
    assert_eq!(calc["annual_leave"]["days"], 16, "3 whole years: 15 + 1");
    assert_eq!(calc["dismissal_notice"]["amount"], 30 * 96_000);
    assert_eq!(calc["delay_interest"]["from"], "2024-06-16");
    assert_eq!(calc["missing"], serde_json::json!([]));
    let shown = text(&run(&db, "calc 2024-B0002").stdout);
    assert!(shown.contains("퇴직금 9,365,917원"), "{shown}");
    assert!(shown.contains("법적 판단이 아닙니다"), "{shown}");
    let store = labordesk::Store::open(&db).unwrap();
    let id = store.find_case_by_no("2024-B0002").unwrap();
    let log = store.access_log(&Default::default()).unwrap();
    assert!(
        log.iter()
            .filter(|e| e.record_id.as_deref() == Some(id.as_str())
                && e.action == labordesk::domain::AccessAction::View)
            .count()
            >= 2,
        "each calc of a case is a logged view"
    );
    let missing = labordesk(&db, &["calc", "2099-Z9999"]);
    assert_ne!(missing.status.code(), Some(0));
}

#[test]
fn doc_writes_a_case_document_and_needs_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_store(&dir);
    let out = dir.path().join("진정서.docx");
    let out_arg = out.to_str().unwrap();

    let no_reason = labordesk(&db, &["doc", "petition", "2024-B0001", "--out", out_arg]);
    assert_eq!(no_reason.status.code(), Some(2), "clap asks for --reason");
    let blank = labordesk(
        &db,
        &[
            "doc",
            "petition",
            "2024-B0001",
            "--out",
            out_arg,
            "--reason",
            " ",
        ],
    );
    assert_eq!(blank.status.code(), Some(2));
    assert!(
        text(&blank.stderr).contains("사유"),
        "{}",
        text(&blank.stderr)
    );
    assert!(!out.exists());

    let made = labordesk(
        &db,
        &[
            "doc",
            "petition",
            "2024-B0001",
            "--out",
            out_arg,
            "--reason",
            "노동청 진정 제출",
        ],
    );
    assert!(made.status.success(), "{}", text(&made.stderr));
    assert!(
        text(&made.stdout).contains("임금체불 진정서"),
        "{}",
        text(&made.stdout)
    );
    let mut xml = String::new();
    zip::ZipArchive::new(std::fs::File::open(&out).unwrap())
        .unwrap()
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // 2024-B0001 in assets/examples/cases.csv: 홍길순, 010-2000-0001.
    assert!(
        xml.contains("홍길순") && xml.contains("010-2000-0001"),
        "{xml}"
    );
}
