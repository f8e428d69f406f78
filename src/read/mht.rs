//! Web archives (.mht / .mhtml, "save as single file"): a MIME
//! multipart/related message whose first text/html part is the page. The
//! part is unpacked (quoted-printable or base64) and read as a saved page;
//! the text view is what `gonghui text` prints (offsets do not map back
//! through the transfer encoding).

use super::{Format, Origin, ReadError, SourceFile, find_ci_bytes, html, view_source};

/// Is this a MIME web archive? (`MIME-Version` and multipart/related in
/// its headers.)
pub fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    find_ci_bytes(head, b"mime-version:").is_some()
        && find_ci_bytes(head, b"multipart/related").is_some()
}

fn header_value<'a>(headers: &'a str, key: &str) -> Option<&'a str> {
    // Folded header lines are joined before this is called.
    headers.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(key).then_some(v.trim())
    })
}

fn param<'a>(value: &'a str, key: &str) -> Option<&'a str> {
    value.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"'))
    })
}

fn unfold(h: &str) -> String {
    h.replace("\r\n", "\n")
        .replace("\n ", " ")
        .replace("\n\t", " ")
}

fn split_head(part: &[u8]) -> (&[u8], &[u8]) {
    for (sep, n) in [(&b"\r\n\r\n"[..], 4), (&b"\n\n"[..], 2)] {
        if let Some(p) = part.windows(n).position(|w| w == sep) {
            return (&part[..p], &part[p + n..]);
        }
    }
    (part, &[])
}

fn quoted_printable(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    while i < b.len() {
        if b[i] == b'=' {
            if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') {
                i += 3;
                continue;
            }
            if b.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            if let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            ) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn base64(b: &[u8]) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(b.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for &c in b {
        if c == b'=' {
            break;
        }
        let Some(v) = val(c) else { continue };
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

pub fn read(name: &str, bytes: &[u8]) -> Result<SourceFile, ReadError> {
    let err = |r: &str| ReadError::new(name, r);
    let (head, body) = split_head(bytes);
    let head = unfold(&String::from_utf8_lossy(head));
    let ctype = header_value(&head, "content-type").unwrap_or("");
    let boundary = param(ctype, "boundary")
        .ok_or_else(|| err("web archive (.mht) without a MIME boundary: damaged"))?;
    let delim = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(p) = find_ci_bytes(rest, delim.as_bytes()) {
        parts.push(&rest[..p]);
        rest = &rest[p + delim.len()..];
        if rest.starts_with(b"--") {
            break;
        }
    }
    if !rest.starts_with(b"--") {
        parts.push(rest);
    }
    for part in parts.into_iter().skip(1) {
        let part = part
            .strip_prefix(b"\r\n")
            .or_else(|| part.strip_prefix(b"\n"))
            .unwrap_or(part);
        let (h, content) = split_head(part);
        let h = unfold(&String::from_utf8_lossy(h));
        let ct = header_value(&h, "content-type").unwrap_or("");
        if !ct.to_ascii_lowercase().starts_with("text/html") {
            continue;
        }
        let te = header_value(&h, "content-transfer-encoding")
            .unwrap_or("8bit")
            .to_ascii_lowercase();
        let mut page = match te.as_str() {
            "quoted-printable" => quoted_printable(content),
            "base64" => base64(content),
            _ => content.to_vec(),
        };
        // The part's charset, when the page itself names none.
        if let Some(cs) = param(ct, "charset")
            && html::declared_charset(&page).is_none()
        {
            let mut with = format!("<meta charset=\"{cs}\">").into_bytes();
            with.append(&mut page);
            page = with;
        }
        let sf = html::read(name, page)?;
        let mut origins = Vec::new();
        let mut start = 0;
        for (n, line) in sf.text.split_inclusive('\n').enumerate() {
            let end = start + line.trim_end_matches('\n').len();
            origins.push(Origin {
                start,
                end,
                place: format!("text/html part, line {}", n + 1),
            });
            start += line.len();
        }
        return Ok(view_source(
            name,
            Format::Mht,
            sf.text,
            origins,
            sf.warnings,
        ));
    }
    Err(err("web archive (.mht) without a text/html part"))
}
