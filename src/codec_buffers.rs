//! How much memory a call's codec takes before it knows the message size.
//!
//! tonic gives every call an 8 KiB buffer for each direction before the first message
//! arrives: 16 KiB held by every open stream, and for a unary call of a few bytes two
//! allocations too big for glibc's per-thread cache, so two trips through the allocator's
//! slow path. The buffers here start at 1 KiB and grow as a message needs (doubling), so
//! a 4 MiB message costs a dozen reallocations more, nothing next to encoding it.

use std::marker::PhantomData;

use prost::Message;
use tonic::codec::{BufferSettings, Codec};
use tonic_prost::{ProstDecoder, ProstEncoder};

/// Where a call's buffers start: within glibc's per-thread cache (up to 1,032 bytes).
const INITIAL_BUFFER: usize = 1024;

/// How much a stream of small messages gathers before it yields: tonic's default.
const YIELD_THRESHOLD: usize = 32 * 1024;

/// The buffer settings of every codec rgrpc's servers and clients use.
pub fn settings() -> BufferSettings {
    BufferSettings::new(INITIAL_BUFFER, YIELD_THRESHOLD)
}

/// tonic-prost's codec with [`settings`]: the generated services and clients use it.
#[derive(Debug, Clone)]
pub struct SmallBufferProstCodec<T, U>(PhantomData<(T, U)>);

impl<T, U> Default for SmallBufferProstCodec<T, U> {
    fn default() -> Self {
        Self(PhantomData)
    }
}

impl<T, U> Codec for SmallBufferProstCodec<T, U>
where
    T: Message + Send + 'static,
    U: Message + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = ProstEncoder<T>;
    type Decoder = ProstDecoder<U>;

    fn encoder(&mut self) -> ProstEncoder<T> {
        ProstEncoder::new(settings())
    }

    fn decoder(&mut self) -> ProstDecoder<U> {
        ProstDecoder::new(settings())
    }
}
