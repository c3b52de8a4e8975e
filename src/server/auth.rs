//! Bearer-token authentication for `rgrpc serve --token`: every call must carry
//! `authorization: Bearer TOKEN`, except health checks (load balancers and orchestrators
//! probe without credentials) and, with `--public-reflection`, reflection.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use subtle::ConstantTimeEq;
use tonic::body::Body;

/// Paths that never need the token.
const HEALTH_PREFIX: &str = "/grpc.health.v1.Health/";
const REFLECTION_PREFIXES: [&str; 2] = [
    "/grpc.reflection.v1.ServerReflection/",
    "/grpc.reflection.v1alpha.ServerReflection/",
];

/// Who may call what.
#[derive(Debug, Clone, Default)]
pub struct AuthPolicy {
    /// The expected token; `None` lets every call through.
    pub token: Option<Arc<str>>,
    /// Reflection is answered without the token.
    pub public_reflection: bool,
}

impl AuthPolicy {
    fn allows<B>(&self, request: &http::Request<B>) -> bool {
        let Some(token) = &self.token else {
            return true;
        };
        let path = request.uri().path();
        if path.starts_with(HEALTH_PREFIX)
            || (self.public_reflection && REFLECTION_PREFIXES.iter().any(|p| path.starts_with(p)))
        {
            return true;
        }
        let presented = request
            .headers()
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        // Constant time, so the comparison's duration tells nothing about the token.
        presented.as_bytes().ct_eq(token.as_bytes()).into()
    }
}

/// The tower layer applying an [`AuthPolicy`].
#[derive(Debug, Clone)]
pub struct AuthLayer(pub AuthPolicy);

impl<S> tower::Layer<S> for AuthLayer {
    type Service = Auth<S>;

    fn layer(&self, inner: S) -> Auth<S> {
        Auth {
            inner,
            policy: self.0.clone(),
        }
    }
}

/// Answers UNAUTHENTICATED without calling the service when the policy says no.
#[derive(Debug, Clone)]
pub struct Auth<S> {
    inner: S,
    policy: AuthPolicy,
}

impl<S, B> tower::Service<http::Request<B>> for Auth<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<Body>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = AuthFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        if self.policy.allows(&request) {
            AuthFuture::Inner {
                future: self.inner.call(request),
            }
        } else {
            let path = request.uri().path();
            AuthFuture::Rejected {
                reflection: REFLECTION_PREFIXES.iter().any(|p| path.starts_with(p)),
            }
        }
    }
}

pin_project_lite::pin_project! {
    /// The service's answer, or the rejection.
    #[project = AuthFutureProjection]
    pub enum AuthFuture<F> {
        Inner { #[pin] future: F },
        Rejected { reflection: bool },
    }
}

impl<F, E> Future for AuthFuture<F>
where
    F: Future<Output = Result<http::Response<Body>, E>>,
{
    type Output = Result<http::Response<Body>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            AuthFutureProjection::Inner { future } => future.poll(cx),
            AuthFutureProjection::Rejected { reflection } => Poll::Ready(Ok(
                tonic::Status::unauthenticated(rejection(*reflection)).into_http(),
            )),
        }
    }
}

/// Why a call was refused, and what to do.
fn rejection(reflection: bool) -> &'static str {
    if reflection {
        "missing or wrong bearer token: reflection needs it too. Send the header \
         'authorization: Bearer TOKEN' with reflection requests (grpcurl: -H or \
         -reflect-header), or start the server with --public-reflection"
    } else {
        "missing or wrong bearer token: send the header 'authorization: Bearer TOKEN'"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str, authorization: Option<&str>) -> http::Request<()> {
        let mut builder = http::Request::builder().uri(path);
        if let Some(value) = authorization {
            builder = builder.header("authorization", value);
        }
        builder.body(()).expect("valid request")
    }

    fn policy(public_reflection: bool) -> AuthPolicy {
        AuthPolicy {
            token: Some(Arc::from("s3cret")),
            public_reflection,
        }
    }

    #[test]
    fn the_right_token_passes_and_others_do_not() {
        let path = "/helloworld.Greeter/SayHello";
        assert!(policy(false).allows(&request(path, Some("Bearer s3cret"))));
        assert!(!policy(false).allows(&request(path, Some("Bearer s3cre"))));
        assert!(!policy(false).allows(&request(path, Some("s3cret"))));
        assert!(!policy(false).allows(&request(path, None)));
        assert!(AuthPolicy::default().allows(&request(path, None)));
    }

    #[test]
    fn health_is_public_and_reflection_only_when_asked() {
        assert!(policy(false).allows(&request("/grpc.health.v1.Health/Check", None)));
        let reflection = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
        assert!(!policy(false).allows(&request(reflection, None)));
        assert!(policy(true).allows(&request(reflection, None)));
    }
}
