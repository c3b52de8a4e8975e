//! The admin API of a stub server (`serve --admin`): HTTP/1.1 + JSON, gripmock's paths
//! where gripmock has them. Off unless asked for; with `--token`, every request needs
//! the same bearer token.
//!
//! - `GET /api/stubs`, `POST /api/stubs` (one stub or a list, each checked against the
//!   schema), `DELETE /api/stubs/{id}`, `DELETE /api/stubs` (all added at run time),
//!   `GET /api/stubs/used`, `GET /api/stubs/unused`
//! - `GET /api/history`, `POST /api/verify` (`{"service","method","expectedCount"}`),
//!   `POST /api/reset` (history and use counts)
//! - `GET /api/health/liveness`, `GET /api/health/readiness`

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::stubs::compile::compile;
use crate::stubs::files::{Origin, parse_stubs};
use crate::stubs::{History, StubSchema, StubStore};

/// What the admin API reads and changes.
#[derive(Clone)]
pub struct AdminState {
    pub store: Arc<StubStore>,
    pub history: Arc<History>,
    pub schema: Arc<StubSchema>,
    /// `--token`: required as `Authorization: Bearer TOKEN`.
    pub token: Option<Arc<str>>,
}

/// The admin API's routes.
pub fn router(state: AdminState) -> Router {
    Router::new()
        .route("/api/stubs", get(list).post(add).delete(clear))
        .route("/api/stubs/used", get(used))
        .route("/api/stubs/unused", get(unused))
        .route("/api/stubs/{id}", axum::routing::delete(remove))
        .route("/api/history", get(history))
        .route("/api/verify", post(verify))
        .route("/api/reset", post(reset))
        .route("/api/health/liveness", get(healthy))
        .route("/api/health/readiness", get(healthy))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), authorize))
        .with_state(state)
}

/// Serves the admin API on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AdminState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(json!({"error": message.into()}))).into_response()
}

async fn authorize(State(state): State<AdminState>, request: Request, next: Next) -> Response {
    if let Some(token) = &state.token {
        let given = request
            .headers()
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        let equal: bool = subtle::ConstantTimeEq::ct_eq(given.as_bytes(), token.as_bytes()).into();
        if !equal {
            return error(
                StatusCode::UNAUTHORIZED,
                "the admin API needs `Authorization: Bearer TOKEN` with the server's --token",
            );
        }
    }
    next.run(request).await
}

async fn list(State(state): State<AdminState>) -> Response {
    let stubs: Vec<Value> = state
        .store
        .entries()
        .iter()
        .map(|e| serde_json::to_value(&e.stub.raw).unwrap_or(Value::Null))
        .collect();
    axum::Json(stubs).into_response()
}

async fn add(State(state): State<AdminState>, body: Bytes) -> Response {
    let document: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("the body is not JSON: {e}"),
            );
        }
    };
    let parsed = match parse_stubs(vec![document], |index| Origin::Api { index }) {
        Ok(parsed) => parsed,
        Err(problems) => return problems_response(problems),
    };
    let mut compiled = Vec::new();
    let mut problems = Vec::new();
    for sourced in parsed {
        match compile(sourced, &state.schema) {
            Ok(stub) => compiled.push(stub),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return problems_response(problems);
    }
    match state.store.add(compiled) {
        Ok(ids) => axum::Json(ids).into_response(),
        Err(problem) => problems_response(vec![problem]),
    }
}

fn problems_response(problems: Vec<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({"error": problems.join("\n"), "problems": problems})),
    )
        .into_response()
}

async fn remove(State(state): State<AdminState>, Path(id): Path<String>) -> Response {
    if state.store.remove(&id) {
        axum::Json(json!({"deleted": [id]})).into_response()
    } else {
        error(StatusCode::NOT_FOUND, format!("no stub with id {id:?}"))
    }
}

async fn clear(State(state): State<AdminState>) -> Response {
    let count = state.store.clear_added();
    axum::Json(json!({"deleted": count})).into_response()
}

fn by_use(state: &AdminState, used: bool) -> Response {
    let stubs: Vec<Value> = state
        .store
        .entries()
        .iter()
        .filter(|e| (e.uses.load(Ordering::Relaxed) > 0) == used)
        .map(|e| serde_json::to_value(&e.stub.raw).unwrap_or(Value::Null))
        .collect();
    axum::Json(stubs).into_response()
}

async fn used(State(state): State<AdminState>) -> Response {
    by_use(&state, true)
}

async fn unused(State(state): State<AdminState>) -> Response {
    by_use(&state, false)
}

async fn history(State(state): State<AdminState>) -> Response {
    axum::Json(state.history.to_json()).into_response()
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Verify {
    service: String,
    method: String,
    expected_count: u64,
}

async fn verify(State(state): State<AdminState>, body: Bytes) -> Response {
    let query: Verify = match serde_json::from_slice(&body) {
        Ok(query) => query,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("expected {{\"service\", \"method\", \"expectedCount\"}}: {e}"),
            );
        }
    };
    let method = match state
        .schema
        .schema
        .method(&format!("{}/{}", query.service, query.method))
    {
        Ok(method) => method,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.to_string()),
    };
    let actual = state
        .history
        .count(method.parent_service().full_name(), method.name());
    let body = json!({
        "service": method.parent_service().full_name(),
        "method": method.name(),
        "expectedCount": query.expected_count,
        "actualCount": actual,
    });
    if actual == query.expected_count {
        (StatusCode::OK, axum::Json(body)).into_response()
    } else {
        let mut body = body;
        body["error"] = Value::String(format!(
            "{}/{} was called {actual} time{}, expected {}",
            method.parent_service().full_name(),
            method.name(),
            if actual == 1 { "" } else { "s" },
            query.expected_count
        ));
        (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
    }
}

async fn reset(State(state): State<AdminState>) -> Response {
    state.history.reset();
    state.store.reset_uses();
    axum::Json(json!({"message": "history and use counts cleared"})).into_response()
}

async fn healthy() -> Response {
    axum::Json(json!({"message": "ok"})).into_response()
}

async fn not_found(request: Request) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!(
            "no admin endpoint {} {}",
            request.method(),
            request.uri().path()
        ),
    )
}
