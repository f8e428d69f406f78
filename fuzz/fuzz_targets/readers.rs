//! Any bytes, as any format (a zip, a compound file, a page, a PDF, text):
//! `read_bytes` never panics or hangs, and what it reads quotes back: a
//! page's chars from their bytes, a text view's from itself. The first
//! byte picks a wrapper so the readers past the magic-byte checks are
//! reached too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (pick, rest) = match data.split_first() {
        Some((p, r)) => (*p, r),
        None => return,
    };
    let mut bytes = match pick % 5 {
        0 => b"<!DOCTYPE html><html><body>".to_vec(),
        1 => b"PK\x03\x04".to_vec(),
        2 => vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
        3 => b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n".to_vec(),
        _ => Vec::new(),
    };
    bytes.extend_from_slice(rest);
    let Ok(sf) = gonghui::read::read_bytes("fuzz", bytes) else {
        return;
    };
    assert_eq!(sf.map.derived_len(), sf.text.len());
    for (i, c) in sf.text.char_indices().take(2048) {
        let span = sf.map.orig_span(i, i + c.len_utf8());
        assert!(span.0 <= span.1 && span.1 <= sf.bytes.len(), "{span:?}");
        let _ = sf.span_text(span);
        let _ = sf.lines.line_of(span.0);
    }
});
