//! Certificates made in the test: a CA, a server certificate for localhost and a client
//! certificate signed by it, and a second CA that signed nothing here.

use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use rgrpc::server::{ServeConfig, ServerTls};

use super::TestServer;

/// A CA, a server certificate for localhost signed by it, a client certificate signed by
/// it, and a second CA that signed nothing here.
pub struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    pub fn new() -> Pki {
        let dir = tempfile::tempdir().expect("temp dir");
        let (ca, ca_key) = make_ca("rgrpc test CA");
        let write = |name: &str, text: String| {
            std::fs::write(dir.path().join(name), text).expect("write pem")
        };
        write("ca.pem", ca.pem());

        let mut server = CertificateParams::new(vec!["localhost".to_owned()]).expect("params");
        server
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        let server_key = KeyPair::generate().expect("key");
        let server = server
            .signed_by(&server_key, &ca, &ca_key)
            .expect("server cert");
        write("server.pem", server.pem());
        write("server.key", server_key.serialize_pem());

        let mut client = CertificateParams::new(vec!["client".to_owned()]).expect("params");
        client
            .distinguished_name
            .push(DnType::CommonName, "rgrpc test client");
        let client_key = KeyPair::generate().expect("key");
        let client = client
            .signed_by(&client_key, &ca, &ca_key)
            .expect("client cert");
        write("client.pem", client.pem());
        write("client.key", client_key.serialize_pem());

        let (other, _) = make_ca("some other CA");
        write("other-ca.pem", other.pem());
        Pki { dir }
    }

    pub fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.dir.path().join(name)).expect("read pem")
    }

    pub fn server_tls(&self, client_ca: bool) -> ServerTls {
        ServerTls {
            cert_pem: self.read("server.pem"),
            key_pem: self.read("server.key"),
            client_ca_pem: client_ca.then(|| self.read("ca.pem")),
        }
    }

    /// The demo server over TLS with these certificates (asking for a client certificate
    /// with `client_ca`), with the short grace period of [`TestServer::start`].
    pub fn serve(&self, client_ca: bool) -> TestServer {
        TestServer::start_with(ServeConfig {
            tls: Some(self.server_tls(client_ca)),
            grace_period: Duration::from_millis(100),
            ..ServeConfig::default()
        })
    }
}

fn make_ca(name: &str) -> (rcgen::Certificate, KeyPair) {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    let key = KeyPair::generate().expect("key");
    (params.self_signed(&key).expect("ca cert"), key)
}
