//! A body rewritten envelope by envelope: the shape every protocol translation has
//! (pass messages on, turn the end of the stream into trailers or trailers into an
//! end-of-stream message), written once.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http::HeaderMap;
use http_body::{Body, Frame as BodyFrame};
use tonic::Status;

use super::envelope::{self, Frame, FrameReader};

/// What a translation does with each envelope and with the end of the body.
pub trait Reframe: Send + 'static {
    /// A whole envelope of the inner body: what to send on, if anything.
    fn frame(&mut self, frame: Frame) -> Result<Option<BodyFrame<Bytes>>, Status>;
    /// The inner body ended, with `trailers` if it had any: what to send last.
    fn end(&mut self, trailers: Option<HeaderMap>) -> Result<Option<BodyFrame<Bytes>>, Status>;
}

/// Sends each envelope on unchanged.
pub fn pass_on(frame: &Frame) -> BodyFrame<Bytes> {
    BodyFrame::data(envelope::encode(frame.flags, &frame.payload))
}

pin_project_lite::pin_project! {
    /// `inner`, translated by `reframe`.
    pub struct Reframed<B, R> {
        #[pin]
        inner: B,
        reader: FrameReader,
        reframe: R,
        done: bool,
    }
}

impl<B, R> Reframed<B, R> {
    /// `inner` translated by `reframe`; envelopes over `limit` bytes end the body with an
    /// error before they are buffered.
    pub fn new(inner: B, reframe: R, limit: usize) -> Self {
        Reframed {
            inner,
            reader: FrameReader::new(limit),
            reframe,
            done: false,
        }
    }
}

impl<B, R> Body for Reframed<B, R>
where
    B: Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    R: Reframe,
{
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<BodyFrame<Bytes>, Status>>> {
        let mut this = self.project();
        loop {
            if *this.done {
                return Poll::Ready(None);
            }
            match this.reader.next_frame() {
                Ok(Some(frame)) => match this.reframe.frame(frame) {
                    Ok(Some(out)) => return Poll::Ready(Some(Ok(out))),
                    Ok(None) => continue,
                    Err(status) => {
                        *this.done = true;
                        return Poll::Ready(Some(Err(status)));
                    }
                },
                Ok(None) => {}
                Err(error) => {
                    *this.done = true;
                    return Poll::Ready(Some(Err(frame_status(&error))));
                }
            }
            let trailers = match ready!(this.inner.as_mut().poll_frame(cx)) {
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) => {
                        this.reader.push(&data);
                        continue;
                    }
                    Err(frame) => frame.into_trailers().ok(),
                },
                Some(Err(error)) => {
                    *this.done = true;
                    return Poll::Ready(Some(Err(Status::from_error(error.into()))));
                }
                None => None,
            };
            *this.done = true;
            if let Err(error) = this.reader.finish() {
                return Poll::Ready(Some(Err(frame_status(&error))));
            }
            return Poll::Ready(this.reframe.end(trailers).transpose());
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }
}

/// A frame that cannot be read, as a status. An oversized one is worded as tonic's
/// decoder words it, so callers tell it apart the same way for every protocol.
fn frame_status(error: &envelope::FrameError) -> Status {
    match error {
        envelope::FrameError::TooLarge { size, limit } => Status::out_of_range(format!(
            "decoded message length too large: found {size} bytes, the limit is: {limit} bytes"
        )),
        envelope::FrameError::Truncated(_) => Status::internal(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    /// Drops empty messages and turns the end into a trailer naming the count.
    struct CountNonEmpty(usize);

    impl Reframe for CountNonEmpty {
        fn frame(&mut self, frame: Frame) -> Result<Option<BodyFrame<Bytes>>, Status> {
            if frame.payload.is_empty() {
                return Ok(None);
            }
            self.0 += 1;
            Ok(Some(pass_on(&frame)))
        }

        fn end(&mut self, _: Option<HeaderMap>) -> Result<Option<BodyFrame<Bytes>>, Status> {
            let mut trailers = HeaderMap::new();
            trailers.insert("count", self.0.into());
            Ok(Some(BodyFrame::trailers(trailers)))
        }
    }

    #[tokio::test]
    async fn envelopes_are_translated_and_the_end_becomes_trailers() {
        let mut wire = envelope::encode(0, b"a").to_vec();
        wire.extend_from_slice(&envelope::encode(0, b""));
        wire.extend_from_slice(&envelope::encode(0, b"bc"));
        let inner = http_body_util::Full::new(Bytes::from(wire));
        let collected = Reframed::new(inner, CountNonEmpty(0), 100)
            .collect()
            .await
            .unwrap();
        let trailers = collected.trailers().cloned().unwrap();
        assert_eq!(trailers.get("count").unwrap(), "2");
        let mut expected = envelope::encode(0, b"a").to_vec();
        expected.extend_from_slice(&envelope::encode(0, b"bc"));
        assert_eq!(collected.to_bytes(), expected);
    }

    #[tokio::test]
    async fn a_body_cut_inside_an_envelope_is_an_error() {
        let inner = http_body_util::Full::new(Bytes::from_static(&[0, 0, 0, 0, 9, 1]));
        let result = Reframed::new(inner, CountNonEmpty(0), 100).collect().await;
        assert!(result.is_err());
    }
}
