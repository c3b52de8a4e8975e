//! Stand-ins for protobuf's option messages, so that a pool built only to make calls does
//! not have to build protobuf's own `descriptor.proto` first.
//!
//! prost-reflect reads every option of every file it adds (`FileOptions`, `FieldOptions`,
//! ...) as a message of that type: from the schema's own copy of `descriptor.proto` when
//! it has one, otherwise from its global pool of the well-known types, which it builds on
//! first use. Building that pool takes about a millisecond, a sixth of the CPU of a one-shot
//! `rgrpc call` (profiled), and a call never reads an option: map entries, packing and JSON names come
//! from the parsed descriptors either way.
//!
//! Here each option type is an empty message of the same name, in a file of rgrpc's own.
//! Options then pass through as unknown fields, byte for byte, and nothing is built that
//! the call does not need. `describe` and the REPL show options and never use the
//! stand-ins; nor does a schema that carries `descriptor.proto` itself (it has custom
//! options), whose names they would clash with.

use prost_types::{DescriptorProto, FileDescriptorProto};

/// The stand-ins' file; it declares no service, so listings never show it.
pub const FILE: &str = "rgrpc/option-stand-ins.proto";

/// The file that defines the real option messages.
pub const DESCRIPTOR_PROTO: &str = "google/protobuf/descriptor.proto";

/// Every message prost-reflect reads options as.
const OPTION_TYPES: [&str; 9] = [
    "FileOptions",
    "MessageOptions",
    "FieldOptions",
    "OneofOptions",
    "EnumOptions",
    "EnumValueOptions",
    "ServiceOptions",
    "MethodOptions",
    "ExtensionRangeOptions",
];

/// The stand-ins' file.
pub fn file() -> FileDescriptorProto {
    FileDescriptorProto {
        name: Some(FILE.to_owned()),
        package: Some("google.protobuf".to_owned()),
        syntax: Some("proto2".to_owned()),
        message_type: OPTION_TYPES
            .iter()
            .map(|name| DescriptorProto {
                name: Some((*name).to_owned()),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

/// Whether `pool` was built with the stand-ins.
pub fn in_pool(pool: &prost_reflect::DescriptorPool) -> bool {
    pool.get_file_by_name(FILE).is_some()
}

#[cfg(test)]
mod tests {
    use prost_reflect::DescriptorPool;
    use protox::file::{ChainFileResolver, File, FileResolver, GoogleFileResolver};

    use super::super::repair::{Options, RawFile, build_pool, decode_set};
    use super::*;

    struct Source(&'static str, &'static str);

    impl FileResolver for Source {
        fn open_file(&self, name: &str) -> Result<File, protox::Error> {
            match name == self.0 {
                true => File::from_source(self.0, self.1),
                false => Err(protox::Error::file_not_found(name)),
            }
        }
    }

    /// The files of `source` (named `name`) and its imports, as a server would send them.
    fn files(name: &'static str, source: &'static str) -> Vec<RawFile> {
        let mut chain = ChainFileResolver::new();
        chain.add(GoogleFileResolver::new());
        chain.add(Source(name, source));
        let mut compiler = protox::Compiler::with_file_resolver(chain);
        compiler.include_imports(true);
        compiler.open_files([name]).expect("test schema compiles");
        decode_set(&compiler.encode_file_descriptor_set()).expect("decodes")
    }

    const PLAIN: &str = r#"syntax = "proto3"; package plain;
        option go_package = "example.com/plain";
        message M {
          map<string, int32> counts = 1;
          repeated int32 loose = 2 [packed = false];
          repeated int32 tight = 3;
          string renamed = 4 [json_name = "other", deprecated = true];
        }"#;

    fn build(files: Vec<RawFile>, options: Options) -> DescriptorPool {
        let (pool, unreadable) = build_pool(None, files, options).expect("builds");
        assert!(unreadable.is_empty());
        pool
    }

    #[test]
    fn carried_options_leave_every_file_as_read_options_do() {
        let carried = build(files("plain.proto", PLAIN), Options::Carried);
        let read = build(files("plain.proto", PLAIN), Options::Read);
        assert!(in_pool(&carried));
        assert!(!in_pool(&read));
        let message = carried.get_message_by_name("plain.M").expect("known");
        let field = |name: &str| message.get_field_by_name(name).expect("field");
        assert!(field("counts").is_map());
        assert!(!field("loose").is_packed());
        assert!(field("tight").is_packed());
        assert_eq!(field("renamed").json_name(), "other");
        let file = |pool: &DescriptorPool| pool.get_file_by_name("plain.proto").expect("file");
        assert_eq!(file(&carried).encode_to_vec(), file(&read).encode_to_vec());
        assert_eq!(
            file(&carried).file_descriptor_proto().options,
            file(&read).file_descriptor_proto().options,
        );
    }

    const CUSTOM: &str = r#"syntax = "proto3"; package custom;
        import "google/protobuf/descriptor.proto";
        extend google.protobuf.MethodOptions { string route = 50001; }
        message M { string a = 1; }
        service S { rpc Get (M) returns (M) { option (route) = "/m"; } }"#;

    fn route_option(pool: &DescriptorPool) -> String {
        let method = pool
            .get_service_by_name("custom.S")
            .and_then(|s| s.methods().next())
            .expect("method");
        let route = pool
            .get_extension_by_name("custom.route")
            .expect("extension");
        method
            .options()
            .get_extension(&route)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    #[test]
    fn a_schema_with_custom_options_has_them_read() {
        let pool = build(files("custom.proto", CUSTOM), Options::Carried);
        assert!(!in_pool(&pool));
        assert_eq!(route_option(&pool), "/m");
    }

    #[test]
    fn stand_ins_give_way_to_descriptor_proto_added_later() {
        let base = build(files("plain.proto", PLAIN), Options::Carried);
        let (pool, _) = build_pool(Some(&base), files("custom.proto", CUSTOM), Options::Carried)
            .expect("extends");
        assert!(!in_pool(&pool));
        assert!(pool.get_message_by_name("plain.M").is_some());
        assert_eq!(route_option(&pool), "/m");
    }

    #[test]
    fn uninterpreted_options_are_read_the_usual_way() {
        use prost::Message;
        use prost_types::uninterpreted_option::NamePart;
        use prost_types::{FileOptions, UninterpretedOption};
        let option = UninterpretedOption {
            name: vec![NamePart {
                name_part: "java_package".into(),
                is_extension: false,
            }],
            string_value: Some(b"com.example".to_vec()),
            ..Default::default()
        };
        let proto = FileDescriptorProto {
            name: Some("loose.proto".into()),
            syntax: Some("proto3".into()),
            options: Some(FileOptions {
                uninterpreted_option: vec![option],
                ..Default::default()
            }),
            ..Default::default()
        };
        let file = RawFile {
            bytes: proto.encode_to_vec(),
            proto,
        };
        let pool = build(vec![file], Options::Carried);
        assert!(!in_pool(&pool));
        let built = pool.get_file_by_name("loose.proto").expect("file");
        let options = built
            .file_descriptor_proto()
            .options
            .clone()
            .unwrap_or_default();
        assert_eq!(options.java_package(), "com.example");
    }
}
