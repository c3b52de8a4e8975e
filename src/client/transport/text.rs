//! gRPC-Web's text form: the binary body in base64, for clients that cannot stream
//! binary. A sender may encode each piece on its own, so padding can appear between
//! pieces, and pieces arrive cut anywhere; tonic-web's client layer reads only the
//! binary form, so this module sits under it.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::{Bytes, BytesMut};
use http_body::{Body, Frame};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

pin_project_lite::pin_project! {
    /// A request body sent as text: each piece in padded base64.
    pub struct Encode<B> {
        #[pin]
        inner: B,
    }
}

impl<B> Encode<B> {
    pub fn new(inner: B) -> Self {
        Encode { inner }
    }
}

impl<B> Body for Encode<B>
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match ready!(self.project().inner.poll_frame(cx)) {
            Some(Ok(frame)) => Poll::Ready(Some(Ok(
                frame.map_data(|data| Bytes::from(STANDARD.encode(&data)))
            ))),
            Some(Err(error)) => Poll::Ready(Some(Err(error.into()))),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }
}

/// Decodes base64 that arrives in pieces cut anywhere, with padding allowed at the end
/// of any encoded piece.
#[derive(Debug, Default)]
pub struct Decoder {
    pending: BytesMut,
}

impl Decoder {
    /// What `piece` completes, decoded.
    pub fn push(&mut self, piece: &[u8]) -> Result<Bytes, base64::DecodeError> {
        self.pending
            .extend(piece.iter().filter(|b| !b.is_ascii_whitespace()));
        let mut out = Vec::new();
        loop {
            let whole = self.pending.len() / 4 * 4;
            if whole == 0 {
                break;
            }
            // Up to the first group that ends in padding, which closes an encoded piece.
            let end = self.pending[..whole]
                .chunks(4)
                .position(|group| group[3] == b'=')
                .map_or(whole, |group| (group + 1) * 4);
            let segment = self.pending.split_to(end);
            STANDARD.decode_vec(&segment, &mut out)?;
        }
        Ok(Bytes::from(out))
    }

    /// Whether input ended on a whole group.
    pub fn is_clean(&self) -> bool {
        self.pending.is_empty()
    }
}

pin_project_lite::pin_project! {
    /// A response body read as text.
    pub struct Decode<B> {
        #[pin]
        inner: B,
        decoder: Decoder,
    }
}

impl<B> Decode<B> {
    pub fn new(inner: B) -> Self {
        Decode {
            inner,
            decoder: Decoder::default(),
        }
    }
}

impl<B> Body for Decode<B>
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let mut this = self.project();
        loop {
            match ready!(this.inner.as_mut().poll_frame(cx)) {
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) => {
                        let decoded = this.decoder.push(&data).map_err(|e| {
                            format!("the server's gRPC-Web text is not base64: {e}")
                        })?;
                        if !decoded.is_empty() {
                            return Poll::Ready(Some(Ok(Frame::data(decoded))));
                        }
                    }
                    Err(frame) => return Poll::Ready(Some(Ok(frame))),
                },
                Some(Err(error)) => return Poll::Ready(Some(Err(error.into()))),
                None if this.decoder.is_clean() => return Poll::Ready(None),
                None => {
                    return Poll::Ready(Some(Err(
                        "the server's gRPC-Web text ended inside a base64 group".into(),
                    )));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_pieces_cut_anywhere_decode_to_the_original() {
        let pieces: [&[u8]; 3] = [b"a", b"hello world", b"xy"];
        let text: String = pieces.iter().map(|p| STANDARD.encode(p)).collect();
        let expected: Vec<u8> = pieces.concat();
        for cut in 0..=text.len() {
            let mut decoder = Decoder::default();
            let mut out = decoder.push(&text.as_bytes()[..cut]).unwrap().to_vec();
            out.extend_from_slice(&decoder.push(&text.as_bytes()[cut..]).unwrap());
            assert_eq!(out, expected, "cut at {cut}");
            assert!(decoder.is_clean());
        }
    }

    #[test]
    fn line_breaks_are_ignored_and_garbage_is_an_error() {
        let mut decoder = Decoder::default();
        assert_eq!(decoder.push(b"aGVs\r\nbG8=").unwrap(), "hello");
        assert!(Decoder::default().push(b"a!b?").is_err());
        let mut cut = Decoder::default();
        cut.push(b"aGV").unwrap();
        assert!(!cut.is_clean());
    }
}
