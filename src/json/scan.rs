//! The one JSON tokenizer rgrpc needs: byte by byte, it tells string contents from the
//! structure around them. The request reader uses it to unwrap a top-level array as it
//! streams, and the REPL to know whether a line leaves JSON open and where the cursor
//! stands. It does not validate: serde_json does that where it matters.

/// What one byte is, seen from outside strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// `{` or `[`.
    Open(u8),
    /// `}` or `]`.
    Close(u8),
    /// The quote that starts a string.
    StringStart,
    /// The quote that ends a string.
    StringEnd,
    /// A byte inside a string (escapes included).
    InString,
    Colon,
    Comma,
    Whitespace,
    /// Any other byte: part of a number or a literal.
    Other,
}

/// The tokenizer's state between bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scanner {
    in_string: bool,
    escaped: bool,
}

impl Scanner {
    /// Classifies the next byte.
    pub fn step(&mut self, byte: u8) -> Token {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
                return Token::StringEnd;
            }
            return Token::InString;
        }
        match byte {
            b'"' => {
                self.in_string = true;
                Token::StringStart
            }
            b'{' | b'[' => Token::Open(byte),
            b'}' | b']' => Token::Close(byte),
            b':' => Token::Colon,
            b',' => Token::Comma,
            b if b.is_ascii_whitespace() => Token::Whitespace,
            _ => Token::Other,
        }
    }

    /// Whether the last byte left a string open.
    pub fn in_string(&self) -> bool {
        self.in_string
    }
}

/// Whether `text` leaves a JSON object, array or string open, so that input continues on
/// the next line.
pub fn is_open(text: &str) -> bool {
    let mut scanner = Scanner::default();
    let mut depth: i64 = 0;
    for byte in text.bytes() {
        match scanner.step(byte) {
            Token::Open(_) => depth += 1,
            Token::Close(_) => depth -= 1,
            _ => {}
        }
    }
    depth > 0 || scanner.in_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_hide_structure() {
        let mut scanner = Scanner::default();
        let tokens: Vec<Token> = br#"{"a\"}":[1]}"#.iter().map(|b| scanner.step(*b)).collect();
        assert_eq!(tokens[0], Token::Open(b'{'));
        assert_eq!(tokens[1], Token::StringStart);
        assert!(tokens[2..6].iter().all(|t| *t == Token::InString));
        assert_eq!(tokens[6], Token::StringEnd);
        assert_eq!(tokens[7], Token::Colon);
        assert_eq!(tokens[8], Token::Open(b'['));
        assert_eq!(tokens[9], Token::Other);
        assert_eq!(tokens[11], Token::Close(b'}'));
    }

    #[test]
    fn open_json_continues_the_line() {
        assert!(is_open(r#"call X {"a": {"b": 1}"#));
        assert!(is_open(r#"X [{"a": 1},"#));
        assert!(is_open(r#"X {"a": "unterminated"#));
        assert!(!is_open(r#"X {"a": "}{"}"#));
        assert!(!is_open("list"));
    }
}
