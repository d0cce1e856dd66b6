//! Tells, from a file's first bytes, a spreadsheet from a file that only carries a
//! spreadsheet's name: a workbook wrapped by a document-security (DRM) product, which Korean
//! public offices put on every file they save, or an Office file locked with a password. Both
//! would otherwise be refused as a damaged zip or an unknown text encoding, and the counselor
//! would not know what to do. This reads at most the file's head and, for a compound file, its
//! directory; it never decides whether the content itself is valid.

use std::io::Read;

/// What the first bytes of an import file show.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    /// A zip container: an .xlsx workbook, if anything.
    Zip,
    /// Wrapped by a document-security product: only that product can open it.
    Drm,
    /// An Office file encrypted with a password: a compound file holding an
    /// `EncryptedPackage` stream instead of a workbook.
    PasswordProtected,
    /// A compound file that is not encrypted: a legacy Excel 97-2003 workbook (.xls).
    LegacyWorkbook,
    /// Text, or anything else the readers judge for themselves.
    Other,
}

const ZIP: &[u8] = b"PK\x03\x04";
/// The compound file (OLE2/CFB) signature of legacy Office files and encrypted ones.
const COMPOUND: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// How the document-security products used in Korean offices begin the files they wrap, as
/// far as public sources show: Fasoo DRM's container and its older header.
const DRM_MARKERS: [&[u8]; 2] = [b"\x9b DRMONE", b"<!-- FasooSecureContainer"];
/// How much of the head is read to judge it.
const HEAD: usize = 4096;

/// Reads the head of an import file and says what it is.
pub fn kind_of(mut file: impl Read) -> std::io::Result<Kind> {
    let mut head = Vec::with_capacity(HEAD);
    (&mut file).take(HEAD as u64).read_to_end(&mut head)?;
    if head.starts_with(ZIP) {
        return Ok(Kind::Zip);
    }
    if DRM_MARKERS.iter().any(|m| head.starts_with(m)) {
        return Ok(Kind::Drm);
    }
    if head.starts_with(COMPOUND) {
        // The stream names are in the directory, which may lie anywhere in the file; the file
        // is at most the import limit, and only a compound file is read on.
        let mut rest = Vec::new();
        file.read_to_end(&mut rest)?;
        head.extend_from_slice(&rest);
        return Ok(if contains_utf16(&head, "EncryptedPackage") {
            Kind::PasswordProtected
        } else {
            Kind::LegacyWorkbook
        });
    }
    Ok(if is_binary(&head) {
        Kind::Drm
    } else {
        Kind::Other
    })
}

/// Whether `bytes` holds `name` as a compound file's directory writes it (UTF-16LE).
fn contains_utf16(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// Whether a head that is neither a zip nor a compound file is binary, as encrypted content
/// is: text in neither UTF-8 nor CP949, the encodings an import file may have (a character cut
/// off at the end of the head is no fault). Encrypted bytes fail both within a few dozen
/// bytes; a text file with odd control characters passes, and its rows are judged by the CSV
/// reader. UTF-16 text with its byte order mark is left to the CSV reader to refuse by name.
fn is_binary(head: &[u8]) -> bool {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return false;
    }
    let text = |bytes: &[u8]| {
        std::str::from_utf8(bytes).is_ok()
            || encoding_rs::EUC_KR
                .decode_without_bom_handling_and_without_replacement(bytes)
                .is_some()
    };
    // A full head may end inside a character of up to three bytes.
    let cuts = if head.len() == HEAD { 0..=3 } else { 0..=0 };
    !cuts.into_iter().any(|cut| text(&head[..head.len() - cut]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(bytes: &[u8]) -> Kind {
        kind_of(bytes).unwrap()
    }

    #[test]
    fn a_zip_is_a_workbook_candidate_and_text_is_left_to_the_readers() {
        assert_eq!(kind(b"PK\x03\x04rest"), Kind::Zip);
        assert_eq!(kind("이름,번호\r\n홍길동,1\r\n".as_bytes()), Kind::Other);
        let (cp949, _, _) = encoding_rs::EUC_KR.encode("이름,번호\n홍길동,1\n");
        assert_eq!(
            kind(&cp949),
            Kind::Other,
            "Excel's plain CSV on Korean Windows"
        );
        assert_eq!(kind(b"\xFF\xFEa\x00,\x00"), Kind::Other, "UTF-16 text");
        assert_eq!(
            kind(b""),
            Kind::Other,
            "an empty file is the CSV reader's to name"
        );
        assert_eq!(
            kind(b"a,b\n\x00\x01\x1b,x\n"),
            Kind::Other,
            "control characters in text are the CSV reader's to judge"
        );
        let long = "홍길동,".repeat(HEAD);
        assert_eq!(
            kind(long.as_bytes()),
            Kind::Other,
            "a head cut inside a character"
        );
    }

    #[test]
    fn known_drm_headers_and_unknown_binary_are_drm() {
        assert_eq!(kind(b"\x9b DRMONE  This Document is encrypted"), Kind::Drm);
        assert_eq!(kind(b"<!-- FasooSecureContainer -->\x00\x01"), Kind::Drm);
        assert_eq!(kind(&[0x3a, 0x91, 0x00, 0x17, 0xee, 0x02]), Kind::Drm);
    }

    #[test]
    fn a_compound_file_with_an_encrypted_package_is_password_protected() {
        let mut file = COMPOUND.to_vec();
        file.resize(5000, 0);
        let name: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        // Beyond the head: the directory of a real file is wherever its sectors put it.
        file.extend_from_slice(&name);
        assert_eq!(kind(&file), Kind::PasswordProtected);
        let mut legacy = COMPOUND.to_vec();
        legacy.extend(
            "Workbook"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>(),
        );
        assert_eq!(kind(&legacy), Kind::LegacyWorkbook);
    }
}
