//! UTF-8 at the byte level, for scans that walk raw bytes.

/// The length of the UTF-8 sequence a byte starts; `None` for a byte that
/// starts none (a continuation byte, 0xC0, 0xC1, 0xF5 and up).
pub fn utf8_len(lead: u8) -> Option<usize> {
    match lead {
        0x00..=0x7F => Some(1),
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_of_every_kind_of_lead() {
        for c in ['a', 'é', '’', '联', '🙂'] {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(utf8_len(bytes[0]), Some(bytes.len()));
        }
        for b in [0x80, 0xBF, 0xC0, 0xC1, 0xF5, 0xFF] {
            assert_eq!(utf8_len(b), None);
        }
    }
}
