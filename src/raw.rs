//! Messages as their encoded bytes: the codec of calls whose types are known only at run
//! time and need no decoding on the way (the schema-driven server, the recording proxy,
//! the load generator).

use bytes::{Buf, BufMut, Bytes};
use tonic::Status;
use tonic::codec::{BufferSettings, Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};

use crate::codec_buffers;

/// Messages as their encoded bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawCodec;

impl Codec for RawCodec {
    type Encode = Bytes;
    type Decode = Bytes;
    type Encoder = RawCodec;
    type Decoder = RawCodec;

    fn encoder(&mut self) -> RawCodec {
        RawCodec
    }

    fn decoder(&mut self) -> RawCodec {
        RawCodec
    }
}

impl Encoder for RawCodec {
    type Item = Bytes;
    type Error = Status;

    fn encode(&mut self, item: Bytes, buf: &mut EncodeBuf<'_>) -> Result<(), Status> {
        buf.put_slice(&item);
        Ok(())
    }

    fn buffer_settings(&self) -> BufferSettings {
        codec_buffers::settings()
    }
}

impl Decoder for RawCodec {
    type Item = Bytes;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, Status> {
        // A copy, not a slice of the receive buffer: a message kept (in the history, say)
        // must not keep the whole buffer it arrived in alive.
        let mut message = vec![0; buf.remaining()];
        buf.copy_to_slice(&mut message);
        Ok(Some(Bytes::from(message)))
    }

    fn buffer_settings(&self) -> BufferSettings {
        codec_buffers::settings()
    }
}
