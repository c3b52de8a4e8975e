//! Code generated from `proto/` by build.rs, one module per proto package, and the encoded
//! descriptor set that the reflection service serves.

/// `proto/helloworld.proto`: the unary Greeter service.
pub mod helloworld {
    tonic::include_proto!("helloworld");
}

/// `proto/server_stream.proto`: the server-streaming StreamServer service.
pub mod server_stream {
    tonic::include_proto!("server_stream");
}

/// `proto/client_stream.proto`: the client-streaming StreamClient service.
pub mod client_stream {
    tonic::include_proto!("client_stream");
}

/// `proto/both_stream.proto`: the bidirectional Stream service.
pub mod both_stream {
    tonic::include_proto!("both_stream");
}

/// The four demo files as an encoded `FileDescriptorSet`, for server reflection and for
/// tests that need the schema without a server.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/rgrpc_descriptor.bin"));

/// The files of an encoded `FileDescriptorSet`, each left encoded: decoding them into
/// prost's `FileDescriptorProto` would drop custom options, which are extensions.
pub fn files_of_set(set: &[u8]) -> Result<Vec<Vec<u8>>, prost::DecodeError> {
    use prost::Message;
    #[derive(Clone, PartialEq, prost::Message)]
    struct RawSet {
        #[prost(bytes = "vec", repeated, tag = "1")]
        file: Vec<Vec<u8>>,
    }
    Ok(RawSet::decode(set)?.file)
}
