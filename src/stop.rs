//! Stopping: one flag, set once by the signal handler, that every long
//! wait (polling, the budget, retries) watches.

use tokio::sync::watch;

/// Completes once a stop has been asked for (at once if it already was).
pub async fn requested(rx: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns must not live across an await.
    let _ = rx.wait_for(|stop| *stop).await.map(|_| ());
}
