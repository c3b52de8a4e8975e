//! Merges the small DATA frames a client sends, before the HTTP/2 server reads them.
//!
//! grpc-go puts each message of a stream in a DATA frame of its own. Read in bulk, a
//! connection's socket buffer then holds thousands of frames of a few bytes, and h2
//! (0.4.16 on) closes a connection whose unread small frames pass a budget: GOAWAY
//! ENHANCE_YOUR_CALM, "transport is closing" on the client. Four grpc-go client streams
//! of 5-byte messages on one connection were enough. The budget guards against a flood of
//! tiny frames, and hyper, under tonic, offers no way to raise it.
//!
//! DATA frames carry a stream's bytes and nothing else: frames of one stream may be joined
//! without changing what the stream says, and flow control counts the same bytes. So each
//! run of unpadded DATA frames found in a read is rewritten as one frame per stream (split
//! at the 16 KiB frame size h2 accepts), in the streams' first order; every other frame,
//! and everything that is not HTTP/2 (HTTP/1.1 for gRPC-Web and Connect), passes as is.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::{Buf, BufMut, BytesMut};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tonic::transport::server::Connected;

const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
const HEADER_LEN: usize = 9;
/// The largest frame payload the server accepts (SETTINGS_MAX_FRAME_SIZE, h2's default).
const MAX_FRAME: usize = 16_384;
const DATA: u8 = 0x0;
const END_STREAM: u8 = 0x1;
const PADDED: u8 = 0x8;
/// How much is read from the socket at a time.
const READ_CHUNK: usize = 64 * 1024;
/// The most streams one run holds: each frame looks its stream up among them, and a
/// client naming a new stream in every frame must not make that quadratic.
const RUN_STREAMS: usize = 64;

/// What the connection has turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Not enough bytes yet to tell.
    Unknown,
    Http2,
    /// Not HTTP/2, or HTTP/2 that breaks the frame size: left to the server as is.
    PassThrough,
}

/// The frame rewriting, apart from any socket.
#[derive(Debug)]
struct Merger {
    mode: Mode,
    /// The DATA frames of the current run: stream id, bytes, whether the stream ended.
    run: Vec<(u32, BytesMut, bool)>,
}

impl Merger {
    fn new() -> Merger {
        Merger {
            mode: Mode::Unknown,
            run: Vec::new(),
        }
    }

    /// Moves what is complete in `input` to `output`, rewritten; an incomplete frame
    /// stays in `input` for the next read.
    fn process(&mut self, input: &mut BytesMut, output: &mut BytesMut) {
        if self.mode == Mode::Unknown {
            let known = input.len().min(PREFACE.len());
            if input[..known] != PREFACE[..known] {
                self.mode = Mode::PassThrough;
            } else if known == PREFACE.len() {
                output.extend_from_slice(&input.split_to(PREFACE.len()));
                self.mode = Mode::Http2;
            }
        }
        if self.mode == Mode::Http2 {
            self.frames(input, output);
        }
        if self.mode == Mode::PassThrough {
            output.extend_from_slice(&input.split());
        }
    }

    fn frames(&mut self, input: &mut BytesMut, output: &mut BytesMut) {
        while input.len() >= HEADER_LEN {
            let length = (usize::from(input[0]) << 16)
                | (usize::from(input[1]) << 8)
                | usize::from(input[2]);
            if length > MAX_FRAME {
                // The server will refuse it; nothing more is rewritten.
                self.flush(output);
                self.mode = Mode::PassThrough;
                return;
            }
            if input.len() < HEADER_LEN + length {
                break;
            }
            let (kind, flags) = (input[3], input[4]);
            let stream = u32::from_be_bytes([input[5], input[6], input[7], input[8]]) & 0x7fff_ffff;
            let frame = input.split_to(HEADER_LEN + length);
            if kind == DATA && flags & PADDED == 0 {
                self.add(
                    stream,
                    &frame[HEADER_LEN..],
                    flags & END_STREAM != 0,
                    output,
                );
            } else {
                self.flush(output);
                output.extend_from_slice(&frame);
            }
        }
        self.flush(output);
    }

    fn add(&mut self, stream: u32, payload: &[u8], end: bool, output: &mut BytesMut) {
        match self.run.iter_mut().find(|(id, _, _)| *id == stream) {
            // Data after a stream's end is the client's error; keep it in order for h2.
            Some((_, _, true)) => {
                self.flush(output);
                self.run.push((stream, BytesMut::from(payload), end));
            }
            Some((_, bytes, ended)) => {
                bytes.extend_from_slice(payload);
                *ended = end;
            }
            None => {
                if self.run.len() == RUN_STREAMS {
                    self.flush(output);
                }
                self.run.push((stream, BytesMut::from(payload), end));
            }
        }
    }

    /// Writes the run out, one frame per stream (more past the frame size).
    fn flush(&mut self, output: &mut BytesMut) {
        for (stream, mut bytes, end) in self.run.drain(..) {
            loop {
                let piece = bytes.split_to(bytes.len().min(MAX_FRAME));
                let last = bytes.is_empty();
                let length = piece.len() as u32;
                output.put_slice(&length.to_be_bytes()[1..]);
                output.put_u8(DATA);
                output.put_u8(if last && end { END_STREAM } else { 0 });
                output.put_u32(stream);
                output.extend_from_slice(&piece);
                if last {
                    break;
                }
            }
        }
    }
}

/// A connection whose incoming DATA frames are merged.
pub struct MergeData<S> {
    inner: S,
    merger: Merger,
    /// Read from the socket, not yet rewritten (at most part of a frame between reads).
    input: BytesMut,
    /// Rewritten, not yet taken by the server.
    output: BytesMut,
}

impl<S> MergeData<S> {
    pub fn new(inner: S) -> MergeData<S> {
        MergeData {
            inner,
            merger: Merger::new(),
            input: BytesMut::new(),
            output: BytesMut::new(),
        }
    }
}

impl<S: Connected> Connected for MergeData<S> {
    type ConnectInfo = S::ConnectInfo;

    fn connect_info(&self) -> Self::ConnectInfo {
        self.inner.connect_info()
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for MergeData<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if !this.output.is_empty() {
                let n = this.output.len().min(buf.remaining());
                buf.put_slice(&this.output[..n]);
                this.output.advance(n);
                return Poll::Ready(Ok(()));
            }
            if this.merger.mode == Mode::PassThrough && this.input.is_empty() {
                return Pin::new(&mut this.inner).poll_read(cx, buf);
            }
            this.input.reserve(READ_CHUNK);
            let read = ready!(tokio_util::io::poll_read_buf(
                Pin::new(&mut this.inner),
                cx,
                &mut this.input
            ))?;
            if read == 0 {
                // End of the connection: whatever is left goes to the server as it is.
                let rest = this.input.split();
                this.output.extend_from_slice(&rest);
                if this.output.is_empty() {
                    return Poll::Ready(Ok(()));
                }
                continue;
            }
            this.merger.process(&mut this.input, &mut this.output);
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for MergeData<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
        let mut bytes = (payload.len() as u32).to_be_bytes()[1..].to_vec();
        bytes.extend_from_slice(&[kind, flags]);
        bytes.extend_from_slice(&stream.to_be_bytes());
        bytes.extend_from_slice(payload);
        bytes
    }

    /// Everything `pieces` become, fed one after another as reads.
    fn rewritten(pieces: &[Vec<u8>]) -> Vec<u8> {
        let mut merger = Merger::new();
        let (mut input, mut output) = (BytesMut::new(), BytesMut::new());
        for piece in pieces {
            input.extend_from_slice(piece);
            merger.process(&mut input, &mut output);
        }
        assert!(input.is_empty(), "nothing is left unread");
        output.to_vec()
    }

    const HEADERS: u8 = 0x1;
    const SETTINGS: u8 = 0x4;

    #[test]
    fn interleaved_data_frames_become_one_per_stream_in_first_order() {
        let input = [
            PREFACE.to_vec(),
            [
                frame(DATA, 0, 1, b"a1"),
                frame(DATA, 0, 3, b"b1"),
                frame(DATA, 0, 1, b"a2"),
                frame(DATA, END_STREAM, 3, b"b2"),
                frame(DATA, 0, 1, b"a3"),
            ]
            .concat(),
        ];
        let expected = [
            PREFACE.to_vec(),
            frame(DATA, 0, 1, b"a1a2a3"),
            frame(DATA, END_STREAM, 3, b"b1b2"),
        ]
        .concat();
        assert_eq!(rewritten(&input), expected);
    }

    #[test]
    fn other_frames_keep_their_place_between_runs() {
        let input = [
            PREFACE.to_vec(),
            frame(SETTINGS, 0, 0, &[]),
            frame(DATA, 0, 1, b"x"),
            frame(DATA, 0, 1, b"y"),
            frame(HEADERS, 0x4, 3, b"h"),
            frame(DATA, 0, 1, b"z"),
        ]
        .concat();
        let expected = [
            PREFACE.to_vec(),
            frame(SETTINGS, 0, 0, &[]),
            frame(DATA, 0, 1, b"xy"),
            frame(HEADERS, 0x4, 3, b"h"),
            frame(DATA, 0, 1, b"z"),
        ]
        .concat();
        assert_eq!(rewritten(&[input]), expected);
    }

    #[test]
    fn padded_frames_and_data_after_a_stream_end_pass_unmerged() {
        let input = [
            PREFACE.to_vec(),
            frame(DATA, 0, 1, b"a"),
            frame(DATA, PADDED, 1, &[1, b'p', 0]),
            frame(DATA, END_STREAM, 1, b"b"),
            frame(DATA, 0, 1, b"late"),
        ]
        .concat();
        assert_eq!(rewritten(std::slice::from_ref(&input)), input);
    }

    #[test]
    fn frames_cut_across_reads_come_out_whole() {
        let whole = [
            PREFACE.to_vec(),
            frame(DATA, 0, 1, b"hello"),
            frame(DATA, 0, 1, b"world"),
        ]
        .concat();
        let merged = [PREFACE.to_vec(), frame(DATA, 0, 1, b"helloworld")].concat();
        let first_frame_end = PREFACE.len() + HEADER_LEN + 5;
        // Every cut, inside the preface and inside a frame header included: frames read
        // whole in one go are merged, frames of different reads are not.
        for cut in 1..whole.len() {
            let out = rewritten(&[whole[..cut].to_vec(), whole[cut..].to_vec()]);
            let expected = if cut >= first_frame_end {
                &whole
            } else {
                &merged
            };
            assert_eq!(&out, expected, "cut at {cut}");
        }
        assert_eq!(rewritten(&[whole]), merged);
    }

    #[test]
    fn merged_frames_are_split_at_the_frame_size() {
        let small = vec![7u8; 10_000];
        let input = [
            PREFACE.to_vec(),
            frame(DATA, 0, 5, &small),
            frame(DATA, END_STREAM, 5, &small),
        ]
        .concat();
        let all = [small.clone(), small].concat();
        let expected = [
            PREFACE.to_vec(),
            frame(DATA, 0, 5, &all[..MAX_FRAME]),
            frame(DATA, END_STREAM, 5, &all[MAX_FRAME..]),
        ]
        .concat();
        assert_eq!(rewritten(&[input]), expected);
    }

    #[test]
    fn a_run_holds_a_bounded_number_of_streams() {
        let frames: Vec<Vec<u8>> = (1..=RUN_STREAMS as u32 + 6)
            .chain([1])
            .map(|stream| frame(DATA, 0, stream, b"x"))
            .collect();
        let input = [vec![PREFACE.to_vec()], frames].concat().concat();
        // Stream 1 comes back after the run was written out: its frames stay apart.
        assert_eq!(rewritten(std::slice::from_ref(&input)), input);
    }

    #[test]
    fn http1_and_oversized_frames_pass_through_untouched() {
        let http1 = b"POST /x HTTP/1.1\r\nHost: a\r\n\r\n".to_vec();
        assert_eq!(rewritten(std::slice::from_ref(&http1)), http1);
        let mut oversized = PREFACE.to_vec();
        oversized.extend_from_slice(&frame(DATA, 0, 1, &vec![0u8; MAX_FRAME + 1]));
        oversized.extend_from_slice(&frame(DATA, 0, 1, b"a"));
        assert_eq!(rewritten(std::slice::from_ref(&oversized)), oversized);
    }
}
