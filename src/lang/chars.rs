//! Character classes of cleaned text (full-width ASCII is already folded to
//! ASCII by the clean stage, so `，` arrives as `,`; both forms are accepted
//! here so the primitives also serve raw text).

/// A Han character: CJK unified ideographs, extension A and the
/// compatibility block.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_han('工') && is_han('㐀') && !is_han('1') && !is_han('，'));
        assert!(is_sentence_end('。') && is_sentence_end('!') && !is_sentence_end(','));
        assert!(is_clause_end('、') && is_clause_end(';') && !is_clause_end(':'));
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
