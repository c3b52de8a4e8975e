//! The length-prefixed envelope of gRPC, gRPC-Web and Connect: one flags byte, a
//! big-endian u32 length, the payload. The flags differ by protocol: bit 0 says the
//! payload is compressed everywhere; 0x80 marks gRPC-Web's trailer frame and 0x02
//! Connect's end-of-stream message.

use bytes::{Buf, BufMut, Bytes, BytesMut};

/// The envelope's header: flags and length.
pub const HEADER_LEN: usize = 5;
/// The payload is compressed (all three protocols).
pub const COMPRESSED: u8 = 0x01;
/// Connect: the end-of-stream message, a JSON object with the error and trailers.
pub const END_STREAM: u8 = 0x02;

/// One envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub flags: u8,
    pub payload: Bytes,
}

impl Frame {
    pub fn is_compressed(&self) -> bool {
        self.flags & COMPRESSED != 0
    }
}

/// `payload` in an envelope with `flags`.
pub fn encode(flags: u8, payload: &[u8]) -> Bytes {
    let mut out = BytesMut::with_capacity(HEADER_LEN + payload.len());
    out.put_u8(flags);
    out.put_u32(payload.len() as u32);
    out.put_slice(payload);
    out.freeze()
}

/// A frame the peer sent that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("a message of {size} bytes is over the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("the body ended inside a message ({0} bytes left over)")]
    Truncated(usize),
}

/// Cuts envelopes out of a body that arrives in pieces of any size.
#[derive(Debug)]
pub struct FrameReader {
    buffer: BytesMut,
    limit: usize,
}

impl FrameReader {
    /// A reader refusing payloads over `limit` bytes (before buffering them).
    pub fn new(limit: usize) -> FrameReader {
        FrameReader {
            buffer: BytesMut::new(),
            limit,
        }
    }

    pub fn push(&mut self, data: &[u8]) {
        self.buffer.extend_from_slice(data);
    }

    /// The next whole frame, if one has arrived.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, FrameError> {
        if self.buffer.len() < HEADER_LEN {
            return Ok(None);
        }
        let size = u32::from_be_bytes([
            self.buffer[1],
            self.buffer[2],
            self.buffer[3],
            self.buffer[4],
        ]) as usize;
        if size > self.limit {
            return Err(FrameError::TooLarge {
                size,
                limit: self.limit,
            });
        }
        if self.buffer.len() < HEADER_LEN + size {
            self.buffer.reserve(HEADER_LEN + size - self.buffer.len());
            return Ok(None);
        }
        let flags = self.buffer[0];
        self.buffer.advance(HEADER_LEN);
        let payload = self.buffer.split_to(size).freeze();
        Ok(Some(Frame { flags, payload }))
    }

    /// At the end of the body: an error if a frame was cut short.
    pub fn finish(&self) -> Result<(), FrameError> {
        match self.buffer.len() {
            0 => Ok(()),
            left => Err(FrameError::Truncated(left)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_split_anywhere_are_read_whole() {
        let mut wire = Vec::new();
        wire.extend_from_slice(&encode(0, b"hello"));
        wire.extend_from_slice(&encode(COMPRESSED, b""));
        wire.extend_from_slice(&encode(END_STREAM, b"{}"));
        for cut in 0..wire.len() {
            let mut reader = FrameReader::new(100);
            let mut frames = Vec::new();
            for piece in [&wire[..cut], &wire[cut..]] {
                reader.push(piece);
                while let Some(frame) = reader.next_frame().unwrap() {
                    frames.push(frame);
                }
            }
            reader.finish().unwrap();
            let flags: Vec<u8> = frames.iter().map(|f| f.flags).collect();
            assert_eq!(flags, [0, COMPRESSED, END_STREAM], "cut at {cut}");
            assert_eq!(frames[0].payload, "hello");
            assert!(frames[1].is_compressed());
        }
    }

    #[test]
    fn an_oversized_frame_is_refused_before_it_is_buffered() {
        let mut reader = FrameReader::new(3);
        reader.push(&[0, 0, 0, 0, 4]);
        assert_eq!(
            reader.next_frame(),
            Err(FrameError::TooLarge { size: 4, limit: 3 })
        );
    }

    #[test]
    fn a_frame_cut_short_is_reported_at_the_end() {
        let mut reader = FrameReader::new(10);
        reader.push(&encode(0, b"abc")[..6]);
        assert_eq!(reader.next_frame(), Ok(None));
        assert_eq!(reader.finish(), Err(FrameError::Truncated(6)));
    }
}
