//! Lists every file of a DataWorks project, however many pages that takes: the
//! `ListFiles` builder's `into_paginator()` sends `PageNumber` 1, 2, ... until
//! `TotalCount` files have been seen, as a stream of files (`items()`) or of pages
//! (`pages()`).
//!
//! ```text
//! cargo run -p dataworks-examples --example paginate_files -- PROJECT_ID
//! cargo run -p dataworks-examples --example paginate_files -- PROJECT_ID --keyword ods --page-size 100
//! cargo run -p dataworks-examples --example paginate_files -- PROJECT_ID --pages --max-pages 5
//! ```
//!
//! `--keyword` and `--folder` filter on the service's side (`Keyword`,
//! `FileFolderPath`); `--max-pages` is the paginator's guard against endless walks.
//! Credentials, `DATAWORKS_REGION` and `DATAWORKS_ENDPOINT` as for the other examples
//! (`--help` lists them).

use std::pin::pin;
use std::process::ExitCode;

use dataworks_examples::paginate_files::Args;
use dataworks_public::data_development::list_files::File;
use dataworks_public::data_development::{ListFilesError, ListFilesRequestBuilder};
use dataworks_public::prelude::*;
use dataworks_public::runtime::paginate::PageError;
use dataworks_public::runtime::DisplayErrorContext;
use futures_util::TryStreamExt as _;

/// What ending a walk early can fail with: a `ListFiles` call, or the page guard.
type WalkError = PageError<SdkError<ListFilesError>>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Args = match dataworks_examples::args_or_exit() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let client = match dataworks_examples::client_from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: cannot configure the client: {e}");
            return ExitCode::FAILURE;
        }
    };
    let walk = if args.by_page {
        list_pages(&client, args).await
    } else {
        list_files(&client, args).await
    };
    match walk {
        Ok(()) => ExitCode::SUCCESS,
        Err(PageError::TooManyPages { max_pages }) => {
            eprintln!(
                "error: stopped after {max_pages} pages with more to come (raise --max-pages)"
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {}", DisplayErrorContext(&e));
            ExitCode::FAILURE
        }
    }
}

/// The request: the project, the filters and the page size (the paginator sets
/// `PageNumber` itself).
fn request(client: &Client, args: Args) -> ListFilesRequestBuilder<Client> {
    client
        .list_files()
        .project_id(args.project_id)
        .page_size(args.page_size)
        .set_keyword(args.keyword)
        .set_file_folder_path(args.folder)
}

/// One line per file, then the total.
async fn list_files(client: &Client, args: Args) -> Result<(), WalkError> {
    let max_pages = args.max_pages;
    let files = request(client, args)
        .into_paginator()
        .max_pages(max_pages)
        .items();
    // The stream is not `Unpin`: pin it to poll it.
    let mut files = pin!(files);
    let mut count = 0u64;
    println!("{:>12}  {:>5}  NAME", "FILE ID", "TYPE");
    while let Some(file) = files.try_next().await? {
        print_file(&file);
        count += 1;
    }
    println!("{count} file(s)");
    Ok(())
}

/// One line per page: its number, how many files it holds, the total the service
/// reports.
async fn list_pages(client: &Client, args: Args) -> Result<(), WalkError> {
    let max_pages = args.max_pages;
    let pages = request(client, args)
        .into_paginator()
        .max_pages(max_pages)
        .pages();
    let mut pages = pin!(pages);
    while let Some(page) = pages.try_next().await? {
        let total = page.total_count.map_or("?".to_owned(), |t| t.to_string());
        println!(
            "page {}: {} file(s) of {total}",
            page.number,
            page.items.len()
        );
    }
    Ok(())
}

fn print_file(file: &File) {
    let id = file.file_id.map_or("?".to_owned(), |id| id.to_string());
    let file_type = file.file_type.map_or("?".to_owned(), |t| t.to_string());
    let name = file.file_name.as_deref().unwrap_or("(no name)");
    println!("{id:>12}  {file_type:>5}  {name}");
}
