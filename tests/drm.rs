//! A workbook wrapped by a document-security (DRM) product, or locked with a password, is
//! named as such on import, not as a damaged file or an unknown encoding: the counselor must
//! have it released first. The fixtures are made here, byte for byte as the products begin
//! their files.

use std::path::Path;

use crate::common::*;

/// Bytes that look like encrypted content: a fixed pseudo-random stream.
fn ciphertext(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x9E37_79B9;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

fn utf16(name: &str) -> Vec<u8> {
    name.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Imports `bytes` as the file `name` into a fresh store: the refusal's message, and that
/// nothing was imported.
fn refused(name: &str, bytes: &[u8]) -> String {
    let mut s = store();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let e = s.import_cases(&path).unwrap_err();
    assert_eq!(e.code(), "import_file", "{e}");
    assert_eq!(s.count_cases().unwrap(), 0, "nothing imported");
    let message = e.to_string();
    assert!(message.contains(name), "names the file: {message}");
    message
}

const DRM: &str = "문서 보안(DRM)으로 암호화된 파일입니다 — DRM을 해제한 뒤 다시 가져오세요";

#[test]
fn a_workbook_wrapped_by_fasoo_drm_is_named_as_drm() {
    let mut file = b"\x9b DRMONE  This Document is encrypted and protected by Fasoo DRM ".to_vec();
    file.extend(ciphertext(3000));
    assert!(refused("상담명단.xlsx", &file).contains(DRM));
    let mut container = b"<!-- FasooSecureContainer -->".to_vec();
    container.extend(ciphertext(3000));
    assert!(refused("상담명단.xlsx", &container).contains(DRM));
}

#[test]
fn a_workbook_wrapped_by_an_unknown_security_product_is_named_as_drm() {
    // Neither a zip (an .xlsx), nor a compound file (an .xls), nor text.
    assert!(refused("상담명단.xlsx", &ciphertext(4000)).contains(DRM));
    assert!(refused("상담명단.csv", &ciphertext(4000)).contains(DRM));
}

#[test]
fn a_workbook_locked_with_a_password_is_named_as_such() {
    // An encrypted Office file is a compound file whose streams are EncryptionInfo and
    // EncryptedPackage, the latter's name in the directory sector after the header.
    let mut file = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    file.resize(512, 0);
    for name in ["Root Entry", "EncryptionInfo", "EncryptedPackage"] {
        let mut entry = utf16(name);
        entry.resize(128, 0);
        file.extend(entry);
    }
    file.extend(ciphertext(8192));
    let message = refused("명단.xlsx", &file);
    assert!(
        message.contains(
            "암호가 걸린 Office 파일입니다 — Excel에서 암호를 해제하고 저장한 뒤 다시 가져오세요"
        ),
        "{message}"
    );
}

#[test]
fn a_legacy_xls_workbook_under_an_xlsx_name_is_named_as_such() {
    let mut file = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    file.resize(512, 0);
    file.extend(utf16("Workbook"));
    file.resize(2048, 0);
    let message = refused("명단.xlsx", &file);
    assert!(message.contains("옛 엑셀 형식(.xls)"), "{message}");
}

#[test]
fn plain_csv_in_utf8_and_in_cp949_still_imports() {
    let mut s = store();
    let report = s
        .import_cases(&repo_file("assets/examples/cases.csv"))
        .unwrap();
    assert!(report.added > 0);
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo_file("assets/examples/cases.csv")).unwrap();
    let (cp949, _, unmappable) = encoding_rs::EUC_KR.encode(text.trim_start_matches('\u{feff}'));
    assert!(!unmappable);
    let path: &Path = &dir.path().join("cp949.csv");
    std::fs::write(path, &cp949).unwrap();
    let mut t = store();
    assert_eq!(t.import_cases(path).unwrap().added, report.added);
}
