//! Retries (the `aws` feature): AWS's standard strategy as a transport
//! wrapper. A failed attempt is retried when it is transient (a transport
//! failure, 500, 502, 503, 504) or throttled (429, or a throttling error
//! code), at most [`RetryConfig::max_attempts`] attempts in all, after a
//! delay with full jitter (`random × min(2^attempt × base, max)`), while a
//! token bucket shared by every call has tokens: a retry costs 5 (10 after a
//! transport failure), a first-attempt success adds 1, and a successful retry
//! gives its cost back. The request is resent as it was, so an idempotency
//! token stays the same across attempts. The clock's sleep and the random
//! source are injected (tests fix them).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::rest::{AuthSchemes, HostPrefix, Transport, TransportError};

/// How many attempts, and how long to wait between them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryConfig {
    /// Attempts in all, the first included (1: no retries). Default 3.
    pub max_attempts: u32,
    /// The delay cap before jitter for the first retry; doubled each retry. Default 1 s.
    pub base_delay: Duration,
    /// The largest delay before jitter. Default 20 s.
    pub max_delay: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(20),
        }
    }
}

/// The token bucket's size, and the costs of AWS's standard strategy.
const BUCKET: u32 = 500;
const RETRY_COST: u32 = 5;
const TRANSPORT_FAILURE_COST: u32 = 10;

/// Error codes that mean "slow down" (AWS SDKs' shared list).
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient failures.
const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "IDPCommunicationError",
];

/// A future that sleeps.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Retries a transport's failed attempts (see the module docs).
pub struct Retry<T> {
    inner: T,
    config: RetryConfig,
    tokens: Mutex<u32>,
    sleep: Arc<dyn Fn(Duration) -> Sleep + Send + Sync>,
    random: Arc<dyn Fn() -> f64 + Send + Sync>,
}

impl<T> fmt::Debug for Retry<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tokens = *self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        f.debug_struct("Retry")
            .field("config", &self.config)
            .field("tokens", &tokens)
            .finish_non_exhaustive()
    }
}

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The request never got an answer.
    Transport,
    /// A 5xx the service may not return next time, or a transient error code.
    Transient,
    /// The service asks the caller to slow down.
    Throttled,
}

/// Classifies a response: `None` when it is not worth retrying.
pub fn classify(response: &http::Response<Vec<u8>>) -> Option<Failure> {
    let status = response.status().as_u16();
    if status < 400 {
        return None;
    }
    let (code, _) = crate::rest::error_code_and_message(response.headers(), response.body());
    if status == 429 || THROTTLING_CODES.contains(&code.as_str()) {
        Some(Failure::Throttled)
    } else if matches!(status, 500 | 502 | 503 | 504) || TRANSIENT_CODES.contains(&code.as_str()) {
        Some(Failure::Transient)
    } else {
        None
    }
}

impl<T: Transport> Retry<T> {
    /// The standard strategy over `inner`, sleeping on a timer thread and
    /// drawing jitter from the operating system's randomness.
    pub fn new(inner: T) -> Self {
        Retry {
            inner,
            config: RetryConfig::default(),
            tokens: Mutex::new(BUCKET),
            sleep: Arc::new(thread_sleep),
            random: Arc::new(random_unit),
        }
    }

    /// Sets the attempts and delays.
    pub fn with_config(mut self, config: RetryConfig) -> Self {
        self.config = config;
        self
    }

    /// Sleeps with `sleep` (an async runtime's timer, or a test's recorder).
    pub fn with_sleep(mut self, sleep: impl Fn(Duration) -> Sleep + Send + Sync + 'static) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// Draws jitter from `random`, which returns a number in `[0, 1)`.
    pub fn with_random(mut self, random: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        self.random = Arc::new(random);
        self
    }

    /// The tokens left in the bucket.
    pub fn tokens(&self) -> u32 {
        *self.tokens.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The inner transport.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    /// Takes a retry's cost from the bucket, if it has that many tokens.
    fn take(&self, cost: u32) -> bool {
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        if *tokens < cost {
            return false;
        }
        *tokens -= cost;
        true
    }

    fn give(&self, n: u32) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        *tokens = (*tokens + n).min(BUCKET);
    }

    /// The delay before retry number `retry` (1 for the first).
    fn delay(&self, retry: u32) -> Duration {
        let cap = self
            .config
            .base_delay
            .saturating_mul(1 << retry.saturating_sub(1).min(30))
            .min(self.config.max_delay);
        cap.mul_f64((self.random)().clamp(0.0, 1.0))
    }
}

impl<T: Transport> Transport for Retry<T> {
    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let mut spent = 0;
        let mut attempt = 1;
        loop {
            let result = self.inner.send(copy(&request)).await;
            let failure = match &result {
                Ok(response) => classify(response),
                Err(_) => Some(Failure::Transport),
            };
            let Some(failure) = failure else {
                self.give(if spent > 0 { spent } else { 1 });
                return result;
            };
            let cost = if failure == Failure::Transport {
                TRANSPORT_FAILURE_COST
            } else {
                RETRY_COST
            };
            if attempt >= self.config.max_attempts || !self.take(cost) {
                return result;
            }
            spent = cost;
            (self.sleep)(self.delay(attempt)).await;
            attempt += 1;
        }
    }
}

/// A copy of a request for another attempt: method, URI, version, headers,
/// body, and the extensions the runtime sets (the host prefix and the
/// authentication schemes).
fn copy(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut out = http::Request::new(request.body().clone());
    *out.method_mut() = request.method().clone();
    *out.uri_mut() = request.uri().clone();
    *out.version_mut() = request.version();
    *out.headers_mut() = request.headers().clone();
    if let Some(p) = request.extensions().get::<HostPrefix>() {
        out.extensions_mut().insert(p.clone());
    }
    if let Some(a) = request.extensions().get::<AuthSchemes>() {
        out.extensions_mut().insert(*a);
    }
    out
}

/// Sleeps on a timer thread, so that no particular async runtime is needed.
fn thread_sleep(d: Duration) -> Sleep {
    struct Shared {
        done: bool,
        waker: Option<std::task::Waker>,
    }
    struct Timer(Arc<Mutex<Shared>>);
    impl Future for Timer {
        type Output = ();
        fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
            let mut s = self.0.lock().unwrap_or_else(|p| p.into_inner());
            if s.done {
                std::task::Poll::Ready(())
            } else {
                s.waker = Some(cx.waker().clone());
                std::task::Poll::Pending
            }
        }
    }
    let shared = Arc::new(Mutex::new(Shared {
        done: false,
        waker: None,
    }));
    let thread_side = shared.clone();
    std::thread::spawn(move || {
        std::thread::sleep(d);
        let mut s = thread_side.lock().unwrap_or_else(|p| p.into_inner());
        s.done = true;
        if let Some(w) = s.waker.take() {
            w.wake();
        }
    });
    Box::pin(Timer(shared))
}

/// A number in `[0, 1)` from the operating system's randomness.
fn random_unit() -> f64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        return 0.5;
    }
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}
