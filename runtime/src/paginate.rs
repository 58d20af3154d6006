//! Walking paged list operations as a stream of pages or of items.
//!
//! A [`Paginator`] wraps a closure that fetches one page by number and returns its
//! items with the total count (when the operation reports one, e.g. `TotalCount`).
//! Pages are fetched lazily, one at a time, starting at page 1 (configurable). The walk
//! stops after the page that brings the items seen to the total count, after a page
//! shorter than the page size (when it is known), at an empty page (not yielded), or at
//! the first error. A guard stops runaway walks after `max_pages` pages with
//! [`PageError::TooManyPages`].
//!
//! A paged operation's request implements [`Paged`]; [`RequestPaginator`] walks its
//! pages through a [`Client`] (each page one call: paced, signed and retried). The
//! generated builders' `into_paginator()` returns one.
//!
//! The streams are not `Unpin`: pin them (`std::pin::pin!`) before calling `next()`.

use std::fmt;
use std::future::Future;

use futures_core::Stream;
use futures_util::{stream, TryStreamExt as _};

use crate::client::{Client, Operation};
use crate::error::SdkError;
use crate::wire::BuildError;

/// The default page guard: at most this many pages per walk.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

/// One fetched page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// Its page number.
    pub number: u32,
    /// Its items.
    pub items: Vec<T>,
    /// The total count the service reported with it, if any.
    pub total_count: Option<u64>,
}

/// Why a walk ended early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageError<E> {
    /// Fetching a page failed.
    Fetch(E),
    /// There were still pages after `max_pages` pages.
    TooManyPages {
        /// The guard.
        max_pages: u32,
    },
}

/// This level only; a failed fetch's error is the `source()`.
impl<E> fmt::Display for PageError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageError::Fetch(_) => f.write_str("fetching a page failed"),
            PageError::TooManyPages { max_pages } => write!(
                f,
                "stopped after {max_pages} pages with more to come (raise Paginator::max_pages)"
            ),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for PageError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PageError::Fetch(e) => Some(e),
            PageError::TooManyPages { .. } => None,
        }
    }
}

/// Turns a page-fetching closure into streams; see the module docs.
#[derive(Debug, Clone)]
pub struct Paginator<F> {
    fetch: F,
    first_page: u32,
    page_size: Option<u32>,
    max_pages: u32,
}

/// The walk's progress.
struct State<F> {
    fetch: F,
    next: u32,
    page_size: Option<u32>,
    max_pages: u32,
    fetched: u32,
    seen: u64,
    done: bool,
}

impl<F, Fut, T, E> Paginator<F>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<u64>), E>>,
{
    /// A paginator over `fetch(page_number)`, which returns the page's items and the
    /// total count if known.
    pub fn new(fetch: F) -> Self {
        Paginator {
            fetch,
            first_page: 1,
            page_size: None,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// The number of the first page (default 1).
    pub fn first_page(mut self, number: u32) -> Self {
        self.first_page = number;
        self
    }

    /// The page size asked for: a shorter page is the last one.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// The most pages to fetch (default [`DEFAULT_MAX_PAGES`]).
    pub fn max_pages(mut self, max: u32) -> Self {
        self.max_pages = max;
        self
    }

    /// The pages, in order.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, PageError<E>>> {
        let state = State {
            fetch: self.fetch,
            next: self.first_page,
            page_size: self.page_size,
            max_pages: self.max_pages,
            fetched: 0,
            seen: 0,
            done: false,
        };
        stream::unfold(state, step)
    }

    /// The items of all pages, in order.
    pub fn items(self) -> impl Stream<Item = Result<T, PageError<E>>> {
        self.pages()
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
    }
}

/// A paged request: one that asks for a page by number and whose response holds a
/// page of items and the total count. The generated crate implements it for every
/// operation with `PageNumber`, `PageSize` and a `TotalCount` beside its list.
pub trait Paged: Operation + Clone {
    /// One item of a page.
    type Item;
    /// Asks for page `number` (1-based).
    fn set_page_number(&mut self, number: u32);
    /// The page size asked for, if set.
    fn page_size(&self) -> Option<u32>;
    /// A response's items and total count.
    fn into_page(response: Self::Response) -> (Vec<Self::Item>, Option<u64>);
}

/// The integer types of page numbers, page sizes and total counts on the wire.
pub trait PageInt: Copy {
    /// A page number as this type (saturating).
    fn from_page(number: u32) -> Self;
    /// A page size of this type, when it fits.
    fn to_page(self) -> Option<u32>;
    /// A total count of this type, when it is not negative.
    fn to_total(self) -> Option<u64>;
}

impl PageInt for i32 {
    fn from_page(number: u32) -> Self {
        i32::try_from(number).unwrap_or(i32::MAX)
    }
    fn to_page(self) -> Option<u32> {
        u32::try_from(self).ok()
    }
    fn to_total(self) -> Option<u64> {
        u64::try_from(self).ok()
    }
}

impl PageInt for i64 {
    fn from_page(number: u32) -> Self {
        i64::from(number)
    }
    fn to_page(self) -> Option<u32> {
        u32::try_from(self).ok()
    }
    fn to_total(self) -> Option<u64> {
        u64::try_from(self).ok()
    }
}

/// A response's total count, when it has a usable one.
pub fn total<T: PageInt>(value: Option<T>) -> Option<u64> {
    value.and_then(PageInt::to_total)
}

/// The pages of a paged request sent with a client; see the module docs. Nothing is
/// sent until a stream is polled.
#[must_use = "a paginator does nothing until its `pages()` or `items()` stream is polled"]
#[derive(Debug, Clone)]
pub struct RequestPaginator<R> {
    client: Client,
    request: Result<R, BuildError>,
    max_pages: u32,
}

impl<R: Paged> RequestPaginator<R> {
    /// A paginator sending `request` with `client`; a request that could not be built
    /// fails the first page with [`SdkError::Build`] (nothing is sent).
    pub fn new(client: Client, request: Result<R, BuildError>) -> Self {
        RequestPaginator {
            client,
            request,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// The most pages to fetch (default [`DEFAULT_MAX_PAGES`]); more ends the walk with
    /// [`PageError::TooManyPages`].
    pub fn max_pages(mut self, max: u32) -> Self {
        self.max_pages = max;
        self
    }

    /// The pages, in order. A call that fails ends the stream with [`PageError::Fetch`].
    pub fn pages(self) -> impl Stream<Item = Result<Page<R::Item>, PageError<SdkError<R::Error>>>> {
        let page_size = self.request.as_ref().ok().and_then(Paged::page_size);
        let RequestPaginator {
            client,
            request,
            max_pages,
        } = self;
        let fetch = move |number| fetch_page(client.clone(), request.clone(), number);
        let walker = Paginator::new(fetch).max_pages(max_pages);
        match page_size {
            Some(size) => walker.page_size(size),
            None => walker,
        }
        .pages()
    }

    /// The items of all pages, in order; errors as for [`Self::pages`].
    pub fn items(self) -> impl Stream<Item = Result<R::Item, PageError<SdkError<R::Error>>>> {
        self.pages()
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
    }
}

/// Fetches page `number`: its items and the total count.
async fn fetch_page<R: Paged>(
    client: Client,
    request: Result<R, BuildError>,
    number: u32,
) -> Result<(Vec<R::Item>, Option<u64>), SdkError<R::Error>> {
    let mut request = request?;
    request.set_page_number(number);
    Ok(R::into_page(client.call(&request).await?))
}

/// Fetches the next page, or ends the walk.
async fn step<F, Fut, T, E>(
    mut state: State<F>,
) -> Option<(Result<Page<T>, PageError<E>>, State<F>)>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<u64>), E>>,
{
    if state.done {
        return None;
    }
    if state.fetched >= state.max_pages {
        state.done = true;
        let error = PageError::TooManyPages {
            max_pages: state.max_pages,
        };
        return Some((Err(error), state));
    }
    let number = state.next;
    let (items, total_count) = match (state.fetch)(number).await {
        Ok(page) => page,
        Err(e) => {
            state.done = true;
            return Some((Err(PageError::Fetch(e)), state));
        }
    };
    if items.is_empty() {
        return None;
    }
    state.fetched += 1;
    state.seen += items.len() as u64;
    state.next = number.saturating_add(1);
    let reached_total = total_count.is_some_and(|total| state.seen >= total);
    let short = state
        .page_size
        .is_some_and(|size| (items.len() as u64) < u64::from(size));
    state.done = reached_total || short;
    let page = Page {
        number,
        items,
        total_count,
    };
    Some((Ok(page), state))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt as _;
    use std::pin::pin;

    type Fetched = std::future::Ready<Result<(Vec<u32>, Option<u64>), String>>;

    /// Pages of `size` over 0..total, reporting the total when `report_total`.
    fn source(total: u32, size: u32, report_total: bool) -> impl FnMut(u32) -> Fetched {
        move |page| {
            let start = (page - 1) * size;
            let items: Vec<u32> = (start..total.min(start + size)).collect();
            std::future::ready(Ok((items, report_total.then_some(u64::from(total)))))
        }
    }

    async fn collect<S: Stream>(s: S) -> Vec<S::Item> {
        let mut s = pin!(s);
        let mut out = Vec::new();
        while let Some(item) = s.next().await {
            out.push(item);
        }
        out
    }

    #[tokio::test]
    async fn stops_at_total_count() {
        let calls = std::cell::Cell::new(0);
        let fetch = |page| {
            calls.set(calls.get() + 1);
            source(10, 5, true)(page)
        };
        let pages = collect(Paginator::new(fetch).pages()).await;
        assert_eq!(pages.len(), 2);
        assert_eq!(
            calls.get(),
            2,
            "no extra request after the total is reached"
        );
    }

    #[tokio::test]
    async fn stops_at_short_or_empty_page() {
        let items = collect(Paginator::new(source(7, 3, false)).page_size(3).items()).await;
        let items: Vec<u32> = items.into_iter().map(|r| r.expect("ok")).collect();
        assert_eq!(items, (0..7).collect::<Vec<_>>());
        let pages = collect(Paginator::new(source(6, 3, false)).pages()).await;
        assert_eq!(pages.len(), 2, "the empty third page is not yielded");
    }

    #[tokio::test]
    async fn guard_and_errors_end_the_walk() {
        let endless = |page: u32| std::future::ready(Ok::<_, String>((vec![page], None)));
        let pages = collect(Paginator::new(endless).max_pages(3).pages()).await;
        assert_eq!(pages.len(), 4);
        assert_eq!(pages[3], Err(PageError::TooManyPages { max_pages: 3 }));

        let failing = |page: u32| {
            std::future::ready(if page == 2 {
                Err("boom".to_owned())
            } else {
                Ok((vec![page], None))
            })
        };
        let items = collect(Paginator::new(failing).items()).await;
        assert_eq!(items, [Ok(1), Err(PageError::Fetch("boom".to_owned()))]);
    }

    #[tokio::test]
    async fn first_page_can_be_zero() {
        let zero_based = |page: u32| std::future::ready(Ok::<_, String>((vec![page; 2], Some(4))));
        let pages = collect(Paginator::new(zero_based).first_page(0).pages()).await;
        let numbers: Vec<u32> = pages.into_iter().map(|p| p.expect("ok").number).collect();
        assert_eq!(numbers, [0, 1]);
    }
}
