//! `--watch`: the stub files are read again when they change. Editors save by writing a
//! new file and renaming it, so directories are watched, not files; a burst of events is
//! read as one change. A reload that fails keeps the previous stubs and logs why.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::{StubSchema, StubStore, load};

/// How long after a change more changes are waited for before reloading.
const SETTLE: Duration = Duration::from_millis(150);

/// Keeps the watch alive; dropping it stops watching.
pub struct WatchGuard {
    _watcher: notify::RecommendedWatcher,
}

/// Watches `paths` and reloads `store` from them on change.
pub fn watch(
    paths: Vec<PathBuf>,
    schema: Arc<StubSchema>,
    store: Arc<StubStore>,
) -> Result<WatchGuard, String> {
    let (changed, mut changes) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = changed.send(());
        }
    })
    .map_err(|e| format!("cannot watch the stub files: {e}"))?;
    for path in &paths {
        let (target, mode) = if path.is_dir() {
            (path.as_path(), RecursiveMode::Recursive)
        } else {
            (parent_of(path), RecursiveMode::NonRecursive)
        };
        watcher
            .watch(target, mode)
            .map_err(|e| format!("cannot watch {}: {e}", target.display()))?;
    }
    tokio::spawn(async move {
        while changes.recv().await.is_some() {
            tokio::time::sleep(SETTLE).await;
            while changes.try_recv().is_ok() {}
            match load(&paths, &schema) {
                Ok(stubs) => {
                    let count = stubs.len();
                    store.replace_file_stubs(stubs);
                    tracing::info!("stubs reloaded: {count} from files");
                }
                Err(problems) => tracing::error!(
                    "stubs not reloaded, the previous ones stay: {}",
                    problems.join("; ")
                ),
            }
        }
    });
    Ok(WatchGuard { _watcher: watcher })
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}
