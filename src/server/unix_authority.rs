//! Lets clients that send a socket path as `:authority` talk to `rgrpc serve --unix`.
//!
//! Over a unix socket, grpc-go before about 1.52, grpc-java and newer grpcio (grpcurl
//! 1.8.6 among them) send the socket path (`/tmp/x.sock`, or its %-encoding) as the
//! `:authority` of each request. That is not a valid URI authority, and the `h2` crate
//! answers such a request with RST_STREAM PROTOCOL_ERROR (hyperium/h2 PR 487, open since
//! 2020). This adapter sits under HTTP/2 on the unix listener only: it decodes each header
//! block the client sends, replaces an `:authority` that is not a valid authority with
//! `localhost`, and encodes the block again; every other byte passes through untouched.
//! Re-encoding keeps both HPACK tables consistent: the client's encoder is mirrored by
//! this decoder, and the server's decoder mirrors this encoder alone. TCP connections
//! never pass through here, so their checks stay strict.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::{Buf, BufMut, BytesMut};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tonic::transport::server::Connected;

const PREFACE_LEN: usize = 24;
const FRAME_HEADER_LEN: usize = 9;
/// Every HTTP/2 peer accepts frames this large.
const MAX_FRAME: usize = 16_384;
/// A header block larger than this is refused rather than buffered.
const MAX_BLOCK: usize = 1 << 20;

const HEADERS: u8 = 0x1;
const CONTINUATION: u8 = 0x9;
const END_STREAM: u8 = 0x1;
const END_HEADERS: u8 = 0x4;
const PADDED: u8 = 0x8;
const PRIORITY: u8 = 0x20;

/// The authority put in place of one that is not valid.
const LOCAL: &[u8] = b"localhost";

pin_project_lite::pin_project! {
    /// A unix-socket connection whose requests' `:authority` is made valid.
    pub struct AuthorityFix<S> {
        #[pin]
        inner: S,
        rewriter: Rewriter,
    }
}

impl<S> AuthorityFix<S> {
    pub fn new(inner: S) -> AuthorityFix<S> {
        AuthorityFix {
            inner,
            rewriter: Rewriter::default(),
        }
    }
}

impl<S: Connected> Connected for AuthorityFix<S> {
    type ConnectInfo = S::ConnectInfo;

    fn connect_info(&self) -> Self::ConnectInfo {
        self.inner.connect_info()
    }
}

impl<S: AsyncRead> AsyncRead for AuthorityFix<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let mut this = self.project();
        loop {
            if !this.rewriter.ready.is_empty() {
                let n = this.rewriter.ready.len().min(buf.remaining());
                buf.put_slice(&this.rewriter.ready[..n]);
                this.rewriter.ready.advance(n);
                return Poll::Ready(Ok(()));
            }
            let mut chunk = [0u8; 8192];
            let mut read = ReadBuf::new(&mut chunk);
            ready!(this.inner.as_mut().poll_read(cx, &mut read))?;
            if read.filled().is_empty() {
                // The end: whatever is left (an incomplete frame) goes through as it is.
                let rest = this.rewriter.received.split();
                this.rewriter.ready.extend_from_slice(&rest);
                if this.rewriter.ready.is_empty() {
                    return Poll::Ready(Ok(()));
                }
                continue;
            }
            this.rewriter.received.extend_from_slice(read.filled());
            this.rewriter.process()?;
        }
    }
}

impl<S: AsyncWrite> AsyncWrite for AuthorityFix<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.project().inner.poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.project().inner.poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().inner.poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().inner.poll_shutdown(cx)
    }
}

/// A header block waiting for its CONTINUATION frames.
struct Pending {
    stream: u32,
    end_stream: bool,
    block: Vec<u8>,
}

/// The client-to-server byte stream, frame by frame.
struct Rewriter {
    received: BytesMut,
    ready: BytesMut,
    preface_left: usize,
    pending: Option<Pending>,
    decoder: fluke_hpack::Decoder<'static>,
    encoder: fluke_hpack::Encoder<'static>,
}

impl Default for Rewriter {
    fn default() -> Rewriter {
        Rewriter {
            received: BytesMut::new(),
            ready: BytesMut::new(),
            preface_left: PREFACE_LEN,
            pending: None,
            decoder: fluke_hpack::Decoder::new(),
            encoder: fluke_hpack::Encoder::new(),
        }
    }
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

impl Rewriter {
    /// Moves every complete frame from `received` to `ready`, header blocks rewritten.
    fn process(&mut self) -> io::Result<()> {
        if self.preface_left > 0 {
            let n = self.preface_left.min(self.received.len());
            let preface = self.received.split_to(n);
            self.ready.extend_from_slice(&preface);
            self.preface_left -= n;
        }
        while self.preface_left == 0 && self.received.len() >= FRAME_HEADER_LEN {
            let length = (usize::from(self.received[0]) << 16)
                | (usize::from(self.received[1]) << 8)
                | usize::from(self.received[2]);
            if self.received.len() < FRAME_HEADER_LEN + length {
                break;
            }
            let frame = self.received.split_to(FRAME_HEADER_LEN + length);
            let (kind, flags) = (frame[3], frame[4]);
            let stream = u32::from_be_bytes([frame[5], frame[6], frame[7], frame[8]]) & 0x7fff_ffff;
            let payload = &frame[FRAME_HEADER_LEN..];
            match kind {
                HEADERS => {
                    let block = header_fragment(flags, payload)?;
                    self.pending = Some(Pending {
                        stream,
                        end_stream: flags & END_STREAM != 0,
                        block: block.to_vec(),
                    });
                }
                CONTINUATION => match &mut self.pending {
                    Some(pending) if pending.stream == stream => {
                        pending.block.extend_from_slice(payload);
                        if pending.block.len() > MAX_BLOCK {
                            return Err(invalid("header block too large"));
                        }
                    }
                    _ => return Err(invalid("CONTINUATION without HEADERS")),
                },
                _ => {
                    if self.pending.is_some() {
                        return Err(invalid("a frame inside a header block"));
                    }
                    self.ready.extend_from_slice(&frame);
                    continue;
                }
            }
            if flags & END_HEADERS != 0
                && let Some(pending) = self.pending.take()
            {
                self.finish(pending)?;
            }
        }
        Ok(())
    }

    /// Decodes a whole header block, mends `:authority`, encodes it again as frames.
    fn finish(&mut self, pending: Pending) -> io::Result<()> {
        let mut headers = self
            .decoder
            .decode(&pending.block)
            .map_err(|_| invalid("a header block that does not decode"))?;
        for (name, value) in &mut headers {
            if name.as_slice() == b":authority"
                && http::uri::Authority::try_from(value.as_slice()).is_err()
            {
                *value = LOCAL.to_vec();
            }
        }
        let block = self
            .encoder
            .encode(headers.iter().map(|(n, v)| (n.as_slice(), v.as_slice())));
        let chunks: Vec<&[u8]> = if block.is_empty() {
            vec![&[]]
        } else {
            block.chunks(MAX_FRAME).collect()
        };
        let last = chunks.len() - 1;
        for (i, chunk) in chunks.iter().enumerate() {
            let kind = if i == 0 { HEADERS } else { CONTINUATION };
            let mut flags = 0;
            if i == 0 && pending.end_stream {
                flags |= END_STREAM;
            }
            if i == last {
                flags |= END_HEADERS;
            }
            let length = chunk.len() as u32;
            self.ready.put_slice(&length.to_be_bytes()[1..]);
            self.ready.put_u8(kind);
            self.ready.put_u8(flags);
            self.ready.put_u32(pending.stream);
            self.ready.put_slice(chunk);
        }
        Ok(())
    }
}

/// The header block fragment of a HEADERS frame, without padding or priority.
fn header_fragment(flags: u8, payload: &[u8]) -> io::Result<&[u8]> {
    let mut fragment = payload;
    let mut padding = 0;
    if flags & PADDED != 0 {
        let (&length, rest) = fragment
            .split_first()
            .ok_or_else(|| invalid("bad padding"))?;
        padding = usize::from(length);
        fragment = rest;
    }
    if flags & PRIORITY != 0 {
        fragment = fragment.get(5..).ok_or_else(|| invalid("bad priority"))?;
    }
    fragment
        .get(..fragment.len().saturating_sub(padding))
        .filter(|_| padding <= fragment.len())
        .ok_or_else(|| invalid("bad padding"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&(payload.len() as u32).to_be_bytes()[1..]);
        out.push(kind);
        out.push(flags);
        out.extend_from_slice(&stream.to_be_bytes());
        out.extend_from_slice(payload);
        out
    }

    /// Runs client bytes through a rewriter and decodes the header blocks it produced.
    fn rewrite(input: &[u8]) -> Vec<Vec<(Vec<u8>, Vec<u8>)>> {
        let mut rewriter = Rewriter::default();
        rewriter.received.extend_from_slice(input);
        rewriter.process().expect("valid input");
        let out = rewriter.ready.to_vec();
        assert_eq!(&out[..PREFACE_LEN], &input[..PREFACE_LEN]);
        let mut decoder = fluke_hpack::Decoder::new();
        let mut blocks = Vec::new();
        let mut rest = &out[PREFACE_LEN..];
        while rest.len() >= FRAME_HEADER_LEN {
            let length =
                (usize::from(rest[0]) << 16) | (usize::from(rest[1]) << 8) | usize::from(rest[2]);
            if rest[3] == HEADERS {
                blocks.push(decoder.decode(&rest[9..9 + length]).expect("decodes"));
            }
            rest = &rest[9 + length..];
        }
        blocks
    }

    #[test]
    fn socket_paths_become_localhost_and_the_rest_is_kept() {
        let mut client = fluke_hpack::Encoder::new();
        let request = |authority: &[u8], encoder: &mut fluke_hpack::Encoder| {
            encoder.encode([
                (&b":method"[..], &b"POST"[..]),
                (b":path", b"/helloworld.Greeter/SayHello"),
                (b":authority", authority),
                (b"te", b"trailers"),
            ])
        };
        let mut input = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
        input.extend(frame(0x4, 0, 0, &[]));
        input.extend(frame(
            HEADERS,
            END_HEADERS,
            1,
            &request(b"/tmp/rgrpc.sock", &mut client),
        ));
        input.extend(frame(0x0, END_STREAM, 1, b"data"));
        // The second request's authority comes from the client's dynamic table.
        input.extend(frame(
            HEADERS,
            END_HEADERS,
            3,
            &request(b"/tmp/rgrpc.sock", &mut client),
        ));
        input.extend(frame(
            HEADERS,
            END_HEADERS,
            5,
            &request(b"example.com:50051", &mut client),
        ));
        let blocks = rewrite(&input);
        let authority = |block: &[(Vec<u8>, Vec<u8>)]| {
            block
                .iter()
                .find(|(n, _)| n == b":authority")
                .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        };
        assert_eq!(blocks.len(), 3);
        assert_eq!(authority(&blocks[0]).as_deref(), Some("localhost"));
        assert_eq!(authority(&blocks[1]).as_deref(), Some("localhost"));
        assert_eq!(authority(&blocks[2]).as_deref(), Some("example.com:50051"));
        assert!(
            blocks[0]
                .iter()
                .any(|(n, v)| n == b":path" && v == b"/helloworld.Greeter/SayHello")
        );
    }

    #[test]
    fn continuation_frames_and_padding_are_joined() {
        let mut client = fluke_hpack::Encoder::new();
        let block = client.encode([(&b":authority"[..], &b"/s.sock"[..]), (b":path", b"/a/b")]);
        let (first, second) = block.split_at(3);
        let mut padded = vec![2u8];
        padded.extend_from_slice(first);
        padded.extend_from_slice(&[0, 0]);
        let mut input = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
        input.extend(frame(HEADERS, PADDED | END_STREAM, 1, &padded));
        input.extend(frame(CONTINUATION, END_HEADERS, 1, second));
        let blocks = rewrite(&input);
        assert_eq!(
            blocks[0][0],
            (b":authority".to_vec(), b"localhost".to_vec())
        );
    }

    #[test]
    fn broken_framing_is_an_error_not_a_panic() {
        let mut rewriter = Rewriter::default();
        let mut input = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
        input.extend(frame(CONTINUATION, END_HEADERS, 1, b"x"));
        rewriter.received.extend_from_slice(&input);
        assert!(rewriter.process().is_err());
        let mut rewriter = Rewriter::default();
        let mut input = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
        input.extend(frame(HEADERS, END_HEADERS | PADDED, 1, &[200]));
        rewriter.received.extend_from_slice(&input);
        assert!(rewriter.process().is_err());
    }
}
