//! Character classes of cleaned text (full-width ASCII is already folded to
//! ASCII by the clean stage, so `，` arrives as `,`; both forms are accepted
//! here so the primitives also serve raw text).

/// A Han character: CJK unified ideographs, extension A and the
/// compatibility block.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// How many chars of `s` are not whitespace: `s.chars().filter(|c|
/// !c.is_whitespace()).count()`, read byte by byte (the document shares ask
/// it of every sentence). Only the lead bytes of the few non-ASCII
/// whitespace chars (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) make a
/// char be decoded.
pub fn count_non_space(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b & 0xC0 == 0x80 {
            continue;
        }
        let space = match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => true,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => s[i..].chars().next().is_some_and(char::is_whitespace),
            _ => false,
        };
        n += usize::from(!space);
    }
    n
}

/// Ends a sentence: 。 ! ? (either width) and the ellipsis.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | '！' | '？' | '…')
}

/// A semicolon of either width: ends a clause of a list (一是…；二是…).
pub fn is_semicolon(c: char) -> bool {
    matches!(c, ';' | '；')
}

/// A colon of either width.
pub fn is_colon(c: char) -> bool {
    matches!(c, ':' | '：')
}

/// Ends a clause: a sentence end, a semicolon, a comma or the enumeration
/// comma 、.
pub fn is_clause_end(c: char) -> bool {
    is_sentence_end(c) || is_semicolon(c) || matches!(c, ',' | '，' | '、')
}

/// Punctuation that may close a stretch of text and is trimmed from its end
/// when two stretches are compared.
pub fn is_closing_punct(c: char) -> bool {
    is_clause_end(c) || is_colon(c)
}

/// The largest char boundary of `s` at or below `i` (and at most `s.len()`).
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` at or above `i` (and at most `s.len()`).
pub fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Which chars a scan decodes, by their first byte: for each byte, 0 when
/// the scan reads the char it starts, else the length of that char, to step
/// over it unread.
pub struct CharSkip([u8; 256]);

impl CharSkip {
    /// A scan that reads only the chars starting with one of `leads`.
    pub const fn decoding(leads: &[u8]) -> CharSkip {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = utf8_len(b as u8);
            b += 1;
        }
        let mut k = 0;
        while k < leads.len() {
            t[leads[k] as usize] = 0;
            k += 1;
        }
        CharSkip(t)
    }

    /// Whether a char starting with byte `b` is read.
    pub fn decodes(&self, b: u8) -> bool {
        self.0[usize::from(b)] == 0
    }

    /// The first char (of all Unicode) that `is` accepts but this scan
    /// would step over unread: a test that a table covers its chars.
    #[cfg(test)]
    pub(crate) fn first_unread(&self, is: impl Fn(char) -> bool) -> Option<char> {
        let mut b = [0u8; 4];
        (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .find(|&c| is(c) && !self.decodes(c.encode_utf8(&mut b).as_bytes()[0]))
    }
}

/// The first char at or after byte `from` (a char boundary) that `is`
/// accepts, with its offset. The scan steps a char at a time and decodes
/// only the chars `skip` reads, which must include every char `is`
/// accepts: a scan for punctuation then reads one byte per Han char.
#[inline]
pub fn find_char(
    text: &str,
    from: usize,
    skip: &CharSkip,
    is: impl Fn(char) -> bool,
) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        let step = skip.0[usize::from(b)];
        if step == 0 {
            let c = if b.is_ascii() {
                char::from(b)
            } else {
                text.get(i..)?.chars().next()?
            };
            if is(c) {
                return Some((i, c));
            }
            i += c.len_utf8();
        } else {
            i += usize::from(step);
        }
    }
    None
}

/// The length of the char whose first byte is `lead`.
const fn utf8_len(lead: u8) -> u8 {
    match lead {
        0..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_space_count_is_the_char_count_of_non_whitespace() {
        let naive = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
        let mut all = String::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(count_non_space(&one), naive(&one), "{c:?}");
            if c.is_whitespace() || (c as u32).is_multiple_of(97) {
                all.push(c);
            }
        }
        assert_eq!(count_non_space(&all), naive(&all));
        assert_eq!(count_non_space(" 工会\u{3000}活动 a\n"), 5);
    }

    #[test]
    fn classes() {
        assert!(is_han('工') && is_han('㐀') && !is_han('1') && !is_han('，'));
        assert!(is_sentence_end('。') && is_sentence_end('!') && !is_sentence_end(','));
        assert!(is_clause_end('、') && is_clause_end(';') && !is_clause_end(':'));
    }

    #[test]
    fn find_char_steps_over_whole_chars() {
        let mut b = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(
                usize::from(utf8_len(c.encode_utf8(&mut b).as_bytes()[0])),
                c.len_utf8()
            );
        }
        let t = "工会a。𠀀，é,x";
        let all = CharSkip([0; 256]);
        assert_eq!(
            find_char(t, 0, &all, |c| c == ','),
            Some((t.find(',').unwrap(), ','))
        );
        assert_eq!(
            find_char(t, 0, &all, |c| c == '，'),
            Some((t.find('，').unwrap(), '，'))
        );
        let only_x = CharSkip::decoding(b"x");
        assert!(only_x.decodes(b'x') && !only_x.decodes(0xE5));
        let after = t.find('。').unwrap() + 3;
        assert_eq!(
            find_char(t, after, &only_x, |c| c == 'x'),
            Some((t.len() - 1, 'x'))
        );
        assert_eq!(find_char(t, 0, &all, |c| c == '?'), None);
    }

    #[test]
    fn boundaries_never_split_a_char() {
        let s = "工会a";
        assert_eq!(floor_boundary(s, 1), 0);
        assert_eq!(ceil_boundary(s, 1), 3);
        assert_eq!(floor_boundary(s, 99), s.len());
        assert_eq!(ceil_boundary(s, 99), s.len());
    }
}
