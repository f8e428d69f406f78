//! The benchmark corpus generator: a reproducible corpus of a given size
//! from real texts, years and numbers varied.

use std::io;
use std::path::{Path, PathBuf};

/// A size as people write it (50MB, 1GB, 500KB, 1200B or plain bytes), in
/// bytes; `None` when it is not one or not positive.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim().to_ascii_uppercase();
    let (num, mult) = if let Some(n) = s.strip_suffix("GB") {
        (n, 1u64 << 30)
    } else if let Some(n) = s.strip_suffix("MB") {
        (n, 1 << 20)
    } else if let Some(n) = s.strip_suffix("KB") {
        (n, 1 << 10)
    } else {
        (s.strip_suffix('B').unwrap_or(&s), 1)
    };
    let n: f64 = num.trim().parse().ok()?;
    (n > 0.0).then_some((n * mult as f64) as u64)
}

/// Builds a reproducible benchmark corpus of about `size` bytes in `out`
/// from the texts under `sources` (decoded to UTF-8), varying years and
/// numbers with a fixed-seed generator so files are not byte-identical
/// copies. Returns the number of files and bytes written.
/// The names this job gives its files.
fn is_bench_file(name: &str) -> bool {
    name.strip_prefix("bench_")
        .and_then(|r| r.strip_suffix(".txt"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn named(path: &Path, what: &str, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{what} {}: {e}", path.display()))
}

/// An output folder holding only what an earlier run wrote is emptied
/// (a smaller corpus leaves no stale files behind); one holding anything
/// else is refused, so no one's files are mixed into a benchmark.
fn clear_previous(out: &Path) -> io::Result<()> {
    let entries = match std::fs::read_dir(out) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(named(out, "cannot read", e)),
    };
    let mut ours = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| named(out, "cannot read", e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if !(is_file && is_bench_file(&name)) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} is not empty ({name} is not a file bench-corpus wrote): choose a new or empty folder",
                    out.display()
                ),
            ));
        }
        ours.push(entry.path());
    }
    for p in ours {
        std::fs::remove_file(&p).map_err(|e| named(&p, "cannot remove", e))?;
    }
    Ok(())
}

pub fn build_bench_corpus(sources: &[PathBuf], size: u64, out: &Path) -> io::Result<(usize, u64)> {
    let (inputs, _) = crate::read::collect_inputs(sources);
    let texts: Vec<String> = inputs
        .iter()
        .filter_map(|i| crate::read::read_input(i).ok())
        .map(|sf| sf.text)
        .filter(|t| !t.trim().is_empty())
        .collect();
    if texts.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no readable source texts",
        ));
    }
    clear_previous(out)?;
    std::fs::create_dir_all(out).map_err(|e| named(out, "cannot create", e))?;
    const FILE_TARGET: u64 = 1 << 20;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64*: fixed seed, so the corpus is the same on every machine.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        seed.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let (mut written, mut files) = (0u64, 0usize);
    while written < size {
        let mut buf = String::with_capacity(FILE_TARGET as usize + 100_000);
        while (buf.len() as u64) < FILE_TARGET && written + (buf.len() as u64) < size {
            let t = &texts[(next() % texts.len() as u64) as usize];
            let year_shift = (next() % 8) as i32;
            buf.push_str(&vary(t, year_shift, next() % 9 + 1));
            buf.push('\n');
        }
        let path = out.join(format!("bench_{files:05}.txt"));
        std::fs::write(&path, &buf).map_err(|e| named(&path, "cannot write", e))?;
        written += buf.len() as u64;
        files += 1;
    }
    Ok((files, written))
}

/// Shifts 20xx years by `year_shift` and rewrites the last digit of other
/// Arabic numbers, keeping the text's shape.
fn vary(text: &str, year_shift: i32, digit: u64) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let num = &text[start..i];
            if num.len() == 4 && num.starts_with("20") {
                let y: i32 = num.parse().unwrap_or(2018);
                out.push_str(&(y + year_shift).min(2099).to_string());
            } else {
                out.push_str(&num[..num.len() - 1]);
                out.push(char::from(b'0' + digit as u8));
            }
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_keeps_shape() {
        assert_eq!(vary("2018年发放130万元", 1, 5), "2019年发放135万元");
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(parse_size("50MB"), Some(50 << 20));
        assert_eq!(parse_size("1gb"), Some(1 << 30));
        assert_eq!(parse_size("500KB"), Some(500 << 10));
        assert_eq!(parse_size("1200"), Some(1200));
        assert_eq!(parse_size("1x"), None);
        assert_eq!(parse_size("0MB"), None);
    }
}
