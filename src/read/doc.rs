//! Word 97–2003 (.doc) and WPS Office (.wps) binaries: a compound file
//! (`cfb`) whose `WordDocument` stream starts with the FIB; the text is
//! found through the piece table (the CLX in the `0Table` or `1Table`
//! stream). Only the main document is read (footnotes, headers and
//! comments follow it in the character positions and are left out).

use std::io::{Cursor, Read};

use super::{Format, Origin, ReadError, SourceFile, view_source};

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// The largest stream read: the file limit already bounds it, this bounds
/// a stream a damaged directory claims.
const MAX_STREAM: u64 = 256 << 20;

fn stream(
    cf: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    path: &str,
) -> std::io::Result<Option<Vec<u8>>> {
    if !cf.is_stream(path) {
        return Ok(None);
    }
    let mut s = cf.open_stream(path)?;
    let mut buf = Vec::new();
    (&mut s).take(MAX_STREAM).read_to_end(&mut buf)?;
    Ok(Some(buf))
}

pub fn read(name: &str, bytes: &[u8]) -> Result<SourceFile, ReadError> {
    let err = |r: String| ReadError::new(name, r);
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| err(format!("damaged OLE compound file (.doc/.wps): {e}")))?;
    let word = stream(&mut cf, "/WordDocument")
        .map_err(|e| err(format!("damaged .doc/.wps: cannot read WordDocument: {e}")))?;
    let Some(word) = word else {
        let what = if cf.is_stream("/Workbook") || cf.is_stream("/Book") {
            "an Excel file"
        } else if cf.is_stream("/PowerPoint Document") {
            "a PowerPoint file"
        } else if cf.is_stream("/CONTENTS") || cf.is_stream("/MN0") {
            "a Microsoft Works file"
        } else if cf.is_stream("/EncryptedPackage") {
            return Err(err(
                "an encrypted (password-protected) Office file: remove the password and save again"
                    .into(),
            ));
        } else {
            "another kind of compound file"
        };
        return Err(err(format!(
            "not a Word binary: an OLE compound file without a WordDocument stream ({what})"
        )));
    };
    let ident = u16_at(&word, 0).unwrap_or(0);
    if ident != 0xA5EC {
        return Err(err(format!(
            "not a Word binary: the WordDocument stream has no Word signature ({ident:#06x})"
        )));
    }
    let nfib = u16_at(&word, 2).unwrap_or(0);
    // Word 6 and 95 (nFib up to 0x69) have no piece table of this form.
    if (1..=0x0069).contains(&nfib) {
        return Err(err(format!(
            "a Word 6/95 file (nFib {nfib}), older than Word 97: save it as .docx"
        )));
    }
    let flags = u16_at(&word, 0x0A).unwrap_or(0);
    if flags & 0x0100 != 0 || flags & 0x8000 != 0 {
        return Err(err(
            "an encrypted (password-protected) Word file: remove the password and save again"
                .into(),
        ));
    }
    let table_name = if flags & 0x0200 != 0 {
        "/1Table"
    } else {
        "/0Table"
    };
    let table = stream(&mut cf, table_name)
        .map_err(|e| err(format!("damaged .doc: cannot read {table_name}: {e}")))?
        .ok_or_else(|| err(format!("damaged .doc: no {} stream", &table_name[1..])))?;
    let ccp_text = u32_at(&word, 0x4C).unwrap_or(0) as usize;
    let (fc_clx, lcb_clx) = (
        u32_at(&word, 0x01A2).unwrap_or(0) as usize,
        u32_at(&word, 0x01A6).unwrap_or(0) as usize,
    );
    let damaged = |what: &str| err(format!("damaged .doc: {what}"));
    let clx = table
        .get(fc_clx..fc_clx.saturating_add(lcb_clx))
        .filter(|c| !c.is_empty())
        .ok_or_else(|| damaged("no piece table (CLX) where the FIB says"))?;
    // Skip the Prc entries (formatting) to the Pcdt (the piece table).
    let mut i = 0;
    let plc = loop {
        match clx.get(i) {
            Some(0x01) => {
                let cb = u16_at(clx, i + 1).ok_or_else(|| damaged("piece table cut short"))?;
                i += 3 + cb as usize;
            }
            Some(0x02) => {
                let lcb =
                    u32_at(clx, i + 1).ok_or_else(|| damaged("piece table cut short"))? as usize;
                break clx
                    .get(i + 5..(i + 5).saturating_add(lcb))
                    .ok_or_else(|| damaged("piece table cut short"))?;
            }
            _ => return Err(damaged("no piece table in the CLX")),
        }
    };
    if plc.len() < 4 || !(plc.len() - 4).is_multiple_of(12) {
        return Err(damaged("piece table of a wrong size"));
    }
    let n = (plc.len() - 4) / 12;
    let mut units: Vec<char> = Vec::with_capacity(ccp_text.min(1 << 24));
    for k in 0..n {
        let cp0 = u32_at(plc, k * 4).unwrap_or(0) as usize;
        let cp1 = u32_at(plc, (k + 1) * 4).unwrap_or(0) as usize;
        if cp0 >= ccp_text {
            break;
        }
        let cp1 = cp1.min(ccp_text);
        if cp1 <= cp0 {
            continue;
        }
        let pcd = 4 * (n + 1) + k * 8;
        let fc = u32_at(plc, pcd + 2).ok_or_else(|| damaged("piece table cut short"))?;
        let compressed = fc & 0x4000_0000 != 0;
        let fc = (fc & 0x3FFF_FFFF) as usize;
        let count = cp1 - cp0;
        if compressed {
            let at = fc / 2;
            let piece = word
                .get(at..at + count)
                .ok_or_else(|| damaged("a text piece lies outside the file"))?;
            units.extend(piece.iter().map(|&b| cp1252(b)));
        } else {
            let piece = word
                .get(fc..fc + count * 2)
                .ok_or_else(|| damaged("a text piece lies outside the file"))?;
            let u = piece
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]));
            units.extend(char::decode_utf16(u).map(|r| r.unwrap_or('\u{FFFD}')));
        }
    }
    let (text, origins) = lines_of(&units);
    Ok(view_source(name, Format::Doc, text, origins, Vec::new()))
}

/// A byte of a compressed piece: Windows-1252 (as the spec maps it).
fn cp1252(b: u8) -> char {
    if (0x80..0xA0).contains(&b) {
        let one = [b];
        let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&one);
        s.chars().next().unwrap_or('\u{FFFD}')
    } else {
        b as char
    }
}

/// Word's special characters to lines: paragraph and cell marks end
/// lines (a row's cells joined by tabs), field codes are dropped and
/// their results kept, object anchors dropped.
fn lines_of(chars: &[char]) -> (String, Vec<Origin>) {
    let mut text = String::new();
    let mut origins = Vec::new();
    let mut line_start = 0;
    let mut para = 0;
    // Field nesting: true while in a field's code (before its separator).
    let mut fields: Vec<bool> = Vec::new();
    let mut last_was_cell = false;
    let mut end_line = |text: &mut String, origins: &mut Vec<Origin>, start: &mut usize| {
        let trimmed = text.trim_end_matches([' ', '\t']).len();
        text.truncate(trimmed.max(*start));
        para += 1;
        origins.push(Origin {
            start: *start,
            end: text.len(),
            place: format!("WordDocument paragraph {para}"),
        });
        text.push('\n');
        *start = text.len();
    };
    for &c in chars {
        match c {
            '\u{13}' => {
                fields.push(true);
                continue;
            }
            '\u{14}' => {
                if let Some(f) = fields.last_mut() {
                    *f = false;
                }
                continue;
            }
            '\u{15}' => {
                fields.pop();
                continue;
            }
            _ => {}
        }
        if fields.iter().any(|&code| code) {
            continue;
        }
        let cell = c == '\u{7}';
        match c {
            '\r' | '\u{b}' | '\u{c}' => end_line(&mut text, &mut origins, &mut line_start),
            '\u{7}' if last_was_cell => {
                // The row's end mark after its last cell.
                if text.ends_with('\t') {
                    text.pop();
                }
                end_line(&mut text, &mut origins, &mut line_start);
            }
            '\u{7}' => text.push('\t'),
            '\u{1e}' => text.push('-'),
            '\u{1f}' | '\u{1}' | '\u{8}' | '\u{2}' | '\u{5}' | '\u{0}' => {}
            '\t' => text.push('\t'),
            c if c.is_control() => text.push(' '),
            c => text.push(c),
        }
        last_was_cell = cell;
    }
    if text.len() > line_start {
        end_line(&mut text, &mut origins, &mut line_start);
    }
    (text, origins)
}
